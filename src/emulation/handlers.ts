import { access, constants, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { UserError } from '../errors.js';
import { log } from '../log.js';
import {
  BINFMT_DIR,
  covers,
  readTable,
  registrationLine,
  type BinfmtEntry,
  type BinfmtTable,
} from './binfmt.js';
import { readElf } from './elf.js';
import type { EmulatorCandidate, QemuProfile } from './profiles.js';

/** Whether containers of a profile's platform can run through binfmt right now. */
export type HandlerStatus =
  | { state: 'working'; entry: BinfmtEntry }
  | { state: 'broken'; entry: BinfmtEntry; problem: string }
  | { state: 'missing' };

/** The first entry covering the profile's ELF header, judged for use in containers. */
export function handlerStatus(profile: QemuProfile, table: BinfmtTable): HandlerStatus {
  const entry = table.entries.find((e) => covers(e, profile.magic));
  if (!entry) return { state: 'missing' };
  if (table.state === 'ok' && !table.enabled) {
    return { state: 'broken', entry, problem: 'binfmt_misc is disabled as a whole' };
  }
  if (!entry.enabled)
    return { state: 'broken', entry, problem: `handler ${entry.name} is disabled` };
  if (!entry.flags.includes('F')) {
    return {
      state: 'broken',
      entry,
      problem: `handler ${entry.name} lacks the F flag, so containers cannot reach its interpreter`,
    };
  }
  return { state: 'working', entry };
}

/** The first installed, statically linked emulator of a profile. */
export async function findEmulator(
  profile: QemuProfile,
): Promise<{ emulator?: EmulatorCandidate; refused: string[] }> {
  const refused: string[] = [];
  for (const candidate of profile.emulators) {
    try {
      await access(candidate.path, constants.X_OK);
    } catch {
      continue;
    }
    const elf = await readElf(candidate.path);
    if (!elf.isElf) refused.push(`${candidate.path} is not an ELF program`);
    else if (elf.interpreter) {
      refused.push(`${candidate.path} is dynamically linked (needs ${elf.interpreter})`);
    } else return { emulator: candidate, refused };
  }
  return { refused };
}

/** Mounts binfmt_misc at its usual place when the kernel has it but nothing is mounted. */
export async function ensureMounted(dir: string): Promise<void> {
  if ((await readTable(dir)).state === 'ok') return;
  if (dir !== BINFMT_DIR) {
    throw new UserError(`binfmt_misc is not available at ${dir}: mount it there first`);
  }
  const filesystems = await readFile('/proc/filesystems', 'utf8').catch(() => '');
  if (!/\bbinfmt_misc\b/.test(filesystems)) {
    throw new UserError(
      'this kernel has no binfmt_misc: load it with "modprobe binfmt_misc" or use a kernel with it',
    );
  }
  const result = await execa('mount', ['-t', 'binfmt_misc', 'binfmt_misc', dir], {
    reject: false,
  });
  if (result.exitCode !== 0) {
    throw new UserError(
      `binfmt_misc is not mounted and mounting it failed: as root run ` +
        `"mount -t binfmt_misc binfmt_misc ${dir}"`,
    );
  }
  log('binfmt', `mounted binfmt_misc at ${dir}`);
}

export interface RegisterOptions {
  dir?: string;
  /** Add the C flag (setuid programs work; the emulator runs with their credentials). */
  credentials?: boolean;
}

/** Registers a profile's handler from the host's static emulator and checks it took. */
export async function registerHandler(
  profile: QemuProfile,
  options: RegisterOptions = {},
) {
  const dir = options.dir ?? BINFMT_DIR;
  const { emulator, refused } = await findEmulator(profile);
  if (!emulator) {
    const why = refused.length > 0 ? `${refused.join('; ')}; ` : '';
    throw new UserError(
      `no static qemu emulator for ${profile.architecture}: ${why}` +
        'install one with "apt-get install qemu-user-static"',
    );
  }
  await ensureMounted(dir);
  const flags = `${emulator.preserveArgv0 ? 'P' : ''}${options.credentials === false ? '' : 'OC'}F`;
  const line = registrationLine({
    ...profile,
    name: profile.handler,
    interpreter: emulator.path,
    flags,
  });
  log('binfmt', `register ${line}`);

  try {
    await writeFile(path.join(dir, 'register'), line);
  } catch (error) {
    await explainRefusal(error, profile, dir);
  }
  const status = handlerStatus(profile, await readTable(dir));
  if (status.state !== 'working') {
    throw new UserError(
      `registered ${profile.handler} but it does not work: ${describe(status)}`,
    );
  }
  return { line, entry: status.entry };
}

async function explainRefusal(
  error: unknown,
  profile: QemuProfile,
  dir: string,
): Promise<void> {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EEXIST') {
    const status = handlerStatus(profile, await readTable(dir));
    if (status.state === 'working') return;
    throw new UserError(
      `a binfmt handler named ${profile.handler} already exists: ` +
        `remove it with "echo -1 > ${dir}/${profile.handler}" or keep it`,
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    throw new UserError(
      `registering a binfmt handler needs root: run "sudo xrun emulate ${profile.architecture}"`,
    );
  }
  throw new UserError(
    `the kernel refused the ${profile.handler} handler (${code ?? 'error'}): ` +
      'check the profile magic and that the emulator path exists',
    125,
    { cause: error },
  );
}

/** One phrase for a handler's state. */
export function describe(status: HandlerStatus): string {
  if (status.state === 'working') return `${status.entry.name} is registered`;
  if (status.state === 'broken') return status.problem;
  return 'no handler is registered';
}
