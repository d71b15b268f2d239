import {
  handlerStatus,
  findEmulator,
  type HandlerStatus,
} from '../emulation/handlers.js';
import { BINFMT_DIR, readTable } from '../emulation/binfmt.js';
import { loadProfiles, profileFor } from '../emulation/profiles.js';
import type { DaemonFacts, Engine } from '../engine/engine.js';
import { UserError } from '../errors.js';
import { log } from '../log.js';
import { fitOf } from '../platform/compat.js';
import { samePlatform, type Platform } from '../platform/platform.js';
import type { Facts } from '../plan/types.js';
import { dockerConfigDir } from '../registry/credentials.js';
import { resolveRemote } from '../registry/resolve.js';
import type { Reference } from '../reference/reference.js';

export interface GatherInput {
  engine: Engine;
  daemon: DaemonFacts;
  image: string;
  ref: Reference;
  requested?: Facts['requested'];
  env: NodeJS.ProcessEnv;
  binfmtDir?: string;
  /** Ask the registry even when the local image would do (inspect). */
  alwaysRemote?: boolean;
}

/** Collects the facts a plan needs, asking the registry only when the local image will not do. */
export async function gather(input: GatherInput): Promise<Facts> {
  const { engine, daemon, ref, requested, env } = input;
  const profiles = loadProfiles();
  const facts: Facts = {
    host: daemon.platform,
    emulationHost: daemon.desktop
      ? 'desktop'
      : daemon.sharesKernel
        ? 'local-kernel'
        : 'remote',
    profiles,
    handlers: {},
    emulators: {},
  };
  if (requested) facts.requested = requested;

  const local = await engine.localImage(input.image);
  if (local) facts.local = local.platform;
  if (
    local &&
    !input.alwaysRemote &&
    localWillDo(daemon.platform, local.platform, requested?.platform)
  ) {
    log('plan', 'the local image fits: no registry look-up');
    return facts;
  }

  try {
    facts.remote = await resolveRemote(ref, {
      configDir: dockerConfigDir(env),
      insecure: daemon.insecureRegistries,
      timeoutMs: Number(env.XRUN_REGISTRY_TIMEOUT_MS) || undefined,
    });
  } catch (error) {
    if (!(error instanceof UserError) || !local || input.alwaysRemote) throw error;
    facts.remoteError = error.message;
  }
  if (facts.emulationHost === 'local-kernel') await readEmulation(facts, input.binfmtDir);
  return facts;
}

function localWillDo(host: Platform, local: Platform, requested?: Platform): boolean {
  if (requested)
    return samePlatform(local, requested) && fitOf(host, local).fit !== 'foreign';
  return fitOf(host, local).fit !== 'foreign';
}

/** Reads the binfmt table and finds emulators for the foreign platforms on offer. */
async function readEmulation(facts: Facts, dir = BINFMT_DIR): Promise<void> {
  const platforms = [
    ...(facts.remote?.platforms.map((e) => e.platform) ?? []),
    ...(facts.local ? [facts.local] : []),
  ].filter((p) => fitOf(facts.host, p).fit === 'foreign');
  if (platforms.length === 0) return;
  const table = await readTable(dir);
  for (const platform of platforms) {
    const profile = profileFor(platform, facts.profiles);
    if (!profile || profile.architecture in facts.handlers) continue;
    const status: HandlerStatus = handlerStatus(profile, table);
    facts.handlers[profile.architecture] = status;
    if (status.state !== 'working') {
      facts.emulators[profile.architecture] = (await findEmulator(profile)).emulator
        ?.path;
    }
  }
}
