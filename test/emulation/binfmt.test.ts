import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { covers, parseEntry, registrationLine } from '../../src/emulation/binfmt.js';
import { describe, handlerStatus } from '../../src/emulation/handlers.js';
import { loadProfiles, type QemuProfile } from '../../src/emulation/profiles.js';

const S390X =
  'enabled\ninterpreter /usr/libexec/qemu-binfmt/s390x-binfmt-P\nflags: POCF\noffset 0\n' +
  'magic 7f454c4602020100000000000000000000020016\n' +
  'mask fffffffffffffffcfffffffffffffffffffeffff\n';

/** What the kernel prints for a handler registered from a profile. */
const kernelText = (p: QemuProfile, state = 'enabled', flags = 'OCF') =>
  `${state}\ninterpreter /usr/bin/qemu-${p.qemu}-static\nflags: ${flags}\noffset 0\n` +
  `magic ${p.magic.toString('hex')}\nmask ${p.mask.toString('hex')}\n`;

const profiles = loadProfiles();
const profile = (arch: string) => {
  const found = profiles.find((p) => p.architecture === arch);
  if (!found) throw new Error(`no ${arch} profile`);
  return found;
};
const hex = (h: string) => Buffer.from(h.replace(/ /g, ''), 'hex');

test('an entry as the kernel prints it is read field by field', () => {
  const e = parseEntry('qemu-s390x', S390X);
  assert.is(e.name, 'qemu-s390x');
  assert.is(e.enabled, true);
  assert.is(e.interpreter, '/usr/libexec/qemu-binfmt/s390x-binfmt-P');
  assert.is(e.flags, 'POCF');
  assert.is(e.offset, 0);
  assert.is(e.magic?.toString('hex'), '7f454c4602020100000000000000000000020016');
  assert.is(e.mask?.toString('hex'), 'fffffffffffffffcfffffffffffffffffffeffff');
  assert.is(e.extension, undefined);
});

test('a disabled entry with no flags is read as disabled with empty flags', () => {
  const e = parseEntry('qemu-arm', kernelText(profile('arm'), 'disabled', ''));
  assert.is(e.enabled, false);
  assert.is(e.flags, '');
  assert.is(e.interpreter, '/usr/bin/qemu-arm-static');
});

test('an extension entry has no magic and covers no ELF header', () => {
  const e = parseEntry(
    'wine',
    'enabled\ninterpreter /usr/bin/wine\nflags: \nextension .exe\n',
  );
  assert.is(e.extension, '.exe');
  assert.is(e.magic, undefined);
  assert.not.ok(covers(e, profile('amd64').magic));
});

test('the s390x entry the kernel prints covers s390x and nothing else', () => {
  const e = parseEntry('qemu-s390x', S390X);
  for (const p of profiles)
    assert.is(covers(e, p.magic), p.architecture === 's390x', p.architecture);
});

test('every profile covers its own header and no other profile header', () => {
  for (const own of profiles) {
    const e = parseEntry(own.handler, kernelText(own));
    for (const other of profiles) {
      const expected = other === own;
      assert.is(
        covers(e, other.magic),
        expected,
        `${own.handler} on ${other.architecture}`,
      );
    }
  }
});

test('B31: the header of an x86-64 ELF is covered by qemu-x86_64 only', () => {
  const header = hex('7f454c46 02010100 00000000 00000000 02003e00');
  const covering = profiles.filter((p) =>
    covers(parseEntry(p.handler, kernelText(p)), header),
  );
  assert.equal(
    covering.map((p) => p.architecture),
    ['amd64'],
  );
});

test('a shared object of another ABI version is still covered, as the mask allows', () => {
  const arm64 = profile('arm64');
  const header = Buffer.from(arm64.magic);
  header[7] = 0x03; // EI_OSABI is masked out for aarch64
  header[16] = 0x03; // ET_DYN differs from ET_EXEC only in the masked low bit
  assert.ok(covers(parseEntry('x', kernelText(arm64)), header));
});

test('a header shorter than the magic is not covered', () => {
  const e = parseEntry('qemu-s390x', S390X);
  assert.not.ok(covers(e, hex('7f454c46 0202')));
});

test('an entry without a mask compares every byte, starting at its offset', () => {
  const e = parseEntry('t', 'enabled\ninterpreter /t\nflags: \noffset 2\nmagic 4c46\n');
  assert.ok(covers(e, hex('7f45 4c46')));
  assert.not.ok(covers(e, hex('7f45 4c47')));
});

test('an offset too large for a number is read as one that matches no header', () => {
  const text = `enabled\noffset ${'2'.repeat(400)}\nmagic 7f454c46\n`;
  const entry = parseEntry('huge', text);
  assert.is(entry.offset, Number.MAX_SAFE_INTEGER);
  assert.not.ok(covers(entry, Buffer.from('7f454c46020101', 'hex')));
  assert.is(parseEntry('none', 'enabled\noffset x\n').offset, 0);
});

test('registrationLine writes every magic and mask byte escaped', () => {
  const line = registrationLine({
    ...profile('s390x'),
    name: 'qemu-s390x',
    interpreter: '/usr/bin/qemu-s390x-static',
    flags: 'OCF',
  });
  assert.is(
    line,
    ':qemu-s390x:M::' +
      '\\x7f\\x45\\x4c\\x46\\x02\\x02\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00' +
      '\\x00\\x02\\x00\\x16:' +
      '\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfc\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff' +
      '\\xff\\xfe\\xff\\xff:/usr/bin/qemu-s390x-static:OCF',
  );
});

test('B43: the planned qemu-aarch64 line has the F flag and an empty offset', () => {
  const line = registrationLine({
    name: 'qemu-aarch64',
    magic: profile('arm64').magic,
    mask: profile('arm64').mask,
    interpreter: '/usr/bin/qemu-aarch64',
    flags: 'F',
  });
  const magic =
    '\\x7f\\x45\\x4c\\x46\\x02\\x01\\x01' + '\\x00'.repeat(9) + '\\x02\\x00\\xb7\\x00';
  const mask = '\\xff'.repeat(7) + '\\x00' + '\\xff'.repeat(8) + '\\xfe\\xff\\xff\\xff';
  assert.is(line, `:qemu-aarch64:M::${magic}:${mask}:/usr/bin/qemu-aarch64:F`);
});

test('a non-zero offset is written in its field', () => {
  const line = registrationLine({
    name: 'x',
    magic: hex('3a0a'),
    mask: hex('ffff'),
    interpreter: '/i',
    flags: 'F',
    offset: 4,
  });
  assert.is(line, ':x:M:4:\\x3a\\x0a:\\xff\\xff:/i:F');
});

test('B44: an F handler whose interpreter path is gone from the host still works', () => {
  const text = kernelText(profile('arm'), 'enabled', 'POCF').replace(
    '/usr/bin/qemu-arm-static',
    '/usr/bin/qemu-arm-nowhere',
  );
  const entry = parseEntry('qemu-arm', text);
  const status = handlerStatus(profile('arm'), {
    state: 'ok',
    enabled: true,
    entries: [entry],
  });
  assert.equal(status, { state: 'working', entry });
  assert.is(describe(status), 'qemu-arm is registered');
});

test('a handler covers its architecture whatever it is named', () => {
  const entry = parseEntry('python3.10-not-really', kernelText(profile('arm64')));
  const status = handlerStatus(profile('arm64'), {
    state: 'ok',
    enabled: true,
    entries: [entry],
  });
  assert.is(status.state, 'working');
});

test('B47: an emptied table means no handler for x86-64', () => {
  const status = handlerStatus(profile('amd64'), {
    state: 'ok',
    enabled: true,
    entries: [],
  });
  assert.equal(status, { state: 'missing' });
  assert.is(describe(status), 'no handler is registered');
});

test('a handler without F is broken for containers', () => {
  const entry = parseEntry('qemu-arm', kernelText(profile('arm'), 'enabled', 'OC'));
  const status = handlerStatus(profile('arm'), {
    state: 'ok',
    enabled: true,
    entries: [entry],
  });
  assert.is(
    describe(status),
    'handler qemu-arm has no F flag, so containers fail with "no such file or directory" ' +
      '(the kernel looks for /usr/bin/qemu-arm-static inside them)',
  );
});

test('a disabled handler and a disabled table are both broken', () => {
  const off = parseEntry('qemu-arm', kernelText(profile('arm'), 'disabled'));
  const on = parseEntry('qemu-arm', kernelText(profile('arm')));
  const table = (enabled: boolean, e: typeof on) => ({
    state: 'ok' as const,
    enabled,
    entries: [e],
  });
  assert.is(
    describe(handlerStatus(profile('arm'), table(true, off))),
    'handler qemu-arm is disabled: enable it with "echo 1 > /proc/sys/fs/binfmt_misc/qemu-arm"',
  );
  assert.is(
    describe(handlerStatus(profile('arm'), table(false, on))),
    'binfmt_misc is disabled as a whole',
  );
});

test.run();
