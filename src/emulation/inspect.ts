import type { HostTraits } from '../platform/compat.js';
import type { Platform } from '../platform/platform.js';
import type { EmulationBackend, Snapshot } from './backend.js';
import { coveringEntries, diagnose, type Diagnosis } from './doctor.js';
import type { ElfFacts } from './elf.js';
import type { QemuProfile } from './profiles.js';

export interface InspectOptions {
  host: Platform;
  traits?: HostTraits;
  profiles: QemuProfile[];
  /** Profiles to look at closely (interpreters, probes); all when absent. */
  only?: QemuProfile[];
  /** Run the execution probes (only where the backend's kernel is the one read). */
  probe?: boolean;
  /** Names of handlers xrun recorded registering there. */
  registered?: string[];
}

/** The first static emulator of a profile there, and why others were passed over. */
export async function findEmulator(profile: QemuProfile, backend: EmulationBackend) {
  const refused: string[] = [];
  for (const candidate of profile.emulators) {
    const facts = await backend.inspect(candidate.path);
    if (!facts) continue;
    if (!facts.isElf) refused.push(`${candidate.path} is not an ELF program`);
    else if (facts.interpreter) {
      refused.push(
        `${candidate.path} is dynamically linked (needs ${facts.interpreter}), ` +
          'so it cannot start inside containers',
      );
    } else return { emulator: candidate, refused };
  }
  return { emulator: undefined, refused };
}

/** Reads everything the doctor needs from a backend, then diagnoses. */
export async function inspectEmulation(
  backend: EmulationBackend,
  options: InspectOptions,
): Promise<
  Diagnosis & { snapshot: Snapshot; emulators: Record<string, string | undefined> }
> {
  const { profiles } = options;
  const close = options.only ?? profiles;
  const snapshot = await backend.snapshot();

  const interpreters: Record<string, ElfFacts | null> = {};
  const entries = close.flatMap((p) => coveringEntries(snapshot.table.entries, p));
  for (const path of new Set(entries.map((e) => e.interpreter))) {
    const facts = (await backend.inspect(path)) ?? null;
    // The helper's file system is not the daemon host's: absence there says nothing.
    if (facts || backend.kind === 'host') interpreters[path] = facts;
  }

  const emulators: Record<string, string | undefined> = {};
  if (backend.kind === 'host') {
    for (const p of close)
      emulators[p.architecture] = (await findEmulator(p, backend)).emulator?.path;
  }
  const probe = (options.probe ?? true) && backend.probes;
  const probes = probe ? await backend.probe(close) : undefined;

  const diagnosis = diagnose({
    host: options.host,
    ...(options.traits ? { traits: options.traits } : {}),
    profiles,
    snapshot,
    dir: backend.dir,
    interpreters,
    ...(probes ? { probes } : {}),
    ...(backend.kind === 'host' ? { emulators } : {}),
    ...(options.registered ? { registered: options.registered } : {}),
  });
  return { ...diagnosis, snapshot, emulators };
}
