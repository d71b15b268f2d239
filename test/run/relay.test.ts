import {
  closeSync,
  constants,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fdRelay, HIGH_WATER, LOW_WATER } from '../../src/run/relay.js';

let dir = '';
test.before(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'xrun-relay-test-'));
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('everything written arrives in order; past the high mark the reader is paused, then let go', async () => {
  const file = path.join(dir, 'out');
  const fd = openSync(file, 'w');
  const pauses: boolean[] = [];
  const relay = fdRelay(fd, (on) => pauses.push(on));
  const MiB = 2 ** 20;
  const chunks = Array.from({ length: 10 }, (_, i) => Buffer.alloc(MiB, 97 + i));
  for (const chunk of chunks) relay.write(chunk);
  await relay.drained();
  closeSync(fd);
  assert.ok(10 * MiB > HIGH_WATER && LOW_WATER < HIGH_WATER);
  assert.equal(pauses, [true, false]);
  assert.ok(readFileSync(file).equals(Buffer.concat(chunks)));
});

test('a target that is gone (a pipe with no reader) drops the rest and still settles', async () => {
  const fifo = path.join(dir, 'fifo');
  await execa('mkfifo', [fifo]);
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(fifo, constants.O_WRONLY);
  closeSync(reader);
  const relay = fdRelay(writer, () => undefined);
  relay.write(Buffer.from('nobody reads this'));
  await relay.drained();
  relay.write(Buffer.from('nor this'));
  await relay.drained();
  closeSync(writer);
});

test.run();
