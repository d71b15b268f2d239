import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ensureMounted,
  kernelHasBinfmt,
  mountProblem,
  mountState,
  mountTypesAt,
} from '../../src/emulation/mount.js';
import { UserError } from '../../src/errors.js';
import { fakeBinfmt, fakeProc, mountLine } from './fixtures.js';

const BINFMT = '/proc/sys/fs/binfmt_misc';
const AUTOFS =
  '45 22 0:39 / /proc/sys/fs/binfmt_misc rw,relatime shared:12 - autofs systemd-1 ' +
  'rw,fd=29,pgrp=1,timeout=0,minproto=5,maxproto=5,direct,pipe_ino=1457\n';

const emptyDir = () => mkdtempSync(path.join(tmpdir(), 'xrun-empty-'));

test('the types mounted at a folder are read from mountinfo, escapes decoded', () => {
  const info = AUTOFS + mountLine(BINFMT, 'binfmt_misc') + mountLine('/x\\040y', 'tmpfs');
  assert.equal(mountTypesAt(info, BINFMT), ['autofs', 'binfmt_misc']);
  assert.equal(mountTypesAt(info, '/x y'), ['tmpfs']);
  assert.equal(mountTypesAt(info, '/proc'), []);
});

test('/proc/filesystems says whether the kernel has binfmt_misc', () => {
  assert.ok(kernelHasBinfmt('nodev\tsysfs\nnodev\tbinfmt_misc\n\text4\n'));
  assert.not.ok(kernelHasBinfmt('nodev\tsysfs\n\text4\n'));
});

test('the real binfmt_misc of this machine is mounted', async () => {
  assert.equal(await mountState(), { state: 'mounted' });
});

test('B50: an autofs point that does not mount when touched is reported', async () => {
  const dir = emptyDir();
  const proc = fakeProc(AUTOFS.replace(BINFMT, dir));
  const state = await mountState(dir, proc);
  assert.equal(state, { state: 'autofs' });
  assert.is(
    mountProblem(state, dir),
    `${dir} is an autofs automount that did not mount when touched: ` +
      'run "systemctl start proc-sys-fs-binfmt_misc.mount"',
  );
});

test('B50: autofs with binfmt_misc mounted over it counts as mounted', async () => {
  const dir = fakeBinfmt({});
  const proc = fakeProc(AUTOFS.replace(BINFMT, dir) + mountLine(dir, 'binfmt_misc'));
  assert.equal(await mountState(dir, proc), { state: 'mounted' });
});

test('B51(a): a kernel without binfmt_misc is unsupported, with the way out', async () => {
  const dir = emptyDir();
  const state = await mountState(dir, fakeProc('', 'nodev\tsysfs\n'));
  assert.equal(state, { state: 'unsupported' });
  assert.is(
    mountProblem(state, dir),
    'this kernel has no binfmt_misc: load it with "modprobe binfmt_misc" ' +
      'or use a kernel built with it',
  );
});

test('B51(b): listed in /proc/filesystems but not mounted says how to mount it', async () => {
  const dir = emptyDir();
  const state = await mountState(dir, fakeProc(''));
  assert.equal(state, { state: 'not-mounted' });
  assert.is(
    mountProblem(state, dir),
    `binfmt_misc is not mounted at ${dir}: as root run ` +
      `"mount -t binfmt_misc binfmt_misc ${dir}"`,
  );
  assert.is(
    mountProblem(state, BINFMT),
    `binfmt_misc is not mounted at ${BINFMT}: as root run ` +
      `"mount -t binfmt_misc binfmt_misc ${BINFMT}" ("xrun emulate" does it itself)`,
  );
});

test('a plain folder holding register stands in for a mounted binfmt_misc', async () => {
  assert.equal(await mountState(fakeBinfmt({}), fakeProc('')), { state: 'mounted' });
});

test('ensureMounted mounts only at the usual place and says why elsewhere', async () => {
  const dir = emptyDir();
  try {
    await ensureMounted(dir, fakeProc(''));
    assert.unreachable('a stand-in folder is never mounted over');
  } catch (error) {
    assert.instance(error, UserError);
    assert.match((error as Error).message, `binfmt_misc is not mounted at ${dir}`);
  }
  await ensureMounted(fakeBinfmt({}), fakeProc(''));
});

test.run();
