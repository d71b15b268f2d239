import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { covers, parseEntry } from '../../src/emulation/binfmt.js';
import { elfFacts } from '../../src/emulation/elf.js';
import { probeProblem, verdictOf } from '../../src/emulation/probe.js';
import { PROBE_ARGS, PROBE_EXIT, probeElf } from '../../src/emulation/probe-elf.js';
import { kernelText, profile, profiles } from './fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'xrun-probes-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a profile's probe as an executable file. */
function probeFile(arch: string): string {
  const file = path.join(dir, `probe-${arch}`);
  writeFileSync(file, probeElf(profile(arch)));
  chmodSync(file, 0o755);
  return file;
}

/** ELF class, byte order, machine and flags exactly as the loaders want them. */
const HEADERS: Record<string, [number, number, number, number]> = {
  '386': [1, 1, 3, 0],
  amd64: [2, 1, 62, 0],
  arm: [1, 1, 40, 0x05000000],
  arm64: [2, 1, 183, 0],
  loong64: [2, 1, 258, 0x43],
  mips64le: [2, 1, 8, 0x80000007],
  ppc64le: [2, 1, 21, 2],
  riscv64: [2, 1, 243, 5],
  s390x: [2, 2, 22, 0],
};

test('every profile has a probe with its class, byte order, machine and ABI flags', () => {
  assert.equal(Object.keys(HEADERS).sort(), profiles.map((p) => p.architecture).sort());
  for (const p of profiles) {
    const elf = probeElf(p);
    const [cls, data, machine, flags] = HEADERS[p.architecture] ?? [];
    const little = data === 1;
    const u16 = (o: number) => (little ? elf.readUInt16LE(o) : elf.readUInt16BE(o));
    const u32 = (o: number) => (little ? elf.readUInt32LE(o) : elf.readUInt32BE(o));
    assert.is(elf.subarray(0, 4).toString('latin1'), '\x7fELF', p.architecture);
    assert.is(elf[4], cls, p.architecture);
    assert.is(elf[5], data, p.architecture);
    assert.is(u16(16), 2, `${p.architecture} e_type ET_EXEC`);
    assert.is(u16(18), machine, p.architecture);
    assert.is(u32(cls === 2 ? 48 : 36), flags, `${p.architecture} e_flags`);
    assert.ok(elf.length < 160, `${p.architecture} is ${elf.length} bytes`);
  }
});

test('each probe is a static program whose handler magic covers it', () => {
  for (const p of profiles) {
    const elf = probeElf(p);
    assert.equal(elfFacts(Buffer.concat([elf, Buffer.alloc(64)])), { isElf: true });
    for (const other of profiles) {
      const entry = parseEntry(other.handler, kernelText(other));
      assert.is(covers(entry, elf), other === p, `${other.handler} on ${p.architecture}`);
    }
  }
});

for (const p of profiles) {
  test(`the ${p.architecture} probe exits 42 under qemu-${p.qemu}-static itself`, async () => {
    const emulator = `/usr/bin/qemu-${p.qemu}-static`;
    const file = probeFile(p.architecture);
    const run = (args: string[]) => execa(emulator, [file, ...args], { reject: false });
    assert.is((await run(PROBE_ARGS)).exitCode, PROBE_EXIT);
    assert.is((await run(['a'])).exitCode, PROBE_EXIT - 1, 'one argument fewer');
    assert.is((await run(['a', 'b', 'c'])).exitCode, PROBE_EXIT + 1, 'one argument more');
  });
}

test('the amd64 and 386 probes run natively on this amd64 host', async () => {
  for (const arch of ['amd64', '386']) {
    const result = await execa(probeFile(arch), PROBE_ARGS, { reject: false });
    assert.is(result.exitCode, 42, arch);
  }
});

test('exit codes read as verdicts: 42 ok, 43 an extra argument, 41 one lost', () => {
  assert.equal(verdictOf(42), { verdict: 'ok', detail: 'exited 42' });
  assert.equal(verdictOf(43), { verdict: 'argv-extra', detail: 'exited 43' });
  assert.equal(verdictOf(41), { verdict: 'argv-short', detail: 'exited 41' });
  assert.equal(verdictOf(127), { verdict: 'failed', detail: 'exited 127' });
  assert.equal(verdictOf(null, 'SIGSEGV'), {
    verdict: 'failed',
    detail: 'killed by SIGSEGV',
  });
});

test('B46: a lost argument is explained as P missing for an emulator that expects it', () => {
  const text = probeProblem(verdictOf(41), '/usr/libexec/qemu-binfmt/arm-binfmt-P');
  assert.is(
    text,
    'the probe lost an argument: /usr/libexec/qemu-binfmt/arm-binfmt-P expects ' +
      'preserve-argv0 but P is not set, so multi-call programs like busybox fail ' +
      '("applet not found")',
  );
  assert.is(
    probeProblem(verdictOf(43), '/usr/bin/qemu-arm'),
    'the probe got one argument too many: P is set but /usr/bin/qemu-arm does not expect ' +
      'it, so programs see their own path as an extra argument',
  );
});

test.run();
