import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  BINFMT_DIR,
  covers,
  readTable,
  registrationLine,
  type BinfmtEntry,
} from '../../src/emulation/binfmt.js';
import { loadProfiles } from '../../src/emulation/profiles.js';

/** The kernel's handlers that cover any of the given profile architectures. */
export async function handlersFor(
  architectures: string[],
  dir = BINFMT_DIR,
): Promise<BinfmtEntry[]> {
  const profiles = loadProfiles().filter((p) => architectures.includes(p.architecture));
  const table = await readTable(dir);
  return table.entries.filter((e) => profiles.some((p) => covers(e, p.magic)));
}

/**
 * Runs fn with no handler for the given architectures registered, then puts
 * the table back: handlers for those architectures that fn added are removed,
 * handlers that were there before are registered again as they were. Handlers
 * for other architectures are never touched, so tests running at the same
 * time on this machine keep theirs.
 */
export async function withoutHandlers<T>(
  architectures: string[],
  fn: () => Promise<T>,
): Promise<T> {
  const before = await handlersFor(architectures);
  for (const entry of before) await remove(entry.name);
  try {
    return await fn();
  } finally {
    for (const entry of await handlersFor(architectures)) await remove(entry.name);
    for (const entry of before) await restore(entry);
  }
}

/** Removes a handler by name; a handler already gone is fine. */
export async function remove(name: string): Promise<void> {
  await writeFile(path.join(BINFMT_DIR, name), '-1').catch(() => undefined);
}

/** Writes a registration line as it is, as another tool would. */
export async function register(line: string): Promise<void> {
  await writeFile(path.join(BINFMT_DIR, 'register'), line);
}

/** Turns a handler off (0) without removing it. */
export async function disable(name: string): Promise<void> {
  await writeFile(path.join(BINFMT_DIR, name), '0');
}

async function restore(entry: BinfmtEntry): Promise<void> {
  if (!entry.magic || !entry.mask) return;
  const line = registrationLine({
    name: entry.name,
    magic: entry.magic,
    mask: entry.mask,
    interpreter: entry.interpreter,
    flags: entry.flags,
    offset: entry.offset,
  });
  await register(line).catch(() => undefined);
  if (!entry.enabled) await disable(entry.name);
}
