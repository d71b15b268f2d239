import { UserError } from '../errors.js';
import { log } from '../log.js';
import { BINFMT_DIR, tableOf } from './binfmt.js';
import type { EmulationBackend, Snapshot } from './backend.js';
import { KernelRefusal } from './backend.js';
import { elfFacts, type ElfFacts } from './elf.js';
import { canProbe, NOEXEC_CODE, verdictOf, type ProbeResult } from './probe.js';
import { probeElf } from './probe-elf.js';
import type { QemuProfile } from './profiles.js';

/** The helper image used unless XRUN_HELPER_IMAGE names another. */
export const DEFAULT_HELPER_IMAGE = 'xrun-binfmt-helper:latest';

/** What the helper needs: mount binfmt_misc and write to it, nothing else. */
const RUN_FLAGS = [
  '--rm',
  '--network=none',
  '--cap-add=SYS_ADMIN',
  '--security-opt=apparmor=unconfined',
  '--security-opt=label=disable',
];

/** Splits the helper's `list` output into the kernel release and a table (pure). */
export function parseListing(text: string): Pick<Snapshot, 'table' | 'kernel'> {
  let kernel = '';
  let status = 'enabled';
  const texts: Array<[string, string]> = [];
  let current: [string, string[]] | undefined;
  const flush = () => {
    if (!current) return;
    const [name, lines] = current;
    if (name === 'status') status = lines.join('\n');
    else texts.push([name, lines.join('\n')]);
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('--- ')) {
      flush();
      current = [line.slice(4), []];
    } else if (current) current[1].push(line);
    else if (line.startsWith('kernel ')) kernel = line.slice(7).trim();
  }
  flush();
  return { kernel, table: tableOf(status, texts) };
}

/** binfmt_misc of the Docker daemon's kernel, through the helper image's commands. */
export class ContainerBackend implements EmulationBackend {
  readonly kind = 'container';
  readonly dir = BINFMT_DIR;
  readonly probes = true;
  readonly where: string;
  readonly target: string;

  constructor(
    readonly image: string,
    private readonly program = 'docker',
    private readonly env: NodeJS.ProcessEnv = process.env,
    /** Options before the engine's command, such as `--context NAME`. */
    private readonly globalArgs: string[] = [],
  ) {
    this.where = `the daemon's kernel (through helper image ${image})`;
    const context = globalArgs.join(' ') || env.DOCKER_CONTEXT;
    this.target = `${program}:${env.DOCKER_HOST || context || 'default'}`;
  }

  async snapshot(): Promise<Snapshot> {
    const result = await this.helper(['list']);
    if (result.exitCode === 4) {
      return {
        mount: { state: 'unsupported' },
        table: { state: 'missing', entries: [] },
        kernel: '',
      };
    }
    this.check(result, 'list');
    return { mount: { state: 'mounted' }, ...parseListing(result.text) };
  }

  async mount(): Promise<void> {
    const { mount } = await this.snapshot();
    if (mount.state !== 'mounted') {
      throw new UserError(
        "the Docker daemon's kernel has no binfmt_misc: emulation cannot be set up there",
      );
    }
  }

  async register(line: string): Promise<void> {
    log('binfmt', `register through ${this.image}: ${line}`);
    this.check(await this.helper(['register', line]), 'register');
  }

  async remove(name: string): Promise<void> {
    this.check(await this.helper(['remove', name]), 'remove');
  }

  async inspect(file: string): Promise<ElfFacts | undefined> {
    const result = await this.helper(['head', file], true);
    if (result.exitCode === 2) return undefined;
    this.check(result, 'head');
    return elfFacts(result.bytes);
  }

  async probe(profiles: QemuProfile[]): Promise<Record<string, ProbeResult>> {
    const list = profiles.filter(canProbe);
    const specs = list.map((p) => `${p.architecture}=${probeElf(p).toString('base64')}`);
    const result = await this.helper(['probe', ...specs]);
    this.check(result, 'probe');
    const results: Record<string, ProbeResult> = {};
    for (const line of result.text.split('\n')) {
      const [arch, code] = line.trim().split(' ');
      if (arch && code)
        results[arch] = verdictOf(code === 'noexec' ? NOEXEC_CODE : Number(code));
    }
    return results;
  }

  needsRoot(): boolean {
    return false;
  }

  /** Runs one helper command; stdout as text, or as bytes for `head`. */
  private async helper(args: string[], binary = false) {
    const argv = [...this.globalArgs, 'run', ...RUN_FLAGS, this.image, ...args];
    log(
      'engine',
      `${this.program} ${argv.map((a) => (a.length > 60 ? '...' : a)).join(' ')}`,
    );
    const { execa } = await import('execa');
    const result = await execa(this.program, argv, {
      env: this.env,
      reject: false,
      stdin: 'ignore',
      encoding: 'buffer',
    });
    const bytes = Buffer.from(result.stdout as Uint8Array);
    const stderr = Buffer.from(result.stderr as Uint8Array)
      .toString('utf8')
      .trim();
    return {
      exitCode: result.exitCode ?? -1,
      bytes,
      text: binary ? '' : bytes.toString(),
      stderr,
    };
  }

  /** Turns a helper failure into a kernel refusal or a one-line user error. */
  private check(result: { exitCode: number; stderr: string }, what: string): void {
    if (result.exitCode === 0) return;
    const refused = /^refused (\w+) ?(.*)$/m.exec(result.stderr);
    if (result.exitCode === 3 && refused) {
      throw new KernelRefusal(refused[1] ?? 'EIO', refused[2] ?? '');
    }
    const last =
      result.stderr.split('\n').filter(Boolean).pop() ?? `exit ${result.exitCode}`;
    if (
      /unable to find image|pull access denied|not found: manifest unknown/i.test(
        result.stderr,
      )
    ) {
      throw new UserError(
        `the binfmt helper image ${this.image} is not on the daemon: build it with ` +
          'scripts/binfmt-helper/build.sh or set XRUN_HELPER_IMAGE to one that is',
      );
    }
    throw new UserError(`the binfmt helper ${this.image} failed to ${what}: ${last}`);
  }
}
