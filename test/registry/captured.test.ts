import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatPlatform } from '../../src/platform/platform.js';
import { readConfig } from '../../src/registry/config.js';
import { sha256Digest } from '../../src/registry/digest.js';
import { MEDIA, parseManifest } from '../../src/registry/manifest.js';

// Documents captured byte for byte from the distribution registry holding the fixtures.
const raw = (name: string) =>
  readFileSync(new URL(`fixtures/${name}.json.raw`, import.meta.url));
const MULTI = raw('busybox-multi');
const OCI = raw('busybox-oci-multi');
const AMD64 = raw('busybox-amd64');
const CONFIG = raw('busybox-amd64-config');
const ATTESTATION = raw('busybox-attestation');

const SIX = [
  'linux/amd64',
  'linux/arm64',
  'linux/arm/v7',
  'linux/386',
  'linux/ppc64le',
  'linux/s390x',
];

test('B37: the digest of each captured document is the sha256 of its raw bytes', () => {
  assert.is(
    sha256Digest(MULTI),
    'sha256:034608fecd0e7e57758f2653b86d365952a2c2ba6980944f8550285893f4b0a3',
  );
  assert.is(
    sha256Digest(OCI),
    'sha256:f62a31cfdfa06e88eeb2068d0c0e6eb86deb9b36f495dbaacc7cfd821820275e',
  );
  assert.is(
    sha256Digest(AMD64),
    'sha256:37c57bbd3aec70841a684fe0556ddf612c6c0bf56e6de618d9bd00e7bc8da382',
  );
});

test('the Docker manifest list names six platforms with their digests', () => {
  const m = parseManifest(MULTI, MEDIA.dockerList, 'multi');
  assert.ok(m.kind === 'index');
  assert.is(m.mediaType, MEDIA.dockerList);
  assert.equal(
    m.entries.map((e) => formatPlatform(e.platform)),
    SIX,
  );
  assert.is(
    m.entries[0]?.digest,
    'sha256:37c57bbd3aec70841a684fe0556ddf612c6c0bf56e6de618d9bd00e7bc8da382',
  );
  assert.is(m.ignored, 0);
});

test('B22: the OCI index has six platforms and one attestation ignored', () => {
  const m = parseManifest(OCI, MEDIA.ociIndex, 'oci-multi');
  assert.ok(m.kind === 'index');
  assert.equal(
    m.entries.map((e) => formatPlatform(e.platform)),
    SIX,
  );
  assert.is(m.ignored, 1);
  assert.ok(!m.entries.some((e) => e.digest === sha256Digest(ATTESTATION)));
});

test('the amd64 manifest points at its config and sums its one layer', () => {
  const m = parseManifest(AMD64, MEDIA.dockerManifest, 'amd64');
  assert.equal(m, {
    kind: 'image',
    mediaType: MEDIA.dockerManifest,
    configDigest: sha256Digest(CONFIG),
    configType: 'application/vnd.docker.container.image.v1+json',
    layersSize: 1028735,
  });
});

test('the amd64 config declares linux/amd64 and no variant', () => {
  assert.equal(readConfig(CONFIG, 'amd64 config'), {
    platform: { os: 'linux', architecture: 'amd64' },
  });
});

test('the attestation manifest is an image document whose config is not a platform', () => {
  const m = parseManifest(ATTESTATION, MEDIA.ociManifest, 'attestation');
  assert.is(m.kind, 'image');
});

test.run();
