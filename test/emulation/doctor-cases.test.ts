import { rmSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HostBackend } from '../../src/emulation/backend.js';
import { inspectHandlers } from '../../src/emulation/handlers.js';
import { inspectEmulation } from '../../src/emulation/inspect.js';
import { checkBeforeRun, emulationLostHint } from '../../src/emulation/verify.js';
import { parsePlatform, type Platform } from '../../src/platform/platform.js';
import { fakeBinfmt, fakeProc, kernelText, profile, profiles } from './fixtures.js';

const AMD64 = parsePlatform('linux/amd64');

/** The doctor's view of a stand-in binfmt_misc folder holding these entry files. */
async function doctor(
  entries: Record<string, string>,
  options: { host?: Platform; status?: string; proc?: string } = {},
) {
  const dir = fakeBinfmt(entries, options.status);
  const backend = new HostBackend({ dir, proc: options.proc ?? fakeProc(''), uid: 0 });
  const found = await inspectEmulation(backend, {
    host: options.host ?? AMD64,
    profiles,
  });
  const row = (arch: string) => {
    const r = found.platforms.find((p) => p.architecture === arch);
    if (!r) throw new Error(`no row for ${arch}`);
    return r;
  };
  return { ...found, row, dir };
}

const messages = (problems: { message: string }[]) => problems.map((p) => p.message);

test('B43: a dynamically linked interpreter is broken, its loader named', async () => {
  const { row } = await doctor({
    'qemu-aarch64': kernelText(profile('arm64'), {
      interpreter: '/bin/ls',
      flags: 'OCF',
    }),
  });
  const r = row('arm64');
  assert.is(r.status, 'broken');
  assert.equal(r.problems, [
    {
      code: 'dynamic-interpreter',
      severity: 'error',
      message:
        '/bin/ls is dynamically linked (needs /lib64/ld-linux-x86-64.so.2), so it cannot ' +
        'start inside containers: use a static build (apt-get install qemu-user-static)',
      handler: 'qemu-aarch64',
    },
  ]);
  assert.is(r.fix, 'xrun emulate --yes linux/arm64');
});

test('B44: an F handler whose interpreter left the disk works, with a note', async () => {
  const { row } = await doctor({
    'qemu-arm': kernelText(profile('arm'), {
      interpreter: '/usr/bin/qemu-arm',
      flags: 'POCF',
    }),
  });
  const r = row('arm');
  assert.is(r.status, 'emulated');
  assert.is(r.via, 'binfmt');
  assert.equal(r.problems, [
    {
      code: 'interpreter-gone',
      severity: 'note',
      message:
        '/usr/bin/qemu-arm is no longer on disk, but the kernel holds it open (F flag): ' +
        'qemu-arm works until reboot or until it is removed',
      handler: 'qemu-arm',
    },
  ]);
  assert.is(r.fix, null);
});

test('B46: a tonistiigi/binfmt qemu-aarch64 registered OCF (no P) is flagged', async () => {
  const entry = (flags: string) => ({
    'qemu-aarch64': kernelText(profile('arm64'), {
      interpreter: '/usr/bin/qemu-aarch64',
      flags,
    }),
  });
  const without = (await doctor(entry('OCF'))).row('arm64');
  assert.is(without.status, 'broken');
  assert.equal(messages(without.problems.filter((p) => p.severity === 'error')), [
    '/usr/bin/qemu-aarch64 expects preserve-argv0 but P is not set, so multi-call ' +
      'programs like busybox fail ("applet not found")',
  ]);
  const withP = (await doctor(entry('POCF'))).row('arm64');
  assert.is(withP.status, 'emulated');
  assert.equal(
    withP.problems.map((p) => p.code),
    ['interpreter-gone'],
  );
});

test("B46: Debian's *-binfmt-P wrapper without P is flagged; with POCF it is clean", async () => {
  const wrapper = '/usr/libexec/qemu-binfmt/s390x-binfmt-P';
  const entry = (flags: string) => ({
    'qemu-s390x': kernelText(profile('s390x'), { interpreter: wrapper, flags }),
  });
  const bad = (await doctor(entry('OCF'))).row('s390x');
  assert.equal(
    bad.problems.map((p) => p.code),
    ['p-missing'],
  );
  const good = (await doctor(entry('POCF'))).row('s390x');
  assert.is(good.status, 'emulated');
  assert.equal(good.problems, []);
});

test('B47: after a reboot every foreign platform is missing, with the fix', async () => {
  const found = await doctor({});
  assert.equal(
    found.platforms.map((r) => `${r.platform} ${r.status}`),
    [
      'linux/386 native',
      'linux/amd64 native',
      'linux/arm/v7 missing',
      'linux/arm64 missing',
      'linux/loong64 missing',
      'linux/mips64le missing',
      'linux/ppc64le missing',
      'linux/riscv64 missing',
      'linux/s390x missing',
    ],
  );
  assert.equal(found.row('amd64'), {
    platform: 'linux/amd64',
    platforms: ['linux/amd64'],
    architecture: 'amd64',
    status: 'native',
    handler: null,
    interpreter: null,
    flags: null,
    via: 'native',
    probe: null,
    problems: [],
    fix: null,
  });
  assert.is(found.row('amd64').fix, null);
  assert.is(found.row('arm64').fix, 'xrun emulate linux/arm64');
});

test('B48: a table wiped after the check is caught right before the run', async () => {
  const aarch64 = kernelText(profile('arm64'), {
    interpreter: '/usr/libexec/qemu-binfmt/aarch64-binfmt-P',
    flags: 'POCF',
  });
  const python =
    'enabled\ninterpreter /usr/bin/python3.10\nflags: \noffset 0\nmagic 6f0d0d0a\n';
  const found = await doctor({ 'python3.10': python, 'qemu-aarch64': aarch64 });
  assert.is(found.row('arm64').status, 'emulated');
  assert.equal(found.others, [
    { name: 'python3.10', enabled: true, interpreter: '/usr/bin/python3.10', flags: '' },
  ]);
  const options = { dir: found.dir, env: {}, host: AMD64 };
  await checkBeforeRun('arm64', options);

  rmSync(path.join(found.dir, 'qemu-aarch64'));
  const lost =
    'the binfmt handler for linux/arm64 is gone now: another tool, such as a container ' +
    'running systemd-binfmt (minikube, kind), may have reset binfmt_misc; ' +
    'run "xrun emulate linux/arm64" again';
  assert.is(await emulationLostHint('arm64', options), lost);
  try {
    await checkBeforeRun('arm64', options);
    assert.unreachable('the run must not start');
  } catch (error) {
    assert.is((error as Error).message, lost);
  }
});

test('B50: an autofs point that never mounted makes every foreign platform unusable', async () => {
  const dir = fakeBinfmt({});
  rmSync(path.join(dir, 'register'));
  const proc = fakeProc(`45 22 0:39 / ${dir} rw - autofs systemd-1 rw,direct\n`);
  const backend = new HostBackend({ dir, proc, uid: 0 });
  const found = await inspectEmulation(backend, { host: AMD64, profiles });
  const message =
    `${dir} is an autofs automount that did not mount when touched: ` +
    'run "systemctl start proc-sys-fs-binfmt_misc.mount"';
  assert.equal(found.global, [{ code: 'autofs', severity: 'error', message }]);
  const arm64 = found.platforms.find((r) => r.architecture === 'arm64');
  assert.equal(arm64?.problems, found.global);
  assert.is(arm64?.fix, null);
});

test('B51: no binfmt_misc in the kernel, or not mounted, is said once for all', async () => {
  const dir = fakeBinfmt({});
  rmSync(path.join(dir, 'register'));
  const none = new HostBackend({ dir, proc: fakeProc('', 'nodev\tsysfs\n') });
  const a = await inspectEmulation(none, { host: AMD64, profiles });
  assert.equal(
    a.global.map((g) => g.code),
    ['unsupported'],
  );
  assert.is(a.platforms.find((r) => r.architecture === 's390x')?.fix, null);

  const unmounted = new HostBackend({ dir, proc: fakeProc('') });
  const b = await inspectEmulation(unmounted, { host: AMD64, profiles });
  assert.equal(
    b.global.map((g) => g.code),
    ['not-mounted'],
  );
  assert.is(
    b.platforms.find((r) => r.architecture === 's390x')?.fix,
    'xrun emulate linux/s390x',
  );
});

test("the run path gets the doctor's judgement as handler states", async () => {
  const dir = fakeBinfmt({
    'qemu-aarch64': kernelText(profile('arm64'), {
      interpreter: '/bin/ls',
      flags: 'OCF',
    }),
    'qemu-s390x': kernelText(profile('s390x')),
  });
  const { statuses, emulators } = await inspectHandlers(
    [profile('arm64'), profile('s390x'), profile('riscv64')],
    { host: AMD64, dir },
  );
  assert.is(statuses.arm64?.state, 'broken');
  assert.match(
    statuses.arm64?.state === 'broken' ? statuses.arm64.problem : '',
    /^\/bin\/ls is dynamically linked/,
  );
  assert.is(statuses.s390x?.state, 'working');
  assert.equal(statuses.riscv64, { state: 'missing' });
  assert.is(emulators.riscv64, '/usr/libexec/qemu-binfmt/riscv64-binfmt-P');
});

test.run();
