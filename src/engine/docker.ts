import { UserError } from '../errors.js';
import { log } from '../log.js';
import { formatPlatform, normalize } from '../platform/platform.js';
import type { Platform } from '../platform/platform.js';
import { isObject, stringOf, stringsOf } from '../json.js';
import { daemonFacts, serverErrors } from './docker-info.js';
import type { DaemonFacts, Engine, LocalImage } from './engine.js';
import { onStopSignal, stoppedBy } from '../run/signals.js';
import { API_TIMEOUT_MS, apiGet, directSocket, type ApiReply } from './socket.js';

/** The docker CLI as the engine; DOCKER_HOST, DOCKER_CONTEXT and DOCKER_CONFIG apply. */
export class DockerEngine implements Engine {
  constructor(
    readonly program = 'docker',
    protected readonly env: NodeJS.ProcessEnv = process.env,
    /** Options before the command, such as `--context NAME`. */
    readonly globalArgs: string[] = [],
  ) {}

  async daemon(): Promise<DaemonFacts> {
    const socket = this.socket();
    const stdout = socket
      ? await this.api(socket, '/info').then((r) => r.body)
      : (await this.docker(['info', '--format', '{{json .}}'])).stdout;
    let info: unknown;
    try {
      info = JSON.parse(stdout);
    } catch {
      throw new UserError(
        socket
          ? `unix://${socket} answered /info with something that is not JSON: ` +
              'check that DOCKER_HOST names a Docker daemon'
          : `"${this.program} info" printed something that is not JSON: ` +
              `check that "${this.program}" is the Docker CLI`,
      );
    }
    const errors = serverErrors(info);
    if (errors.length) throw daemonDown(errors.join('; '));
    return daemonFacts(info, this.env);
  }

  async localImage(reference: string): Promise<LocalImage | undefined> {
    const socket = this.socket();
    let body: string;
    if (socket) {
      const reply = await this.api(
        socket,
        `/images/${encodeURI(reference)}/json`,
        [400, 404],
      );
      // 400: a name this daemon cannot hold (an IPv6 registry on 20.10), so not local.
      if (reply.status === 404 || reply.status === 400) return undefined;
      body = reply.body;
    } else {
      const args = ['image', 'inspect', '--format', '{{json .}}', reference];
      const result = await this.docker(args, false);
      if (result.exitCode !== 0) {
        if (
          /no such image|image not known|invalid reference format/i.test(result.stderr)
        ) {
          return undefined;
        }
        throw engineFailure(this.program, result.stderr);
      }
      body = result.stdout;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new UserError(
        `the Docker daemon's answer about the local image ${reference} is not JSON: ` +
          'check that DOCKER_HOST names a Docker daemon',
      );
    }
    const image = Array.isArray(parsed) ? parsed[0] : parsed;
    if (!isObject(image)) return undefined;
    const variant = stringOf(image.Variant);
    return {
      id: stringOf(image.Id) ?? '',
      platform: normalize({
        os: stringOf(image.Os),
        architecture: stringOf(image.Architecture) ?? '',
        ...(variant ? { variant } : {}),
      }),
      repoDigests: stringsOf(image.RepoDigests),
    };
  }

  async signal(container: string, signal: NodeJS.Signals): Promise<void> {
    await this.docker(['kill', '--signal', signal, container], false);
  }

  /** The daemon socket to ask directly instead of running the CLI, when that is the same. */
  protected socket(): string | undefined {
    return directSocket(this.env, this.globalArgs);
  }

  /** Extra pull options for a reference (podman needs TLS off for loopback registries). */
  protected pullOptions(_reference: string): string[] {
    return [];
  }

  async pull(reference: string, platform: Platform, progress: 'stderr' | 'quiet') {
    const options = [
      '--platform',
      formatPlatform(platform),
      ...this.pullOptions(reference),
    ];
    if (progress === 'quiet') options.push('--quiet');
    const args = [...this.globalArgs, 'pull', ...options, reference];
    log('engine', `${this.program} ${args.join(' ')}`);
    // docker draws progress bars when its stdout is a terminal: give it ours (stderr),
    // so xrun's stdout carries only the container's output.
    const { execa } = await import('execa');
    const child = execa(this.program, args, {
      env: this.env,
      reject: false,
      stdin: 'ignore',
      stdout: progress === 'stderr' ? process.stderr : 'ignore',
    });
    let stopped: NodeJS.Signals | undefined;
    const dispose = onStopSignal((signal) => {
      stopped = signal;
      child.kill('SIGTERM');
    });
    const result = await child.finally(dispose);
    if (stopped) throw stoppedBy(stopped, `the pull of ${reference}`);
    if (result.exitCode !== 0) {
      const why = lastLine(String(result.stderr)).replace(
        /^Error( response from daemon)?:\s*/i,
        '',
      );
      throw new UserError(
        `failed to pull ${formatPlatform(platform)} of ${reference}: ${why}`,
      );
    }
  }

  /** A GET on the Engine API; a daemon that does not answer is worded as the CLI would be. */
  private async api(
    socket: string,
    urlPath: string,
    expected: number[] = [],
  ): Promise<ApiReply> {
    log('engine', `GET unix://${socket}${urlPath}`);
    try {
      const reply = await apiGet(socket, urlPath);
      const ok = reply.status >= 200 && reply.status < 300;
      if (!ok && !expected.includes(reply.status)) {
        const how = reply.status >= 500 ? 'failed to answer' : 'refused';
        throw new UserError(
          `the Docker daemon ${how} ${urlPath} (HTTP ${reply.status}): ` +
            apiMessage(reply.body).trim(),
        );
      }
      return reply;
    } catch (error) {
      if (error instanceof UserError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') {
        throw engineFailure(
          this.program,
          `permission denied while connecting to unix://${socket}`,
        );
      }
      if (code === 'ETIMEDOUT') {
        throw new UserError(
          `the Docker daemon at unix://${socket} did not answer ${urlPath} within ` +
            `${API_TIMEOUT_MS / 1000} s: check that it is not stuck ("docker info")`,
        );
      }
      if (code === 'ECONNRESET') {
        throw new UserError(
          `the Docker daemon at unix://${socket} closed the connection before ` +
            `answering ${urlPath}: check that DOCKER_HOST names a Docker daemon`,
        );
      }
      if (code?.startsWith('HPE_')) {
        throw new UserError(
          `unix://${socket} does not answer as a Docker daemon (${code}): ` +
            'check that DOCKER_HOST names a Docker daemon',
        );
      }
      throw daemonDown(
        `Cannot connect to the Docker daemon at unix://${socket} (${code ?? error})`,
      );
    }
  }

  protected async docker(command: string[], reject = true) {
    const args = [...this.globalArgs, ...command];
    log('engine', `${this.program} ${args.join(' ')}`);
    const { execa } = await import('execa');
    try {
      const result = await execa(this.program, args, {
        env: this.env,
        reject: false,
        stdin: 'ignore',
      });
      if (reject && result.exitCode !== 0)
        throw engineFailure(this.program, result.stderr);
      return result;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new UserError(
          `"${this.program}" is not installed or not on PATH: install Docker ` +
            '(Debian: apt-get install docker.io) and try again',
        );
      }
      throw error;
    }
  }
}

function apiMessage(body: string): string {
  try {
    return (JSON.parse(body) as { message?: string }).message ?? body;
  } catch {
    return body;
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).pop() ?? '';
}

/** The daemon cannot be reached at all (as opposed to answering wrongly). */
export class DaemonDown extends UserError {
  constructor(readonly reason: string) {
    super(
      `the Docker daemon is not reachable (${reason}): start it, e.g. ` +
        '"systemctl start docker" (or "sudo dockerd &"), or check DOCKER_HOST',
    );
  }
}

function daemonDown(why: string): UserError {
  return new DaemonDown(why.replace(/\s+/g, ' ').trim());
}

export function engineFailure(program: string, stderr: string): UserError {
  const line = lastLine(stderr) || `${program} failed`;
  if (/cannot connect|is the docker daemon running|connection refused/i.test(stderr)) {
    return daemonDown(line);
  }
  if (/permission denied/i.test(stderr)) {
    return new UserError(
      `no permission to talk to the Docker daemon (${line}): ` +
        'add yourself to the docker group or run with sudo',
    );
  }
  return new UserError(line.replace(/^Error( response from daemon)?:\s*/i, ''));
}
