import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BUSYBOX, XRUN, xrun } from '../helpers/xrun.js';

const IMAGE = `${BUSYBOX}:amd64`;

test('a command that cannot be invoked exits 126', async () => {
  const r = await xrun(['--rm', IMAGE, '/etc']);
  assert.is(r.exitCode, 126);
});

test('a container killed by a signal exits 128 + N', async () => {
  const name = `xrun-exit-test-${process.pid}`;
  const run = xrun(['--rm', '--name', name, IMAGE, 'sleep', '30']);
  for (let i = 0; i < 100; i++) {
    const { stdout } = await execa('docker', ['ps', '-q', '--filter', `name=${name}`]);
    if (stdout.trim()) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await execa('docker', ['kill', '--signal', 'KILL', name]);
  assert.is((await run).exitCode, 137);
});

test('a daemon-side failure of docker run exits 125', async () => {
  const r = await xrun(['--rm', '--memory', 'lots', IMAGE, 'true']);
  assert.is(r.exitCode, 125);
});

test("SIGTERM sent to xrun reaches the container, whose code becomes xrun's", async () => {
  const child = execa(
    process.execPath,
    [
      XRUN,
      '--rm',
      IMAGE,
      'sh',
      '-c',
      'trap "echo got-term; exit 143" TERM; echo ready; sleep 30 & wait',
    ],
    { reject: false, stdin: 'ignore', timeout: 60_000 },
  );
  await new Promise<void>((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
  });
  child.kill('SIGTERM');
  const result = await child;
  assert.is(result.exitCode, 143);
  assert.match(String(result.stdout), 'got-term');
});

test.run();
