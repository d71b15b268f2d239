import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { handlersFor, withoutHandlers } from '../helpers/binfmt.js';
import { recordFault } from '../helpers/figures.js';
import { BUSYBOX, xrun } from '../helpers/xrun.js';

const IMAGE = `${BUSYBOX}:multi`;
const S390X = ['--rm', '--emulate', '--platform', 'linux/s390x', IMAGE];
let dir = '';

test.before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xrun-binfmt-'));
});

test.after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('binfmt_misc not mounted where it is looked for, and not mountable: one line, 125', async () => {
  const empty = path.join(dir, 'empty');
  await mkdir(empty);
  const r = await xrun(S390X, { env: { XRUN_BINFMT_DIR: empty } });
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr.split('\n').at(-1),
    `xrun: binfmt_misc is not mounted at ${empty}: as root run ` +
      `"mount -t binfmt_misc binfmt_misc ${empty}"`,
  );
  assert.is(r.stdout, '');
  recordFault('binfmt: not mounted and not mountable');
});

test('a registration the kernel refuses is one line, 125, and nothing is run', async () => {
  const refusing = path.join(dir, 'refusing');
  await mkdir(path.join(refusing, 'register'), { recursive: true });
  await writeFile(path.join(refusing, 'status'), 'enabled\n');
  const r = await xrun(S390X, { env: { XRUN_BINFMT_DIR: refusing } });
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr.split('\n').at(-1),
    'xrun: the kernel refused handler qemu-s390x (EISDIR): illegal operation on a ' +
      `directory, open '${refusing}/register'`,
  );
  assert.is(r.stdout, '');
  recordFault('binfmt: register refused');
});

test('two xrun processes registering the same handler at once both run; one handler', async () => {
  await withoutHandlers(['s390x'], async () => {
    const [a, b] = await Promise.all([xrun(S390X), xrun(S390X)]);
    assert.is(a.stdout, 's390x', a.stderr);
    assert.is(b.stdout, 's390x', b.stderr);
    assert.is(a.exitCode, 0);
    assert.is(b.exitCode, 0);
    const entries = await handlersFor(['s390x']);
    assert.equal(
      entries.map((e) => [e.name, e.flags, e.enabled]),
      [['qemu-s390x', 'POCF', true]],
    );
  });
  recordFault('binfmt: two registrations at the same moment');
});

test.run();
