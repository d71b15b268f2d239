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

test('inspect of a local copy whose registry is unreachable shows the copy and says why', async () => {
  // Nothing listens on port 9 of loopback: the registry refuses the connection.
  const offline = '127.0.0.1:9/xrun/offline:1';
  await execa('docker', ['tag', TAG, offline]);
  try {
    const r = await xrun(['inspect', offline]);
    assert.is(r.exitCode, 0, r.stderr);
    assert.is(
      r.stderr,
      'xrun: note: showing the local copy only: registry 127.0.0.1:9 refused the ' +
        'connection: is it running and is the address right?',
    );
    const rows = r.stdout.split('\n');
    assert.equal(rows.slice(0, 5), [
      offline,
      'registry not reached: the local copy only',
      'host linux/amd64, local copy linux/arm64',
      '',
      '  PLATFORM         DIGEST        ON THIS HOST',
    ]);
    // Whether a handler is registered depends on the machine; the row's start does not.
    assert.match(
      rows[5] ?? '',
      /^\* linux\/arm64 {6}local copy {4}\D.*\(qemu-aarch64\)$/,
    );
    assert.equal(rows.slice(6), ['* the entry xrun would run']);
    const json = JSON.parse((await xrun(['inspect', '--json', offline])).stdout);
    assert.is(json.local, 'linux/arm64');
    assert.is(json.digest, null);
    assert.equal(
      json.platforms.map((p: { platform: string; digest: null }) => [
        p.platform,
        p.digest,
      ]),
      [['linux/arm64', null]],
    );
    assert.match(json.registryError, '127.0.0.1:9');
  } finally {
    await execa('docker', ['rmi', offline], { reject: false });
  }
});

test.run();
