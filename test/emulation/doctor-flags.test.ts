import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseEntry, tableOf } from '../../src/emulation/binfmt.js';
import { entryProblems, expectsP, kernelAtLeast } from '../../src/emulation/checks.js';
import { diagnose, type DoctorInput } from '../../src/emulation/doctor.js';
import { parsePlatform } from '../../src/platform/platform.js';
import { kernelText, profile, profiles, STATIC } from './fixtures.js';

const AMD64 = parsePlatform('linux/amd64');
const DIR = '/proc/sys/fs/binfmt_misc';

/** A diagnosis of a table made of these entry files, all interpreters static. */
function judge(entries: Record<string, string>, more: Partial<DoctorInput> = {}) {
  const texts = Object.entries(entries);
  const table = tableOf('enabled', texts);
  const interpreters = Object.fromEntries(
    table.entries.map((e) => [e.interpreter, STATIC] as const),
  );
  const found = diagnose({
    host: AMD64,
    profiles,
    snapshot: { mount: { state: 'mounted' }, table, kernel: '6.18.44' },
    dir: DIR,
    interpreters,
    ...more,
  });
  const row = (arch: string) => found.platforms.find((r) => r.architecture === arch);
  return { ...found, row };
}

const codes = (problems?: { code: string }[]) => (problems ?? []).map((p) => p.code);

test('an entry without F is broken: containers cannot find the interpreter', () => {
  const r = judge({
    'qemu-riscv64': kernelText(profile('riscv64'), { flags: 'OC' }),
  }).row('riscv64');
  assert.is(r?.status, 'broken');
  assert.equal(r?.problems[0], {
    code: 'no-fix-binary',
    severity: 'error',
    message:
      'handler qemu-riscv64 has no F flag, so containers fail with "no such file or ' +
      'directory" (the kernel looks for /usr/bin/qemu-riscv64-static inside them)',
    handler: 'qemu-riscv64',
  });
});

test('an entry without F whose interpreter is missing cannot run anything', () => {
  const entry = parseEntry('qemu-arm', kernelText(profile('arm'), { flags: 'OC' }));
  const ctx = { dir: DIR, profiles, interpreter: null, kernel: '6.1.0' };
  assert.equal(codes(entryProblems(entry, ctx)), [
    'no-fix-binary',
    'interpreter-missing',
  ]);
  assert.is(
    entryProblems(entry, ctx)[1]?.message,
    '/usr/bin/qemu-arm-static does not exist, so qemu-arm cannot run anything',
  );
});

test('a disabled entry is broken and says how to enable it', () => {
  const r = judge({
    'qemu-mips64el': kernelText(profile('mips64le'), { enabled: false }),
  }).row('mips64le');
  assert.is(r?.status, 'broken');
  assert.is(
    r?.problems[0]?.message,
    'handler qemu-mips64el is disabled: enable it with ' +
      '"echo 1 > /proc/sys/fs/binfmt_misc/qemu-mips64el"',
  );
});

test('binfmt_misc disabled as a whole breaks every handler and is never changed by xrun', () => {
  const table = tableOf('disabled', [['qemu-arm', kernelText(profile('arm'))]]);
  const found = diagnose({
    host: AMD64,
    profiles,
    snapshot: { mount: { state: 'mounted' }, table, kernel: '6.18.44' },
    dir: DIR,
    interpreters: {},
  });
  const message = `binfmt_misc is disabled as a whole: enable it with "echo 1 > ${DIR}/status"`;
  assert.equal(found.global, [{ code: 'binfmt-disabled', severity: 'error', message }]);
  const arm = found.platforms.find((r) => r.architecture === 'arm');
  assert.is(arm?.status, 'broken');
  assert.is(arm?.fix, `echo 1 > ${DIR}/status`);
});

test('no C flag works, with a warning that setuid programs fail', () => {
  const r = judge({
    'qemu-loongarch64': kernelText(profile('loong64'), { flags: 'F' }),
  }).row('loong64');
  assert.is(r?.status, 'emulated');
  assert.equal(r?.problems, [
    {
      code: 'no-credentials',
      severity: 'warning',
      message:
        'handler qemu-loongarch64 has no C flag, so setuid programs such as sudo fail ' +
        'under emulation',
      handler: 'qemu-loongarch64',
    },
  ]);
});

test("qemu-i386 on amd64 captures the host's own 386 programs", () => {
  const r = judge({ 'qemu-i386': kernelText(profile('386'), { flags: 'F' }) }).row('386');
  assert.is(r?.status, 'broken');
  assert.is(
    r?.problems[0]?.message,
    "handler qemu-i386 captures this host's own linux/386 programs, which then run under " +
      '/usr/bin/qemu-i386-static instead of natively',
  );
  assert.is(r?.fix, 'xrun emulate --remove --force linux/386');
});

test('two entries claiming the same programs are both named, whatever they are called', () => {
  const s390x = profile('s390x');
  const r = judge({
    'qemu-s390x': kernelText(s390x),
    'zz-s390x': kernelText(s390x, { interpreter: '/opt/s390x-emu' }),
  }).row('s390x');
  assert.is(r?.status, 'emulated');
  assert.equal(r?.problems, [
    {
      code: 'duplicate',
      severity: 'warning',
      message:
        'handlers qemu-s390x and zz-s390x both claim linux/s390x programs; ' +
        'the last registered runs them',
    },
  ]);
});

test('entries for other formats are listed as others and cover no platform', () => {
  const found = judge({
    WSLInterop: 'enabled\ninterpreter /init\nflags: PF\noffset 0\nmagic 4d5a\n',
    jar: 'enabled\ninterpreter /usr/bin/jexec\nflags: \noffset 0\nmagic 504b0304\n',
  });
  assert.equal(
    found.others.map((o) => o.name),
    ['jar', 'WSLInterop'],
  );
  assert.ok(found.platforms.every((r) => r.handler === null));
});

test('Rosetta on an arm64 host shows amd64 as emulated through rosetta', () => {
  const rosetta = kernelText(profile('amd64'), {
    interpreter: '/mnt/lima-rosetta/rosetta',
    flags: 'OCF',
  });
  const found = judge({ rosetta }, { host: parsePlatform('linux/arm64') });
  assert.is(found.row('amd64')?.status, 'emulated');
  assert.is(found.row('amd64')?.via, 'rosetta');
  assert.is(found.row('arm')?.status, 'native');
});

test('an arm64 CPU whose arm probe fails is not taken to run arm natively', () => {
  const found = judge(
    {},
    {
      host: parsePlatform('linux/arm64'),
      probes: { arm: { verdict: 'no-handler', detail: 'ENOEXEC' } },
    },
  );
  const arm = found.row('arm');
  assert.is(arm?.status, 'missing');
  assert.is(
    arm?.problems[0]?.message,
    'this CPU cannot run linux/arm/v7 programs itself (the probe: ENOEXEC)',
  );
  assert.is(arm?.fix, 'xrun emulate linux/arm/v7');
});

test('B46: a probe that lost an argument breaks a handler that looked fine', () => {
  const found = judge(
    {
      'qemu-ppc64le': kernelText(profile('ppc64le'), {
        interpreter: '/opt/qemu-ppc64le',
      }),
    },
    { probes: { ppc64le: { verdict: 'argv-short', detail: 'exited 41' } } },
  );
  const r = found.row('ppc64le');
  assert.is(r?.status, 'broken');
  assert.equal(codes(r?.problems), ['p-missing']);
  assert.is(r?.probe, 'argv-short');
});

test('P set for an emulator that does not expect it matters only before kernel 5.12', () => {
  const entry = parseEntry('qemu-arm', kernelText(profile('arm'), { flags: 'POCF' }));
  const ctx = (kernel: string) => ({ dir: DIR, profiles, interpreter: STATIC, kernel });
  assert.equal(entryProblems(entry, ctx('6.18.44')), []);
  assert.equal(entryProblems(entry, ctx('5.10.0-28-amd64')), [
    {
      code: 'p-unexpected',
      severity: 'error',
      message:
        'P is set but /usr/bin/qemu-arm-static does not expect it and kernel ' +
        '5.10.0-28-amd64 cannot tell it so (5.12 or later can): programs get their path ' +
        'as an extra argument',
      handler: 'qemu-arm',
    },
  ]);
  assert.ok(kernelAtLeast('5.12.0', 5, 12));
  assert.not.ok(kernelAtLeast('4.19.0', 5, 12));
});

test('what an interpreter expects: by name, by profile, or unknown', () => {
  const entry = (interpreter: string) =>
    parseEntry('x', kernelText(profile('arm64'), { interpreter }));
  assert.is(
    expectsP(entry('/usr/libexec/qemu-binfmt/aarch64-binfmt-P'), STATIC, profiles),
    true,
  );
  assert.is(expectsP(entry('/usr/bin/qemu-aarch64-static'), STATIC, profiles), false);
  assert.is(expectsP(entry('/usr/bin/qemu-aarch64'), STATIC, profiles), true);
  const dynamic = { isElf: true, interpreter: '/lib/ld-linux-aarch64.so.1' };
  assert.is(expectsP(entry('/usr/bin/qemu-aarch64'), dynamic, profiles), false);
  assert.is(expectsP(entry('/opt/box64'), STATIC, profiles), undefined);
});

test('B47: a handler xrun registered that is gone now gets a note about reboots', () => {
  const r = judge({}, { registered: ['qemu-x86_64', 'qemu-aarch64'] }).row('arm64');
  assert.is(r?.status, 'missing');
  assert.equal(r?.problems, [
    {
      code: 'lost',
      severity: 'note',
      message:
        'xrun registered qemu-aarch64 here before; binfmt_misc entries do not survive a ' +
        'reboot: "xrun emulate --persist linux/arm64" also registers it at boot',
    },
  ]);
  assert.is(r?.fix, 'xrun emulate linux/arm64');
});

test.run();
