import os from 'node:os';
import { UserError } from '../errors.js';
import { KNOWN_ARCHITECTURES, normalize } from '../platform/platform.js';
import { isPlainHttp } from '../registry/transport.js';
import { DockerEngine } from './docker.js';
import type { DaemonFacts } from './engine.js';

interface PodmanInfo {
  host?: { arch?: string; os?: string; kernel?: string; hostname?: string };
}

/** Podman through its docker-compatible CLI; only `info` and pull options differ. */
export class PodmanEngine extends DockerEngine {
  constructor(env: NodeJS.ProcessEnv = process.env, globalArgs: string[] = []) {
    super('podman', env, globalArgs);
  }

  override async daemon(): Promise<DaemonFacts> {
    const { stdout } = await this.docker(['info', '--format', 'json']);
    let info: PodmanInfo;
    try {
      info = JSON.parse(stdout);
    } catch {
      throw new UserError('"podman info" printed something that is not JSON');
    }
    return podmanFacts(info);
  }

  /** Podman's API differs from Docker's: always go through its CLI. */
  protected override socket(): string | undefined {
    return undefined;
  }

  protected override pullOptions(reference: string): string[] {
    const host = reference.split('/')[0] ?? '';
    return reference.includes('/') && isPlainHttp(host) ? ['--tls-verify=false'] : [];
  }
}

/** Turns `podman info` into the facts xrun needs (pure, for tests on captured output). */
export function podmanFacts(info: PodmanInfo): DaemonFacts {
  const host = info.host ?? {};
  const sharesKernel = host.kernel === os.release() && host.hostname === os.hostname();
  let platform = normalize({
    os: host.os || 'linux',
    architecture: host.arch || 'unknown',
  });
  const known = (KNOWN_ARCHITECTURES as readonly string[]).includes(
    platform.architecture,
  );
  if (!known && sharesKernel)
    platform = normalize({ os: 'linux', architecture: os.machine() });
  return { platform, sharesKernel, desktop: false, insecureRegistries: [] };
}
