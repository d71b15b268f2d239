import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatPlatform } from '../../src/platform/platform.js';
import { MEDIA, parseManifest } from '../../src/registry/manifest.js';
import { throwsUserError } from '../helpers/assert.js';
import {
  D,
  SRC,
  arm64,
  asIndex,
  attestation,
  platformsOf,
  read,
} from '../helpers/manifests.js';

const refused = throwsUserError;

test('a Windows entry keeps os.version and os.features', () => {
  const entry = {
    ...arm64,
    platform: {
      os: 'windows',
      architecture: 'amd64',
      'os.version': '10.0.17763.5576',
      'os.features': ['win32k'],
    },
  };
  const m = asIndex(read({ schemaVersion: 2, manifests: [entry] }));
  assert.equal(m.entries[0]?.osFeatures, ['win32k']);
  assert.is(m.entries[0]?.osVersion, '10.0.17763.5576');
});

test('an image entry without a platform waits for its config, it is not ignored', () => {
  const { platform: _, ...bare } = arm64;
  const m = asIndex(read({ schemaVersion: 2, manifests: [bare, attestation] }));
  assert.equal(m.entries, []);
  assert.equal(m.unlabelled, [
    { digest: D(1), mediaType: MEDIA.ociManifest, size: 3000 },
  ]);
  assert.is(m.ignored, 1);
});

test('artifacts and non-manifest entries are ignored and counted', () => {
  const sbom = { ...arm64, digest: D(4), artifactType: 'application/spdx+json' };
  const inToto = { ...arm64, digest: D(5), mediaType: 'application/vnd.in-toto+json' };
  const m = asIndex(read({ schemaVersion: 2, manifests: [arm64, sbom, inToto] }));
  assert.equal(platformsOf(m), ['linux/arm64']);
  assert.is(m.ignored, 2);
});

test('an entry with an attestation annotation but a real-looking platform is ignored', () => {
  const odd = { ...attestation, platform: { os: 'linux', architecture: 'amd64' } };
  const m = asIndex(read({ schemaVersion: 2, manifests: [arm64, odd] }));
  assert.equal(platformsOf(m), ['linux/arm64']);
  assert.is(m.ignored, 1);
});

test('an entry without os is read as linux', () => {
  const entry = { ...arm64, platform: { architecture: 's390x' } };
  assert.equal(platformsOf(read({ schemaVersion: 2, manifests: [entry] })), [
    'linux/s390x',
  ]);
});

test('a single image sums its compressed layer sizes', () => {
  const m = read({
    schemaVersion: 2,
    mediaType: MEDIA.ociManifest,
    config: { digest: D(3), size: 10 },
    layers: [{ size: 1000 }, { size: 234 }],
  });
  assert.is(m.kind === 'image' && m.layersSize, 1234);
});

test('B41: an unsigned schema 1 manifest keeps the unsigned media type', () => {
  const m = read({ schemaVersion: 1, architecture: 'arm64' }, MEDIA.schema1);
  assert.equal(m.kind === 'schema1' && m.mediaType, MEDIA.schema1);
  assert.is(m.kind === 'schema1' && formatPlatform(m.platform), 'linux/arm64');
});

test('a JSON array or a JSON string is refused as not an object', () => {
  refused(() => read([1, 2]), /it is not a JSON object/);
  refused(() => read('text'), /it is not a JSON object/);
});

test('invalid JSON is refused naming the source', () => {
  refused(
    () => parseManifest(Buffer.from('<html>'), 'text/html', SRC),
    /^malformed manifest from registry.example\/app:1: it is not valid JSON$/,
  );
});

test.run();
