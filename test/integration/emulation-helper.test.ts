import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { handlersFor, withoutHandlers } from '../helpers/binfmt.js';
import { ROOT, xrun } from '../helpers/xrun.js';

const IMAGE = `xrun-binfmt-helper:test-${process.pid}`;
const root = mkdtempSync(path.join(tmpdir(), 'xrun-helper-'));
const env = {
  XRUN_STATE_DIR: `${root}/state`,
  XRUN_EMULATION_BACKEND: 'container',
  XRUN_HELPER_IMAGE: IMAGE,
};

test.before(async () => {
  const built = await execa(`${ROOT}scripts/binfmt-helper/build.sh`, [IMAGE], {
    reject: false,
  });
  assert.is(built.exitCode, 0, built.stderr);
  assert.is(built.stdout, `binfmt-helper: built ${IMAGE}`);
});

test.after(async () => {
  await execa('docker', ['rmi', '-f', IMAGE], { reject: false });
  rmSync(root, { recursive: true, force: true });
});

/** The JSON rows of `xrun emulators`, through the helper or on this kernel. */
async function rows(more: Record<string, string> = {}) {
  const r = await xrun(['emulators', '--json'], { env: { ...env, ...more } });
  assert.is(r.exitCode, 0, r.stderr);
  return JSON.parse(r.stdout) as Array<{
    architecture?: string;
    status: string;
    probe?: string;
  }>;
}

test('the helper reads the same table as this kernel, probes included', async () => {
  await withoutHandlers(['loong64'], async () => {
    const through = await rows();
    const here = await rows({ XRUN_EMULATION_BACKEND: 'host' });
    const pick = (list: typeof here, arch: string) =>
      list.find((r) => r.architecture === arch);
    for (const arch of ['amd64', '386', 'loong64']) {
      assert.is(pick(through, arch)?.status, pick(here, arch)?.status, arch);
      assert.is(pick(through, arch)?.probe, pick(here, arch)?.probe, arch);
    }
    assert.is(pick(through, 'loong64')?.probe, 'no-handler');
  });
});

test("a handler registered through the helper is in this kernel's table", async () => {
  await withoutHandlers(['loong64'], async () => {
    const r = await xrun(['emulate', 'linux/loong64'], { env });
    assert.is(r.exitCode, 0, r.stderr);
    assert.is(
      r.stdout,
      'linux/loong64: registered qemu-loongarch64 ' +
        '(/usr/libexec/qemu-binfmt/loongarch64-binfmt-P, flags POCF); the probe ran through it',
    );
    const [entry, ...more] = await handlersFor(['loong64']);
    assert.equal(more, []);
    assert.is(entry?.name, 'qemu-loongarch64');
    assert.is(entry?.flags, 'POCF');
    assert.is(entry?.interpreter, '/usr/libexec/qemu-binfmt/loongarch64-binfmt-P');
    assert.is(
      (await rows({ XRUN_EMULATION_BACKEND: 'host' })).find(
        (x) => x.architecture === 'loong64',
      )?.status,
      'emulated',
    );

    const removed = await xrun(['emulate', '--remove', 'linux/loong64'], { env });
    assert.is(removed.exitCode, 0, removed.stderr);
    assert.is(removed.stdout, 'linux/loong64: removed qemu-loongarch64');
    assert.equal(await handlersFor(['loong64']), []);
  });
});

test('--persist is refused when the table is reached through the helper', async () => {
  const r = await xrun(['emulate', '--persist', 'linux/loong64'], { env });
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    "xrun: --persist writes /etc/binfmt.d on this machine, but the daemon's kernel is " +
      'elsewhere: set up boot-time registration on that host',
  );
});

test('a helper image the daemon does not have is one line saying how to get it', async () => {
  const r = await xrun(['emulators'], {
    env: { ...env, XRUN_HELPER_IMAGE: 'xrun-none:0' },
  });
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    'xrun: the binfmt helper image xrun-none:0 is not on the daemon: build it with ' +
      'scripts/binfmt-helper/build.sh or set XRUN_HELPER_IMAGE to one that is',
  );
});

test.run();
