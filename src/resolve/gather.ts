import { BINFMT_DIR } from '../emulation/binfmt.js';
import { inspectHandlers } from '../emulation/handlers.js';
import { hostTraits } from '../emulation/verify.js';
import { loadProfiles, profileFor } from '../emulation/profiles.js';
import type { DaemonFacts, Engine, LocalImage } from '../engine/engine.js';
import { UserError } from '../errors.js';
import { log } from '../log.js';
import { fitOf } from '../platform/compat.js';
import { samePlatform, type Platform } from '../platform/platform.js';
import type { Facts } from '../plan/types.js';
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
  /** The local image, when already asked for (alongside the daemon's facts). */
  local?: Promise<LocalImage | undefined>;
}

/** The daemon's facts, and its answer about the local image (asked at the same time). */
export interface DaemonAnswers {
  daemon: DaemonFacts;
  local: Promise<LocalImage | undefined>;
}

/**
 * Asks the daemon for its facts and for the local image at once. The
 * daemon's own failure is the one reported; the image's answer waits in
 * `local`, whose failure is not reported until it is awaited.
 */
export async function askDaemon(engine: Engine, image: string): Promise<DaemonAnswers> {
  const local = engine.localImage(image);
  local.catch(() => undefined);
  return { daemon: await engine.daemon(), local };
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
  if (facts.emulationHost === 'local-kernel')
    facts.traits = await hostTraits(daemon.platform);

  const local = await (input.local ?? engine.localImage(input.image));
  if (local) facts.local = local.platform;
  if (local && !input.alwaysRemote && localWillDo(facts, local.platform)) {
    log('plan', 'the local image fits: no registry look-up');
    return facts;
  }

  try {
    // The registry client (and with it TLS) loads only when the registry is asked.
    const [{ resolveRemote }, { clientOptions }] = await Promise.all([
      import('../registry/resolve.js'),
      import('../registry/client.js'),
    ]);
    facts.remote = await resolveRemote(
      ref,
      clientOptions(env, daemon.insecureRegistries),
    );
  } catch (error) {
    // With a local copy, a registry that cannot answer is a note, not the end.
    if (!(error instanceof UserError) || !local) throw error;
    facts.remoteError = error.message;
  }
  if (facts.emulationHost === 'local-kernel') await readEmulation(facts, input.binfmtDir);
  return facts;
}

/** A local image runs as is when it fits the host and, if one was asked for, the platform. */
function localWillDo(facts: Facts, local: Platform): boolean {
  const requested = facts.requested?.platform;
  if (requested && !samePlatform(local, requested)) return false;
  return fitOf(facts.host, local, facts.traits).fit !== 'foreign';
}

/** Reads the binfmt table and finds emulators for the foreign platforms on offer. */
async function readEmulation(facts: Facts, dir = BINFMT_DIR): Promise<void> {
  const foreign = [
    ...(facts.remote?.platforms.map((e) => e.platform) ?? []),
    ...(facts.local ? [facts.local] : []),
  ].filter((p) => fitOf(facts.host, p, facts.traits).fit === 'foreign');
  const profiles = [
    ...new Set(
      foreign.map((p) => profileFor(p, facts.profiles)).filter((p) => p !== undefined),
    ),
  ];
  if (profiles.length === 0) return;
  const { statuses, emulators } = await inspectHandlers(profiles, {
    host: facts.host,
    dir,
  });
  for (const profile of profiles) {
    const arch = profile.architecture;
    facts.handlers[arch] = statuses[arch] ?? { state: 'missing' };
    facts.emulators[arch] = emulators[arch];
  }
}
