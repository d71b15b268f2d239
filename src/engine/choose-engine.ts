import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { DockerEngine } from './docker.js';
import type { Engine } from './engine.js';
import { PodmanEngine } from './podman.js';

/** Whether a program is on PATH. */
function onPath(program: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** docker unless --engine (or XRUN_ENGINE) says podman, or only podman is installed. */
export function chooseEngine(
  name: string | undefined,
  env: NodeJS.ProcessEnv,
  globalArgs: string[],
): Engine {
  const wanted = name ?? env.XRUN_ENGINE;
  if (wanted !== undefined && wanted !== 'docker' && wanted !== 'podman') {
    throw new UserError(`unknown engine "${wanted}": use docker or podman`);
  }
  const program =
    wanted ?? (onPath('docker', env) || !onPath('podman', env) ? 'docker' : 'podman');
  if (!onPath(program, env)) {
    throw new UserError(
      `"${program}" is not installed or not on PATH: install Docker ` +
        '(Debian: apt-get install docker.io) or Podman, then try again',
    );
  }
  return program === 'podman'
    ? new PodmanEngine(env, globalArgs)
    : new DockerEngine('docker', env, globalArgs);
}
