import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { recordFault } from '../helpers/figures.js';
import { registrationLine } from '../../src/emulation/binfmt.js';
import { profileOf } from '../../src/emulation/profiles.js';
import { disable, register, withoutHandlers } from '../helpers/binfmt.js';
import { xrun } from '../helpers/xrun.js';

interface Row {
  platform: string | null;
  status: string;
  handler: string | null;
  flags: string | null;
  probe: string | null;
  problems: Array<{ code: string; severity: string; message: string }>;
}

/** A registration line for a profile's binaries with any interpreter and flags. */
function line(arch: string, name: string, interpreter: string, flags: string): string {
  const p = profileOf(arch);
  if (!p) throw new Error(`no ${arch} profile`);
  return registrationLine({ name, magic: p.magic, mask: p.mask, interpreter, flags });
}

/** `xrun emulators --json`, and the row of one architecture's main platform. */
async function doctor(platform: string): Promise<Row> {
  const r = await xrun(['emulators', '--json']);
  assert.is(r.exitCode, 0, r.stderr);
  const row = (JSON.parse(r.stdout) as Row[]).find((x) => x.platform === platform);
  if (!row) throw new Error(`no row for ${platform}`);
  return row;
}

const errors = (row: Row) => row.problems.filter((p) => p.severity === 'error');

test('an entry registered without F is broken for containers', async () => {
  await withoutHandlers(['riscv64'], async () => {
    await register(line('riscv64', 'qemu-riscv64', '/usr/bin/qemu-riscv64-static', 'OC'));
    const row = await doctor('linux/riscv64');
    assert.is(row.status, 'broken');
    assert.is(row.probe, 'ok');
    assert.equal(errors(row), [
      {
        code: 'no-fix-binary',
        severity: 'error',
        message:
          'handler qemu-riscv64 has no F flag, so containers fail with "no such file or ' +
          'directory" (the kernel looks for /usr/bin/qemu-riscv64-static inside them)',
        handler: 'qemu-riscv64',
      },
    ]);
    const text = await xrun(['emulators']);
    assert.match(
      text.stdout,
      /\nlinux\/riscv64 +broken +qemu-riscv64 +OC +\/usr\/bin\/qemu-riscv64-static\n/,
    );
  });
  recordFault('binfmt: an entry registered without F is broken for containers');
});

test('B43: a dynamically linked interpreter is broken, its loader named', async () => {
  await withoutHandlers(['mips64le'], async () => {
    await register(line('mips64le', 'qemu-mips64el', '/bin/ls', 'OCF'));
    const row = await doctor('linux/mips64le');
    assert.is(row.status, 'broken');
    assert.equal(
      errors(row).map((p) => p.message),
      [
        '/bin/ls is dynamically linked (needs /lib64/ld-linux-x86-64.so.2), so it cannot ' +
          'start inside containers: use a static build (apt-get install qemu-user-static)',
      ],
    );
  });
  recordFault(
    'binfmt: B43: a dynamically linked interpreter is broken, its loader named',
  );
});

test('a disabled entry is broken and the probe finds no way to run', async () => {
  await withoutHandlers(['loong64'], async () => {
    const interpreter = '/usr/libexec/qemu-binfmt/loongarch64-binfmt-P';
    await register(line('loong64', 'qemu-loongarch64', interpreter, 'POCF'));
    await disable('qemu-loongarch64');
    const row = await doctor('linux/loong64');
    assert.is(row.status, 'broken');
    assert.is(row.probe, 'no-handler');
    assert.equal(
      errors(row).map((p) => p.message),
      [
        'handler qemu-loongarch64 is disabled: enable it with ' +
          '"echo 1 > /proc/sys/fs/binfmt_misc/qemu-loongarch64"',
      ],
    );
  });
  recordFault('binfmt: a disabled entry is broken and the probe finds no way to run');
});

test('B46: the -binfmt-P wrapper without P is caught by rule and by probe', async () => {
  await withoutHandlers(['arm'], async () => {
    const interpreter = '/usr/libexec/qemu-binfmt/arm-binfmt-P';
    await register(line('arm', 'qemu-arm', interpreter, 'OCF'));
    const row = await doctor('linux/arm/v7');
    assert.is(row.status, 'broken');
    assert.is(row.probe, 'argv-short');
    assert.equal(
      errors(row).map((p) => p.code),
      ['p-missing'],
    );
  });
  recordFault(
    'binfmt: B46: the -binfmt-P wrapper without P is caught by rule and by probe',
  );
});

test("qemu-i386 on this amd64 host captures the host's own 386 programs", async () => {
  await withoutHandlers(['386'], async () => {
    await register(line('386', 'qemu-i386', '/usr/bin/qemu-i386-static', 'OCF'));
    const row = await doctor('linux/386');
    assert.is(row.status, 'broken');
    assert.equal(
      errors(row).map((p) => p.code),
      ['captures-native'],
    );
    const r = await xrun(['emulate', '--remove', '--force', 'linux/386']);
    assert.is(r.stdout, 'linux/386: removed qemu-i386');
    assert.is((await doctor('linux/386')).status, 'native');
  });
  recordFault(
    "binfmt: qemu-i386 on this amd64 host captures the host's own 386 programs",
  );
});

test('with the daemon down the doctor still shows this kernel, saying so once', async () => {
  const r = await xrun(['emulators'], {
    env: { DOCKER_HOST: 'unix:///tmp/xrun-none.sock' },
  });
  assert.is(r.exitCode, 0);
  assert.match(
    r.stderr,
    /^xrun: note: the Docker daemon is not reachable \(.*\): start it/,
  );
  assert.match(r.stderr, /; showing this kernel's binfmt_misc$/);
  assert.is(r.stderr.split('\n').length, 1);
  assert.is(
    r.stdout.split('\n')[0],
    'binfmt_misc at /proc/sys/fs/binfmt_misc on this kernel: enabled',
  );
  recordFault(
    'binfmt: with the daemon down the doctor still shows this kernel, saying so once',
  );
});

test.run();
