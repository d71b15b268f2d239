import os from 'node:os';
import { normalize, type Platform } from '../platform/platform.js';
import { HostBackend } from './backend.js';
import { BINFMT_DIR, type BinfmtEntry, type BinfmtTable } from './binfmt.js';
import { entryProblems } from './checks.js';
import { coveringEntries } from './doctor.js';
import { inspectEmulation } from './inspect.js';
import { loadProfiles, type QemuProfile } from './profiles.js';
import { ensureHandler } from './register.js';
import { HandlerState, stateDir } from './state.js';
import { hostTraits } from './verify.js';

export { ensureMounted } from './mount.js';

/** Whether containers of a profile's platform can run through binfmt right now. */
export type HandlerStatus =
  | { state: 'working'; entry: BinfmtEntry }
  | { state: 'broken'; entry: BinfmtEntry; problem: string }
  | { state: 'missing' };

/**
 * The handler covering a profile's ELF header, judged from the table alone
 * (the doctor, `inspectEmulation`, also looks at the interpreter file and probes).
 */
export function handlerStatus(profile: QemuProfile, table: BinfmtTable): HandlerStatus {
  const entries = coveringEntries(table.entries, profile);
  const entry = entries.find((e) => e.enabled) ?? entries[0];
  if (!entry) return { state: 'missing' };
  if (table.state === 'ok' && !table.enabled) {
    return { state: 'broken', entry, problem: 'binfmt_misc is disabled as a whole' };
  }
  const ctx = {
    dir: BINFMT_DIR,
    profiles: loadProfiles(),
    interpreter: undefined,
    kernel: os.release(),
  };
  const error = entryProblems(entry, ctx).find((p) => p.severity === 'error');
  return error
    ? { state: 'broken', entry, problem: error.message }
    : { state: 'working', entry };
}

export interface RegisterOptions {
  dir?: string;
  /** Add the C flag (setuid programs work; the emulator runs with their credentials). */
  credentials?: boolean;
  env?: NodeJS.ProcessEnv;
}

/**
 * The run path's registration on this kernel: registers the profile's handler
 * (never replacing a different one without `xrun emulate --yes`), verifies it
 * with the probe and records it as xrun's.
 */
export async function registerHandler(
  profile: QemuProfile,
  options: RegisterOptions = {},
) {
  const backend = new HostBackend(options.dir ? { dir: options.dir } : {});
  const host = normalize({ architecture: os.machine() });
  const result = await ensureHandler(profile, {
    backend,
    host,
    traits: await hostTraits(host, backend),
    profiles: loadProfiles(),
    credentials: options.credentials ?? true,
    state: new HandlerState(stateDir(options.env)),
  });
  return { line: result.line, entry: result.entry };
}

/** What the run path needs to know of emulation, from one read of this kernel. */
export interface HandlerFacts {
  statuses: Record<string, HandlerStatus>;
  /** The static emulator found per profile architecture. */
  emulators: Record<string, string | undefined>;
}

/**
 * Handler states as the doctor judges them, for the run path: the table, the
 * interpreter file (dynamic, missing) and, when asked, the execution probe.
 */
export async function inspectHandlers(
  profiles: QemuProfile[],
  options: { host: Platform; dir?: string; probe?: boolean },
): Promise<HandlerFacts> {
  const backend = new HostBackend(options.dir ? { dir: options.dir } : {});
  const all = loadProfiles();
  const found = await inspectEmulation(backend, {
    host: options.host,
    profiles: all,
    only: profiles,
    // The table decides the plan; the chosen handler is probed right before its run.
    probe: options.probe ?? false,
  });
  const statuses: Record<string, HandlerStatus> = {};
  for (const profile of profiles) {
    const row = found.platforms.find((r) => r.architecture === profile.architecture);
    const entry = found.snapshot.table.entries.find((e) => e.name === row?.handler);
    const error = row?.problems.find((p) => p.severity === 'error');
    statuses[profile.architecture] =
      !entry || !row || row.status === 'missing' || row.status === 'native'
        ? { state: 'missing' }
        : row.status === 'emulated'
          ? { state: 'working', entry }
          : {
              state: 'broken',
              entry,
              problem: error?.message ?? 'the handler does not work',
            };
  }
  return { statuses, emulators: found.emulators };
}

/** One phrase for a handler's state. */
export function describe(status: HandlerStatus): string {
  if (status.state === 'working') return `${status.entry.name} is registered`;
  if (status.state === 'broken') return status.problem;
  return 'no handler is registered';
}
