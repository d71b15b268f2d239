import path from 'node:path';
import { UserError } from '../errors.js';
import { formatPlatform } from '../platform/platform.js';
import type { EmulationBackend } from './backend.js';
import { coveringEntries } from './doctor.js';
import { sameAsLine } from './line.js';
import { unpersist } from './persist.js';
import { mainPlatform, type QemuProfile } from './profiles.js';
import { NeedsRoot } from './root.js';
import type { HandlerState } from './state.js';

export interface RemoveOptions {
  backend: EmulationBackend;
  state: HandlerState;
  /** Remove handlers xrun did not register too. */
  force?: boolean;
  /** systemd-binfmt folder where --persist files may be. */
  persistDir?: string;
}

/**
 * Removes the handlers claiming a profile's binaries: those xrun registered
 * (recorded, and unchanged since), or all with force. Returns one line per
 * handler removed or left alone; refuses, changing nothing, when none is xrun's.
 */
export async function removeHandlers(
  profile: QemuProfile,
  options: RemoveOptions,
): Promise<string[]> {
  const { backend, state } = options;
  const text = formatPlatform(mainPlatform(profile));
  const table = (await backend.snapshot()).table.entries;
  const entries = coveringEntries(table, profile);
  const named = table.find((e) => e.name === profile.handler);
  if (named && !entries.includes(named)) entries.push(named);
  if (entries.length === 0) return [`${text}: no handler to remove`];

  const ours: typeof entries = [];
  const others: typeof entries = [];
  for (const entry of entries) {
    const record = await state.find(backend.target, entry.name);
    const mine = record !== undefined && sameAsLine(entry, record.line);
    (mine || options.force ? ours : others).push(entry);
  }
  const [first] = others;
  if (first && ours.length === 0) {
    throw new UserError(
      `handler ${first.name} for ${text} was not registered by xrun, so it is left alone: ` +
        `add --force to remove it anyway`,
    );
  }
  if (backend.needsRoot()) {
    throw new NeedsRoot([
      'xrun',
      'emulate',
      '--remove',
      ...(options.force ? ['--force'] : []),
      text,
    ]);
  }

  const lines = others.map(
    (e) => `${text}: left ${e.name} alone (not registered by xrun; --force removes it)`,
  );
  for (const entry of ours) {
    await backend.remove(entry.name);
    const record = await state.find(backend.target, entry.name);
    await state.forget(backend.target, entry.name);
    lines.push(`${text}: removed ${entry.name}`);
    const files = new Set([record?.persisted].filter((f): f is string => Boolean(f)));
    if (options.persistDir)
      files.add(path.join(options.persistDir, `${entry.name}.conf`));
    for (const file of files)
      if (await unpersist(file)) lines.push(`${text}: deleted ${file}`);
  }
  return lines;
}
