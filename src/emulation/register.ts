import { UserError } from '../errors.js';
import { runsNatively, type HostTraits } from '../platform/compat.js';
import { formatPlatform, type Platform } from '../platform/platform.js';
import { KernelRefusal, type EmulationBackend } from './backend.js';
import { registrationLine, type BinfmtEntry } from './binfmt.js';
import { coveringEntries } from './doctor.js';
import { findEmulator, inspectEmulation } from './inspect.js';
import { flagsFor, sameAsLine } from './line.js';
import { persistHandler } from './persist.js';
import { mainPlatform, type QemuProfile } from './profiles.js';
import { explainRefusal, mustWork } from './refusal.js';
import { NeedsRoot } from './root.js';
import type { HandlerState } from './state.js';

export interface EnsureOptions {
  backend: EmulationBackend;
  host: Platform;
  traits?: HostTraits;
  profiles: QemuProfile[];
  /** Add C (with O): setuid programs work, the emulator runs with their credentials. */
  credentials?: boolean;
  /** Asked before a different handler is removed for ours; absent means no. */
  consent?: (question: string) => Promise<boolean>;
  state?: HandlerState;
  /** Also write a systemd-binfmt file into this folder. */
  persistDir?: string;
}

export interface EnsureResult {
  action: 'registered' | 'replaced' | 'unchanged' | 'working';
  entry: BinfmtEntry;
  /** The line xrun registers (or would have) for the profile. */
  line: string;
  notes: string[];
  /** Whether the execution probe confirmed it (not on stand-in folders). */
  probed: boolean;
}

/** The line xrun would register for a profile there, from its first static emulator. */
export async function plannedLine(
  profile: QemuProfile,
  backend: EmulationBackend,
  credentials = true,
): Promise<string> {
  const { emulator, refused } = await findEmulator(profile, backend);
  if (!emulator) {
    const why = refused.length > 0 ? `${refused.join('; ')}; ` : 'none is installed; ';
    throw new UserError(
      `no static qemu-${profile.qemu} emulator on ${backend.where}: ${why}` +
        'install a static build with "apt-get install qemu-user-static"',
    );
  }
  const flags = flagsFor(emulator.preserveArgv0, credentials);
  return registrationLine({
    ...profile,
    name: profile.handler,
    interpreter: emulator.path,
    flags,
  });
}

/** Makes a profile's platform run through a working handler, registering one if needed. */
export async function ensureHandler(
  profile: QemuProfile,
  options: EnsureOptions,
): Promise<EnsureResult> {
  const { backend } = options;
  const text = formatPlatform(mainPlatform(profile));
  if (runsNatively(options.host, mainPlatform(profile), options.traits)) {
    throw new UserError(
      `${text} runs natively on ${formatPlatform(options.host)}: a handler would capture ` +
        "the host's own programs, so none is registered",
    );
  }
  const line = await plannedLine(profile, backend, options.credentials ?? true);
  const look = () => inspectEmulation(backend, { ...options, only: [profile] });

  let found = await look();
  if (found.global.some((g) => g.code === 'not-mounted')) {
    if (backend.needsRoot()) throw new NeedsRoot(['xrun', 'emulate', text]);
    await backend.mount();
    found = await look();
  }
  const fatal = found.global.find((g) => g.severity === 'error');
  if (fatal) throw new UserError(`${fatal.message}; xrun never changes it itself`);

  const row = found.platforms.find((r) => r.architecture === profile.architecture);
  const table = found.snapshot.table.entries;
  const entries = coveringEntries(table, profile);
  const same = table.find((e) => e.name === profile.handler);
  if (row?.status === 'emulated') {
    const entry = entries.find((e) => e.name === row.handler) ?? entries[0];
    const differs = same !== undefined && !sameAsLine(same, line);
    const replace = differs && (await options.consent?.(question(same, line)));
    if (entry && !replace) return kept(entry, same, line, options);
  }

  const blamed = new Set(
    row?.problems.filter((p) => p.severity === 'error').map((p) => p.handler),
  );
  const conflicts = entries.filter((e) => blamed.has(e.name) || blamed.has(undefined));
  if (same && !conflicts.includes(same)) conflicts.push(same);
  for (const entry of conflicts) {
    if (row?.status === 'emulated' && entry === same) continue;
    if (!(await options.consent?.(question(entry, line)))) {
      throw new UserError(
        `a different handler ${entry.name} is registered for ${text}: replace it with ` +
          `"xrun emulate --yes ${text}", or keep it`,
      );
    }
  }
  if (backend.needsRoot()) throw new NeedsRoot(['xrun', 'emulate', text]);

  for (const entry of conflicts) await backend.remove(entry.name);
  await backend.register(line).catch(async (error) => {
    if (await sameLineMeanwhile(error, profile, line, look)) return;
    return explainRefusal(error, profile, line, backend);
  });
  const entry = await mustWork(profile, await look(), backend);

  const notes = await remember(line, options);
  const action = conflicts.length > 0 ? 'replaced' : 'registered';
  return { action, entry, line, notes, probed: backend.probes };
}

/**
 * True when registering failed because another process (a second xrun started
 * at the same moment) registered the very same line first: then it is done.
 */
async function sameLineMeanwhile(
  error: unknown,
  profile: QemuProfile,
  line: string,
  look: () => ReturnType<typeof inspectEmulation>,
): Promise<boolean> {
  if (!(error instanceof KernelRefusal) || error.code !== 'EEXIST') return false;
  const entries = (await look()).snapshot.table.entries;
  const now = entries.find((e) => e.name === profile.handler);
  return now !== undefined && sameAsLine(now, line);
}

/** The consent question before a handler is removed for xrun's line. */
function question(entry: BinfmtEntry, line: string): string {
  const what = `${entry.interpreter}, flags ${entry.flags || 'none'}`;
  const off = entry.enabled ? '' : ', disabled';
  const ours = line.split(':').slice(6).join(' ');
  return `replace handler ${entry.name} (${what}${off}) with xrun's ${ours}?`;
}

/** A handler that already works is kept; persisted too when it is exactly xrun's line. */
async function kept(
  entry: BinfmtEntry,
  same: BinfmtEntry | undefined,
  line: string,
  options: EnsureOptions,
): Promise<EnsureResult> {
  const ours = same !== undefined && sameAsLine(same, line);
  const notes: string[] = [];
  if (same !== undefined && !ours) {
    const wanted = line.split(':').at(-1) ?? '';
    notes.push(
      `${same.name} keeps its flags ${same.flags || 'none'} (xrun would write ${wanted}): ` +
        'add --yes to replace it',
    );
  }
  if (options.persistDir && ours) notes.push(...(await remember(line, options, false)));
  else if (options.persistDir) {
    notes.push(
      `not persisted: the working handler ${entry.name} is not the one xrun writes`,
    );
  }
  const probed = options.backend.probes;
  return { action: ours ? 'unchanged' : 'working', entry, line, notes, probed };
}

/** Writes the systemd-binfmt file when asked, and records what xrun registered. */
async function remember(line: string, options: EnsureOptions, record = true) {
  const notes: string[] = [];
  const name = line.split(':')[1] ?? '';
  let persisted: string | undefined;
  if (options.persistDir) {
    const written = await persistHandler(name, line, options.persistDir);
    persisted = written.file;
    notes.push(`wrote ${written.file}`, ...written.notes);
  }
  const before = await options.state?.find(options.backend.target, name);
  if (!record && !before) return notes;
  await options.state?.record({
    target: options.backend.target,
    name,
    line,
    ...(persisted
      ? { persisted }
      : before?.persisted
        ? { persisted: before.persisted }
        : {}),
    registeredAt: before && !record ? before.registeredAt : new Date().toISOString(),
  });
  return notes;
}
