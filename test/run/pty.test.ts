import { PassThrough, Writable } from 'node:stream';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPty, ptyCommand, terminalOutput } from '../../src/run/pty.js';
import { BUSYBOX } from '../helpers/xrun.js';

const IMAGE = `${BUSYBOX}:amd64`;

// Local, so that docker prints nothing but the container's output.
test.before(async () => {
  await execa('docker', ['pull', '-q', IMAGE]);
});

test('with a reopenable terminal the engine writes its stdout there through sh', () => {
  assert.equal(ptyCommand('docker', ['run', '-t', 'a b'], '/proc/42/fd/1'), [
    '/bin/sh',
    [
      '-c',
      'out=$1; shift; exec "$@" >"$out"',
      'xrun',
      '/proc/42/fd/1',
      'docker',
      'run',
      '-t',
      'a b',
    ],
  ]);
  assert.equal(ptyCommand('podman', ['run'], undefined), ['podman', ['run']]);
});

test('a stdout that is not our terminal is not reopened', () => {
  const sink = new Writable({ write: (_c, _e, done) => done() });
  assert.is(terminalOutput(sink as unknown as NodeJS.WriteStream), undefined);
  // The suite runs without a terminal on stdout.
  assert.is(process.stdout.isTTY, undefined);
  assert.is(terminalOutput(process.stdout), undefined);
});

test('without a terminal to reopen, the output is copied from the pty', async () => {
  const chunks: Buffer[] = [];
  const stdout = new Writable({
    write: (chunk: Buffer, _e, done) => (chunks.push(chunk), done()),
  });
  const stdin = new PassThrough();
  const run = await loadPty({
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
  });
  const args = [
    'run',
    '-t',
    '--rm',
    `${BUSYBOX}:amd64`,
    'sh',
    '-c',
    'echo copied; exit 3',
  ];
  const code = await run('docker', args, () => undefined);
  assert.is(code, 3);
  assert.match(Buffer.concat(chunks).toString(), /^copied\r+\n$/);
});

test.run();
