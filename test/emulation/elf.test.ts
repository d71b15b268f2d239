import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { elfFacts, readElf } from '../../src/emulation/elf.js';

const dir = mkdtempSync(path.join(tmpdir(), 'xrun-elf-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** A minimal ELF with one PT_INTERP program header, 32- or 64-bit, either byte order. */
function elfWithInterp(is64: boolean, little: boolean, interp: string): Buffer {
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const name = Buffer.from(`${interp}\0`);
  const buf = Buffer.alloc(ehsize + phentsize + name.length);
  const u16 = (v: number, o: number) =>
    little ? buf.writeUInt16LE(v, o) : buf.writeUInt16BE(v, o);
  const u32 = (v: number, o: number) =>
    little ? buf.writeUInt32LE(v, o) : buf.writeUInt32BE(v, o);
  const u64 = (v: number, o: number) =>
    little ? buf.writeBigUInt64LE(BigInt(v), o) : buf.writeBigUInt64BE(BigInt(v), o);
  buf.write('\x7fELF', 0, 'latin1');
  buf[4] = is64 ? 2 : 1;
  buf[5] = little ? 1 : 2;
  buf[6] = 1;
  const at = ehsize;
  const nameAt = ehsize + phentsize;
  if (is64) {
    u64(at, 32);
    u16(phentsize, 54);
    u16(1, 56);
    u32(3, at);
    u64(nameAt, at + 8);
    u64(name.length, at + 32);
  } else {
    u32(at, 28);
    u16(phentsize, 42);
    u16(1, 44);
    u32(3, at);
    u32(nameAt, at + 4);
    u32(name.length, at + 16);
  }
  name.copy(buf, nameAt);
  return buf;
}

function fixture(file: string, bytes: Buffer | string): string {
  const full = path.join(dir, file);
  writeFileSync(full, bytes);
  return full;
}

test('B43: the static qemu-s390x emulator has no program interpreter', async () => {
  assert.equal(await readElf('/usr/bin/qemu-s390x-static'), { isElf: true });
});

test('B43: /bin/ls is dynamically linked through /lib64/ld-linux-x86-64.so.2', async () => {
  assert.equal(await readElf('/bin/ls'), {
    isElf: true,
    interpreter: '/lib64/ld-linux-x86-64.so.2',
  });
});

test("Debian's s390x-binfmt-P wrapper is a symlink followed to the static emulator", async () => {
  assert.equal(await readElf('/usr/libexec/qemu-binfmt/s390x-binfmt-P'), { isElf: true });
});

test('a shell script is not an ELF program', async () => {
  assert.equal(await readElf('/usr/bin/ldd'), { isElf: false });
});

test('a file shorter than the ELF magic is not an ELF program', async () => {
  assert.equal(await readElf(fixture('short', 'ab')), { isElf: false });
});

test('a symlink to a dynamic program reports the program interpreter', async () => {
  const link = path.join(dir, 'ls-link');
  symlinkSync('/bin/ls', link);
  assert.is((await readElf(link)).interpreter, '/lib64/ld-linux-x86-64.so.2');
});

test('a 32-bit little-endian ELF names its interpreter', async () => {
  const file = fixture('arm32', elfWithInterp(false, true, '/lib/ld-linux-armhf.so.3'));
  assert.equal(await readElf(file), {
    isElf: true,
    interpreter: '/lib/ld-linux-armhf.so.3',
  });
});

test('a 64-bit big-endian ELF names its interpreter', async () => {
  const file = fixture('s390x', elfWithInterp(true, false, '/lib/ld64.so.1'));
  assert.equal(await readElf(file), { isElf: true, interpreter: '/lib/ld64.so.1' });
});

test('the leading bytes alone are judged the same way (the helper sends them)', () => {
  const bytes = elfWithInterp(true, true, '/lib64/ld-linux-x86-64.so.2');
  assert.equal(elfFacts(bytes), {
    isElf: true,
    interpreter: '/lib64/ld-linux-x86-64.so.2',
  });
  assert.equal(elfFacts(bytes.subarray(0, 64)), { isElf: true });
  assert.equal(elfFacts(Buffer.from('#!/bin/sh\n')), { isElf: false });
});

test('a missing file is an error, not a non-ELF answer', async () => {
  try {
    await readElf(path.join(dir, 'absent'));
  } catch (error) {
    assert.is((error as NodeJS.ErrnoException).code, 'ENOENT');
    return;
  }
  assert.unreachable('reading a missing file must fail');
});

test.run();
