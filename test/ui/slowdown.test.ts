import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readSlowdowns, slowdownText } from '../../src/ui/slowdown.js';
import { describeOption } from '../../src/ui/describe.js';

test('measured factors are read from the state folder, invalid ones dropped', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'xrun-state-'));
  try {
    const factors = {
      'linux/s390x': 7.94,
      'linux/arm64': 12.4,
      'linux/ppc64le': -1,
      x: 'y',
    };
    await writeFile(path.join(dir, 'slowdown.json'), JSON.stringify({ factors }));
    assert.equal(readSlowdowns({ XRUN_STATE_DIR: dir }), {
      'linux/s390x': 7.94,
      'linux/arm64': 12.4,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('no measurement reads as no factors', () => {
  assert.equal(readSlowdowns({ XRUN_STATE_DIR: '/nonexistent/xrun' }), {});
});

test('the slowdown is worded from the measured factor, or as a plain warning', () => {
  const factors = { 'linux/s390x': 7.94, 'linux/arm64': 12.4 };
  assert.is(slowdownText('linux/s390x', factors), 'about 7.9x slower, measured');
  assert.is(slowdownText('linux/arm64', factors), 'about 12x slower, measured');
  assert.is(slowdownText('linux/ppc64le', factors), 'slower than native');
});

test('an emulation option names its emulator, handler state and measured slowdown', () => {
  const option = {
    kind: 'emulate' as const,
    platform: { os: 'linux', architecture: 's390x' },
    architecture: 's390x',
    handler: 'qemu-s390x',
    qemu: 'qemu-s390x',
    state: 'missing' as const,
  };
  assert.is(
    describeOption(option, { 'linux/s390x': 7.94 }),
    'Emulate linux/s390x via qemu-s390x (registers a handler now, about 7.9x slower, measured)',
  );
});

test.run();
