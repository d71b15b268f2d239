import { PassThrough, Writable } from 'node:stream';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPty, ptyCommand, terminalOutput } from '../../src/run/pty.js';
import { BUSYBOX } from '../helpers/xrun.js';

const IMAGE = `${BUSYBOX}:amd64`;
const SCRIPT =
  'stty -opost 2>/dev/null; out=$1; shift; [ -z "$out" ] || exec "$@" >"$out"; exec "$@"';

// Local, so that docker prints nothing but the container's output.
test.before(async () => {
  await execa('docker', ['pull', '-q', IMAGE]);
});

test('the engine starts through sh, its stdout pointed at the terminal when there is one', () => {
  assert.equal(ptyCommand('docker', ['run', '-t', 'a b'], '/proc/42/fd/1', true), [
    '/bin/sh',
    ['-c', SCRIPT, 'xrun', '/proc/42/fd/1', 'docker', 'run', '-t', 'a b'],
  ]);
  assert.equal(ptyCommand('podman', ['run'], undefined, true), [
    '/bin/sh',
    ['-c', SCRIPT, 'xrun', '', 'podman', 'run'],
  ]);
  assert.equal(ptyCommand('docker', ['run'], '/proc/42/fd/1', false), [
    'docker',
    ['run'],
  ]);
});

test('a stdout that is not our terminal is not reopened', () => {
  const sink = new Writable({ write: (_c, _e, done) => done() });
  assert.is(terminalOutput(sink as unknown as NodeJS.WriteStream), undefined);
  // The suite runs without a terminal on stdout.
  assert.is(process.stdout.isTTY, undefined);
  assert.is(terminalOutput(process.stdout), undefined);
});

/** A stream that keeps what is written to it. */
function sink() {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write: (chunk: Buffer, _e, done) => (chunks.push(chunk), done()),
  });
  return {
    stream: stream as unknown as NodeJS.WriteStream,
    text: () => Buffer.concat(chunks).toString(),
  };
}

test('without a terminal to reopen, the output is copied from the pty, bytes unchanged', async () => {
  const out = sink();
  const err = sink();
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
  const run = await loadPty({ stdin, stdout: out.stream, stderr: err.stream });
  const args = ['run', '-t', '--rm', IMAGE, 'sh', '-c', 'printf "a\\nb\\n"; exit 3'];
  const code = await run('docker', args, { interactive: false, onStop: () => undefined });
  assert.is(code, 3);
  // The container's pty makes \r\n; the relaying pty adds nothing.
  assert.is(out.text(), 'a\r\nb\r\n');
  assert.is(err.text(), '');
});

test.run();
