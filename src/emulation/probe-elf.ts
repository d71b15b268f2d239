import { PROBE_CODE } from './probe-code.js';
import type { QemuProfile } from './profiles.js';

const BASE = 0x400000;
const PT_LOAD = 1;
const PF_R_X = 5;
const ALIGN = 0x10000;

/** The exit code a probe gives when it runs with argv[0] and two arguments. */
export const PROBE_EXIT = 42;

/** Arguments a probe is run with (after argv[0]); PROBE_EXIT counts on there being two. */
export const PROBE_ARGS = ['a', 'b'];

/**
 * A static ELF executable for a profile's architecture: the ELF identity,
 * type and machine come from the profile's binfmt magic (so its handler
 * covers it), then one PT_LOAD segment holding the probe code.
 */
export function probeElf(profile: QemuProfile): Buffer {
  const probe = PROBE_CODE[profile.architecture];
  if (!probe) throw new Error(`no probe code for ${profile.architecture}`);
  const is64 = profile.magic[4] === 2;
  const little = profile.magic[5] === 1;
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const codeAt = ehsize + phentsize;
  const size = codeAt + probe.code.length;
  const elf = Buffer.alloc(size);

  const u16 = (v: number, o: number) =>
    little ? elf.writeUInt16LE(v, o) : elf.writeUInt16BE(v, o);
  const u32 = (v: number, o: number) =>
    little ? elf.writeUInt32LE(v >>> 0, o) : elf.writeUInt32BE(v >>> 0, o);
  const u64 = (v: number, o: number) =>
    little ? elf.writeBigUInt64LE(BigInt(v), o) : elf.writeBigUInt64BE(BigInt(v), o);
  const addr = is64 ? u64 : u32;

  profile.magic.copy(elf, 0, 0, 20);
  u32(1, 20); // e_version
  addr(BASE + codeAt, 24); // e_entry
  addr(ehsize, is64 ? 32 : 28); // e_phoff
  u32(probe.flags, is64 ? 48 : 36);
  u16(ehsize, is64 ? 52 : 40);
  u16(phentsize, is64 ? 54 : 42);
  u16(1, is64 ? 56 : 44); // e_phnum

  const ph = ehsize;
  u32(PT_LOAD, ph);
  if (is64) {
    u32(PF_R_X, ph + 4);
    u64(0, ph + 8);
    u64(BASE, ph + 16);
    u64(BASE, ph + 24);
    u64(size, ph + 32);
    u64(size, ph + 40);
    u64(ALIGN, ph + 48);
  } else {
    u32(0, ph + 4);
    u32(BASE, ph + 8);
    u32(BASE, ph + 12);
    u32(size, ph + 16);
    u32(size, ph + 20);
    u32(PF_R_X, ph + 24);
    u32(ALIGN, ph + 28);
  }
  probe.code.copy(elf, codeAt);
  return elf;
}
