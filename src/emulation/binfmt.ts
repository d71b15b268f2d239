import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export const BINFMT_DIR = '/proc/sys/fs/binfmt_misc';

/** One handler as the kernel shows it in binfmt_misc/NAME. */
export interface BinfmtEntry {
  name: string;
  enabled: boolean;
  interpreter: string;
  flags: string;
  offset: number;
  /** Magic bytes (M entries); absent for extension (E) entries. */
  magic?: Buffer;
  mask?: Buffer;
  extension?: string;
}

/** The whole table: global switch and entries, or that it cannot be read. */
export type BinfmtTable =
  | { state: 'ok'; enabled: boolean; entries: BinfmtEntry[] }
  | { state: 'missing'; entries: [] };

/** Entry file names that are not handlers. */
export const CONTROL_FILES = ['register', 'status'];

/** Parses the text of one entry file. */
export function parseEntry(name: string, text: string): BinfmtEntry {
  const entry: BinfmtEntry = {
    name,
    enabled: false,
    interpreter: '',
    flags: '',
    offset: 0,
  };
  for (const line of text.split('\n')) {
    const [key = '', ...rest] = line.trim().split(/\s+/);
    const value = rest.join(' ');
    if (key === 'enabled') entry.enabled = true;
    else if (key === 'disabled') entry.enabled = false;
    else if (key === 'interpreter') entry.interpreter = value;
    else if (key === 'flags:') entry.flags = value;
    else if (key === 'offset') entry.offset = offsetOf(value);
    else if (key === 'magic') entry.magic = Buffer.from(value, 'hex');
    else if (key === 'mask') entry.mask = Buffer.from(value, 'hex');
    else if (key === 'extension') entry.extension = value;
  }
  return entry;
}

/** Reads every entry and the global status; a missing folder is not an error. */
export async function readTable(dir = BINFMT_DIR): Promise<BinfmtTable> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return { state: 'missing', entries: [] };
  }
  if (!names.includes('register')) return { state: 'missing', entries: [] };
  const status = await readFile(path.join(dir, 'status'), 'utf8').catch(() => 'enabled');
  const texts: Array<[string, string]> = [];
  for (const name of names.filter((n) => !CONTROL_FILES.includes(n))) {
    const text = await readFile(path.join(dir, name), 'utf8').catch(() => undefined);
    if (text !== undefined) texts.push([name, text]);
  }
  return tableOf(status, texts);
}

/** A table from the status text and each entry's text, sorted by name. */
export function tableOf(status: string, texts: Array<[string, string]>): BinfmtTable {
  const entries = texts
    .map(([name, text]) => parseEntry(name, text))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { state: 'ok', enabled: status.trim() === 'enabled', entries };
}

/**
 * The offset field as a whole number. The kernel writes small ones; one too
 * large for a number becomes the largest safe integer, which matches no header.
 */
function offsetOf(value: string): number {
  const n = Number.parseInt(value, 10);
  if (Number.isNaN(n)) return 0;
  return Number.isSafeInteger(n) ? n : Number.MAX_SAFE_INTEGER;
}

/** Whether an entry's magic and mask match an ELF header, as the kernel compares them. */
export function covers(entry: BinfmtEntry, header: Buffer): boolean {
  const { magic, mask } = entry;
  if (!magic || magic.length === 0) return false;
  for (let i = 0; i < magic.length; i++) {
    const byte = header[entry.offset + i];
    if (byte === undefined) return false;
    const m = mask?.[i] ?? 0xff;
    if (((byte ^ (magic[i] ?? 0)) & m) !== 0) return false;
  }
  return true;
}

/** Writes bytes as \xHH so no field separator or newline can slip into a line. */
function escaped(bytes: Buffer): string {
  return [...bytes].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
}

/** The line written to `register` for one magic-matched handler. */
export function registrationLine(spec: {
  name: string;
  magic: Buffer;
  mask: Buffer;
  interpreter: string;
  flags: string;
  offset?: number;
}): string {
  const { name, magic, mask, interpreter, flags, offset } = spec;
  const at = offset ? String(offset) : '';
  return `:${name}:M:${at}:${escaped(magic)}:${escaped(mask)}:${interpreter}:${flags}`;
}
