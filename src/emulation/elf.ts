import { open } from 'node:fs/promises';

const PT_INTERP = 3;

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
    const head = Buffer.alloc(64);
    await handle.read(head, 0, 64, 0);
    if (head.readUInt32BE(0) !== 0x7f454c46) return { isElf: false };
    const is64 = head[4] === 2;
    const little = head[5] === 1;
    const u16 = (b: Buffer, o: number) =>
      little ? b.readUInt16LE(o) : b.readUInt16BE(o);
    const u32 = (b: Buffer, o: number) =>
      little ? b.readUInt32LE(o) : b.readUInt32BE(o);
    const u64 = (b: Buffer, o: number) =>
      Number(little ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o));

    const phoff = is64 ? u64(head, 32) : u32(head, 28);
    const phentsize = u16(head, is64 ? 54 : 42);
    const phnum = u16(head, is64 ? 56 : 44);
    const table = Buffer.alloc(phentsize * phnum);
    await handle.read(table, 0, table.length, phoff);

    for (let i = 0; i < phnum; i++) {
      const at = i * phentsize;
      if (u32(table, at) !== PT_INTERP) continue;
      const offset = is64 ? u64(table, at + 8) : u32(table, at + 4);
      const size = is64 ? u64(table, at + 32) : u32(table, at + 16);
      const name = Buffer.alloc(Math.min(size, 4096));
      await handle.read(name, 0, name.length, offset);
      return { isElf: true, interpreter: name.toString('utf8').replace(/\0.*$/s, '') };
    }
    return { isElf: true };
  } finally {
    await handle.close();
  }
}
