import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PROBE_ARGS, probeElf } from '../../src/emulation/probe-elf.js';
import { runProbes } from '../../src/emulation/probe.js';
import { loadProfiles, mainPlatform } from '../../src/emulation/profiles.js';
import { checkBeforeRun } from '../../src/emulation/verify.js';
import { formatPlatform } from '../../src/platform/platform.js';
import { handlersFor, remove, withoutHandlers } from '../helpers/binfmt.js';
import { BUSYBOX, xrun } from '../helpers/xrun.js';

const root = mkdtempSync(path.join(tmpdir(), 'xrun-probes-'));
const env = { XRUN_STATE_DIR: `${root}/state` };
test.after(() => rmSync(root, { recursive: true, force: true }));

const NATIVE = ['amd64', '386'];
const foreign = loadProfiles().filter((p) => !NATIVE.includes(p.architecture));

/** Runs a profile's probe by plain exec, as any program on this host is run. */
async function execProbe(arch: string): Promise<number | undefined> {
  const p = loadProfiles().find((x) => x.architecture === arch);
  if (!p) throw new Error(`no ${arch} profile`);
  const file = path.join(root, `probe-${arch}`);
  writeFileSync(file, probeElf(p));
  chmodSync(file, 0o755);
  return (await execa(file, PROBE_ARGS, { reject: false, stderr: 'ignore' })).exitCode;
}

test('with no handler a foreign probe is refused; amd64 and 386 run natively', async () => {
  await withoutHandlers(['riscv64', 'loong64'], async () => {
    const results = await runProbes(loadProfiles());
    assert.equal(results.amd64, { verdict: 'ok', detail: 'exited 42' });
    assert.equal(results['386'], { verdict: 'ok', detail: 'exited 42' });
    assert.equal(results.riscv64, { verdict: 'no-handler', detail: 'exec format error' });
    assert.equal(results.loong64, { verdict: 'no-handler', detail: 'exec format error' });
  });
});

for (const p of foreign) {
  const platform = formatPlatform(mainPlatform(p));
  test(`the ${p.architecture} probe exits 42 through a binfmt handler`, async () => {
    // Handlers that tests running at the same time registered are used, not replaced.
    const shared = (await handlersFor([p.architecture])).some((e) => e.enabled);
    if (shared) {
      assert.is(await execProbe(p.architecture), 42);
      return;
    }
    await withoutHandlers([p.architecture], async () => {
      const r = await xrun(['emulate', platform], { env });
      assert.is(r.exitCode, 0, r.stderr);
      assert.is(await execProbe(p.architecture), 42);
    });
  });
}

test('an emulated arm container runs after --emulate registers qemu-arm', async () => {
  await withoutHandlers(['arm'], async () => {
    const r = await xrun(
      [
        '--rm',
        '--network',
        'none',
        '--emulate',
        '--platform',
        'linux/arm/v7',
        `${BUSYBOX}:multi`,
      ],
      { env },
    );
    assert.is(r.exitCode, 0, r.stderr);
    assert.is(r.stdout, 'armv7l');
    assert.match(r.stderr, 'xrun: registered binfmt handler qemu-arm');
    const [entry] = await handlersFor(['arm']);
    assert.is(entry?.flags, 'POCF');
    assert.is(entry?.interpreter, '/usr/libexec/qemu-binfmt/arm-binfmt-P');
  });
});

test('B48: the check right before a run sees a handler another tool just removed', async () => {
  await withoutHandlers(['mips64le'], async () => {
    const r = await xrun(['emulate', 'linux/mips64le'], { env });
    assert.is(r.exitCode, 0, r.stderr);
    await checkBeforeRun('mips64le', { env: {} });
    await remove('qemu-mips64el');
    try {
      await checkBeforeRun('mips64le', { env: {} });
      assert.unreachable('the run must not start');
    } catch (error) {
      assert.is(
        (error as Error).message,
        'the binfmt handler for linux/mips64le is gone now: another tool, such as a ' +
          'container running systemd-binfmt (minikube, kind), may have reset binfmt_misc; ' +
          'run "xrun emulate linux/mips64le" again',
      );
    }
  });
});

test.run();
