import os from 'node:os';
import { UserError } from '../errors.js';
import { isObject, stringOf, stringsOf } from '../json.js';
import { KNOWN_ARCHITECTURES, normalize } from '../platform/platform.js';
import type { DaemonFacts } from './engine.js';

/** What the daemon's /info (or `docker info`) says went wrong: the CLI's way of saying it is down. */
export function serverErrors(info: unknown): string[] {
  return isObject(info) ? stringsOf(info.ServerErrors) : [];
}

/**
 * Turns /info into the facts xrun needs (pure, for tests on captured output).
 * A field of another type counts as absent. A daemon on this kernel that
 * names no known architecture is read from our uname; any other daemon that
 * names none is not answering as a Docker daemon.
 */
export function daemonFacts(info: unknown, env: NodeJS.ProcessEnv): DaemonFacts {
  const fields = isObject(info) ? info : {};
  const remote = /^(tcp|ssh|http|https):/.test(env.DOCKER_HOST ?? '');
  const sharesKernel =
    !remote &&
    stringOf(fields.KernelVersion) === os.release() &&
    (stringOf(fields.Name) ?? '') === os.hostname();
  const architecture = stringOf(fields.Architecture) ?? '';
  if (!architecture && !sharesKernel) {
    throw new UserError(
      "the Docker daemon's answer to /info does not say its architecture: " +
        'check that DOCKER_HOST names a Docker daemon',
    );
  }
  let platform = normalize({
    os: stringOf(fields.OSType) || 'linux',
    architecture: architecture || 'unknown',
  });
  const known = (KNOWN_ARCHITECTURES as readonly string[]).includes(
    platform.architecture,
  );
  if (!known && sharesKernel)
    platform = normalize({ os: 'linux', architecture: os.machine() });
  return {
    platform,
    sharesKernel,
    desktop: /docker desktop/i.test(stringOf(fields.OperatingSystem) ?? ''),
    insecureRegistries: insecureRegistries(fields.RegistryConfig),
  };
}

/** Registries marked Secure: false, then the insecure CIDR ranges. */
function insecureRegistries(config: unknown): string[] {
  if (!isObject(config)) return [];
  const indexes = isObject(config.IndexConfigs) ? Object.values(config.IndexConfigs) : [];
  const named = indexes.flatMap((c) =>
    isObject(c) && c.Secure === false && stringOf(c.Name) ? [c.Name as string] : [],
  );
  return named.concat(stringsOf(config.InsecureRegistryCIDRs));
}
