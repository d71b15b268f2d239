import type { BinfmtEntry } from './binfmt.js';

/** The fields of a registration line `:name:type:offset:magic:mask:interpreter:flags`. */
export interface LineFields {
  name: string;
  offset: number;
  magic: Buffer;
  mask: Buffer;
  interpreter: string;
  flags: string;
}

/** The flags xrun registers with: F always, C (with O) unless left out, P when expected. */
export function flagsFor(preserveArgv0: boolean, credentials: boolean): string {
  return `${preserveArgv0 ? 'P' : ''}${credentials ? 'OC' : ''}F`;
}

/** Reads \xHH escapes (and plain characters) of a magic or mask field. */
function unescape(field: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < field.length; i++) {
    const hex = /^\\x([0-9a-fA-F]{2})/.exec(field.slice(i));
    if (hex?.[1]) {
      bytes.push(Number.parseInt(hex[1], 16));
      i += 3;
    } else bytes.push(field.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

/** Splits a registration line into its fields (pure). */
export function parseLine(line: string): LineFields {
  const [
    ,
    name = '',
    ,
    offset = '',
    magic = '',
    mask = '',
    interpreter = '',
    flags = '',
  ] = line.split(':');
  return {
    name,
    offset: Number.parseInt(offset, 10) || 0,
    magic: unescape(magic),
    mask: unescape(mask),
    interpreter,
    flags,
  };
}

/** Flags as a comparable set: order dropped, C implying O as the kernel applies it. */
function flagSet(flags: string): string {
  const set = new Set(flags.replace(/\s/g, '').split(''));
  if (set.has('C')) set.add('O');
  return [...set].sort().join('');
}

/** Whether an entry is exactly what a line would register, enabled. */
export function sameAsLine(entry: BinfmtEntry, line: string): boolean {
  const want = parseLine(line);
  return (
    entry.enabled &&
    entry.name === want.name &&
    entry.interpreter === want.interpreter &&
    entry.offset === want.offset &&
    flagSet(entry.flags) === flagSet(want.flags) &&
    entry.magic?.equals(want.magic) === true &&
    (entry.mask ?? Buffer.alloc(0)).equals(want.mask)
  );
}
