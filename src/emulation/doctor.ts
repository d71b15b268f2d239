import { runsNatively, type HostTraits } from '../platform/compat.js';
import { formatPlatform, type Platform } from '../platform/platform.js';
import type { Snapshot } from './backend.js';
import { covers, type BinfmtEntry } from './binfmt.js';
import { entryProblems, type Problem } from './checks.js';
import {
  addProbeProblem,
  duplicateProblem,
  emulateFix,
  lostNote,
  nativeRow,
} from './rows.js';
import type { ElfFacts } from './elf.js';
import { mountProblem } from './mount.js';
import type { ProbeResult } from './probe.js';
import { mainPlatform, type QemuProfile } from './profiles.js';

/** Everything the diagnosis is made from; it reads nothing itself. */
export interface DoctorInput {
  host: Platform;
  traits?: HostTraits;
  profiles: QemuProfile[];
  snapshot: Snapshot;
  dir: string;
  /** Interpreter files: facts, or null when absent; missing keys were not looked at. */
  interpreters: Record<string, ElfFacts | null>;
  probes?: Record<string, ProbeResult>;
  /** The static emulator found per architecture, when looked for. */
  emulators?: Record<string, string | undefined>;
  /** Handlers xrun recorded registering here (they vanish at reboot: B47). */
  registered?: string[];
}

export type PlatformStatus = 'native' | 'emulated' | 'broken' | 'missing';

/** One profile's platform on this host. */
export interface PlatformReport {
  platform: string;
  platforms: string[];
  architecture: string;
  status: PlatformStatus;
  handler: string | null;
  interpreter: string | null;
  flags: string | null;
  via: 'native' | 'binfmt' | 'rosetta' | null;
  probe: ProbeResult['verdict'] | null;
  problems: Problem[];
  fix: string | null;
}

/** A handler for something other than a profile's ELF binaries: shown, never touched. */
export interface OtherEntry {
  name: string;
  enabled: boolean;
  interpreter: string;
  flags: string;
}

export interface Diagnosis {
  global: Problem[];
  platforms: PlatformReport[];
  others: OtherEntry[];
}

/** The entries that claim a profile's binaries, whatever their names. */
export const coveringEntries = (entries: BinfmtEntry[], profile: QemuProfile) =>
  entries.filter((e) => covers(e, profile.magic));

/** Judges binfmt_misc and every profile's platform (pure). */
export function diagnose(input: DoctorInput): Diagnosis {
  const { snapshot, dir } = input;
  const global: Problem[] = [];
  const unusable = mountProblem(snapshot.mount, dir);
  if (unusable)
    global.push({ code: snapshot.mount.state, severity: 'error', message: unusable });
  if (snapshot.mount.state === 'mounted' && snapshot.mount.triggered) {
    global.push({
      code: 'autofs-triggered',
      severity: 'note',
      message: `${dir} is an autofs automount that had not mounted yet; xrun's look mounted it`,
    });
  }
  if (snapshot.table.state === 'ok' && !snapshot.table.enabled) {
    global.push({
      code: 'binfmt-disabled',
      severity: 'error',
      message: `binfmt_misc is disabled as a whole: enable it with "echo 1 > ${dir}/status"`,
    });
  }
  const platforms = input.profiles.map((p) => report(input, p, global));
  const others = snapshot.table.entries
    .filter((e) => !input.profiles.some((p) => covers(e, p.magic)))
    .map(({ name, enabled, interpreter, flags }) => ({
      name,
      enabled,
      interpreter,
      flags,
    }));
  return { global, platforms, others };
}

/** One profile's row. */
function report(
  input: DoctorInput,
  profile: QemuProfile,
  global: Problem[],
): PlatformReport {
  const text = formatPlatform(mainPlatform(profile));
  const probe = input.probes?.[profile.architecture];
  const row: PlatformReport = {
    platform: text,
    platforms: profile.platforms.map(formatPlatform),
    architecture: profile.architecture,
    status: 'missing',
    handler: null,
    interpreter: null,
    flags: null,
    via: null,
    probe: probe?.verdict ?? null,
    problems: [],
    fix: null,
  };
  const entries = coveringEntries(input.snapshot.table.entries, profile);
  const enabled = entries.filter((e) => e.enabled);
  const shown = enabled.length > 0 ? enabled : entries;
  if (shown[0]) {
    Object.assign(row, {
      handler: shown[0].name,
      interpreter: shown[0].interpreter,
      flags: shown[0].flags,
    });
  }

  if (runsNatively(input.host, mainPlatform(profile), input.traits)) {
    return nativeRow(row, enabled, probe);
  }
  if (entries.length === 0) {
    row.problems.push(...global.filter((g) => g.severity === 'error'));
    if (input.registered?.includes(profile.handler))
      row.problems.push(lostNote(profile, text));
    const stuck = ['autofs', 'unsupported'].includes(input.snapshot.mount.state);
    row.fix = stuck ? null : emulateFix(text, input.emulators, profile.architecture);
    return row;
  }
  for (const entry of shown) {
    const ctx = {
      dir: input.dir,
      profiles: input.profiles,
      interpreter: input.interpreters[entry.interpreter],
      kernel: input.snapshot.kernel,
    };
    row.problems.push(...entryProblems(entry, ctx));
  }
  if (enabled.length > 1) row.problems.push(duplicateProblem(enabled, text));
  row.problems.push(...global.filter((g) => g.code === 'binfmt-disabled'));
  addProbeProblem(row, probe);
  row.status = row.problems.some((p) => p.severity === 'error') ? 'broken' : 'emulated';
  row.via = /rosetta/i.test(row.interpreter ?? '') ? 'rosetta' : 'binfmt';
  if (row.status === 'broken') {
    const off = row.problems.find((p) => p.code === 'binfmt-disabled');
    row.fix = off ? `echo 1 > ${input.dir}/status` : `xrun emulate --yes ${text}`;
  }
  return row;
}
