import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatPlatform } from '../../src/platform/platform.js';
import { parseReference } from '../../src/reference/reference.js';
import { headDigest } from '../../src/registry/head.js';
import { resolveRemote } from '../../src/registry/resolve.js';
import { verifyEntry } from '../../src/registry/verify.js';
import { fixture } from '../helpers/registry-fixture.js';
import { BUSYBOX } from '../helpers/xrun.js';

const SINGLE: [string, string][] = [
  ['amd64', 'linux/amd64'],
  ['arm64', 'linux/arm64'],
  ['armv7', 'linux/arm/v7'],
  ['386', 'linux/386'],
  ['ppc64le', 'linux/ppc64le'],
  ['s390x', 'linux/s390x'],
];

for (const tag of ['multi', 'oci-multi', 'no-amd64']) {
  test(`${tag}: every platform and digest, as the registry lists them`, async () => {
    const expected = await fixture(tag);
    const remote = await resolveRemote(parseReference(`${BUSYBOX}:${tag}`));
    assert.is(remote.digest, expected.digest);
    assert.is(remote.single, false);
    assert.equal(
      remote.platforms.map((p) => [formatPlatform(p.platform), p.digest]),
      [...expected.entries],
    );
    assert.is(remote.ignored, tag === 'oci-multi' ? 1 : 0);
  });
}

for (const [tag, platform] of SINGLE) {
  test(`${tag}: a single image whose config says ${platform}`, async () => {
    const { digest } = await fixture(tag);
    const remote = await resolveRemote(parseReference(`${BUSYBOX}:${tag}`));
    assert.is(remote.single, true);
    assert.equal(
      remote.platforms.map((p) => [formatPlatform(p.platform), p.digest]),
      [[platform, digest]],
    );
  });
}

test('no entry of the manifest list is mislabelled', async () => {
  const ref = parseReference(`${BUSYBOX}:multi`);
  const remote = await resolveRemote(ref);
  await Promise.all(remote.platforms.map((entry) => verifyEntry(ref, entry)));
});

test('HEAD gives the index digest of multi, and a single image for amd64', async () => {
  const multi = await headDigest(parseReference(`${BUSYBOX}:multi`));
  assert.equal(multi, {
    digest: (await fixture('multi')).digest,
    mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
    index: true,
  });
  const amd64 = await headDigest(parseReference(`${BUSYBOX}:amd64`));
  assert.is(amd64.index, false);
  assert.is(amd64.digest, (await fixture('amd64')).digest);
});

test('127.0.0.1 and localhost name the same registry over plain HTTP', async () => {
  const remote = await resolveRemote(parseReference('127.0.0.1:5000/xrun/busybox:multi'));
  assert.is(remote.digest, (await fixture('multi')).digest);
  assert.is(remote.reference, '127.0.0.1:5000/xrun/busybox:multi');
});

test.run();
