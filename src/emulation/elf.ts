import { open } from 'node:fs/promises';

const PT_INTERP = 3;

/** How many leading bytes of a program are enough to judge how it is linked. */
export const ELF_HEAD_BYTES = 65536;

/** What the ELF header and program headers of a file say about linking. */
export interface ElfFacts {
  isElf: boolean;
  /** The requested program interpreter, when the file is dynamically linked. */
  interpreter?: string;
}

/** Reads an ELF file's program headers to find PT_INTERP (follows symlinks). */
export async function readElf(file: string): Promise<ElfFacts> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(ELF_HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return elfFacts(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Judges the leading bytes of a program (pure: the helper container sends them). */
export function elfFacts(head: Buffer): ElfFacts {
  if (head.length < 64 || head.readUInt32BE(0) !== 0x7f454c46) return { isElf: false };
  const is64 = head[4] === 2;
  const little = head[5] === 1;
  const u16 = (o: number) => (little ? head.readUInt16LE(o) : head.readUInt16BE(o));
  const u32 = (o: number) => (little ? head.readUInt32LE(o) : head.readUInt32BE(o));
  const u64 = (o: number) =>
    Number(little ? head.readBigUInt64LE(o) : head.readBigUInt64BE(o));

  const phoff = is64 ? u64(32) : u32(28);
  const phentsize = u16(is64 ? 54 : 42);
  const phnum = u16(is64 ? 56 : 44);
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + phentsize > head.length) break;
    if (u32(at) !== PT_INTERP) continue;
    const offset = is64 ? u64(at + 8) : u32(at + 4);
    const size = Math.min(is64 ? u64(at + 32) : u32(at + 16), 4096);
    const name = head.subarray(offset, offset + size).toString('utf8');
    return { isElf: true, interpreter: name.replace(/\0.*$/s, '') || '(unreadable)' };
  }
  return { isElf: true };
}
