import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { entryDigest } from '../helpers/registry-fixture.js';
import { BUSYBOX, xrun } from '../helpers/xrun.js';

const TAG = `${BUSYBOX}:multi`;
let amd64 = '';

/** The platform `docker image inspect` gives for a reference. */
async function platformOf(reference: string): Promise<string> {
  const { stdout } = await execa('docker', [
    'image',
    'inspect',
    '--format',
    '{{.Os}}/{{.Architecture}}',
    reference,
  ]);
  return String(stdout);
}

/** Removes only what these tests pulled: the tag and the pinned entry, by image id. */
async function cleanUp(): Promise<void> {
  const { stdout } = await execa(
    'docker',
    ['image', 'inspect', '--format', '{{.Id}}', TAG, `${BUSYBOX}@${amd64}`],
    { reject: false },
  );
  const ids = String(stdout).split('\n').filter(Boolean);
  if (ids.length > 0) await execa('docker', ['rmi', '-f', ...ids], { reject: false });
}

test.before(async () => {
  amd64 = await entryDigest('multi', 'linux/amd64');
  await cleanUp();
});
test.before.each(async () => {
  await execa('docker', ['pull', '-q', '--platform', 'linux/arm64', TAG]);
  assert.is(await platformOf(TAG), 'linux/arm64');
});
test.after.each(cleanUp);

test('a cached arm64 tag is never run on amd64: the amd64 entry is pulled by digest', async () => {
  const r = await xrun(['--rm', '--network', 'none', TAG, 'uname', '-m']);
  assert.is(r.stdout, 'x86_64');
  assert.is(r.exitCode, 0, r.stderr);
  assert.is(r.stderr.split('\n')[0], `xrun: ${TAG}: using linux/amd64 (native)`);
  assert.is(await platformOf(TAG), 'linux/arm64');
  assert.is(await platformOf(`${BUSYBOX}@${amd64}`), 'linux/amd64');
});

test('B16: --platform linux/amd64 with an arm64 copy cached runs amd64, tag unmoved', async () => {
  const r = await xrun(['--rm', '--network', 'none', '--platform', 'linux/amd64', TAG]);
  assert.is(r.stdout, 'x86_64');
  assert.is(r.exitCode, 0, r.stderr);
  assert.is(await platformOf(TAG), 'linux/arm64');
});

test('xrun inspect shows the platform of the local copy', async () => {
  const r = await xrun(['inspect', TAG]);
  assert.is(r.exitCode, 0, r.stderr);
  assert.is(r.stdout.split('\n')[2], 'host linux/amd64, local copy linux/arm64');
  const json = await xrun(['inspect', '--json', TAG]);
  assert.is((JSON.parse(json.stdout) as { local: string }).local, 'linux/arm64');
});

test.run();
