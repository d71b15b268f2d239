import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatPlatform } from '../../src/platform/platform.js';
import { MANIFEST_ACCEPT } from '../../src/registry/client.js';
import { parseConfigPlatform } from '../../src/registry/config.js';
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

test('B22: an attestation entry is ignored and counted, arm64 is the one platform', () => {
  const m = asIndex(
    read({
      schemaVersion: 2,
      mediaType: MEDIA.ociIndex,
      manifests: [arm64, attestation],
    }),
  );
  assert.equal(platformsOf(m), ['linux/arm64']);
  assert.is(m.ignored, 1);
  assert.is(m.entries[0]?.digest, D(1));
  assert.is(m.mediaType, MEDIA.ociIndex);
});

test('B22: an unknown/unknown entry with its annotations stripped is still ignored', () => {
  const { annotations: _, ...stripped } = attestation;
  const m = asIndex(read({ schemaVersion: 2, manifests: [arm64, stripped] }));
  assert.equal(platformsOf(m), ['linux/arm64']);
  assert.is(m.ignored, 1);
});

test('B09: a Docker manifest list reads every platform with its digest', () => {
  const entry = (n: number, architecture: string, variant?: string) => ({
    mediaType: MEDIA.dockerManifest,
    digest: D(n),
    size: 500,
    platform: variant
      ? { architecture, os: 'linux', variant }
      : { architecture, os: 'linux' },
  });
  const m = asIndex(
    read(
      {
        schemaVersion: 2,
        manifests: [
          entry(1, 'amd64'),
          entry(2, 'arm64'),
          entry(3, 'arm', 'v7'),
          entry(4, 'ppc64le'),
          entry(5, 's390x'),
        ],
      },
      `${MEDIA.dockerList}; charset=utf-8`,
    ),
  );
  assert.equal(platformsOf(m), [
    'linux/amd64',
    'linux/arm64',
    'linux/arm/v7',
    'linux/ppc64le',
    'linux/s390x',
  ]);
  assert.is(m.entries[1]?.digest, D(2));
  assert.is(m.mediaType, MEDIA.dockerList);
  assert.is(m.ignored, 0);
});

test('B10: an arm64 entry with variant armv8 reads as linux/arm64', () => {
  const entry = {
    ...arm64,
    platform: { os: 'linux', architecture: 'arm64', variant: 'armv8' },
  };
  assert.equal(platformsOf(read({ schemaVersion: 2, manifests: [entry] })), [
    'linux/arm64',
  ]);
});

test('a Windows entry keeps its os.version', () => {
  const entry = {
    ...arm64,
    platform: { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.2340' },
  };
  const m = asIndex(read({ schemaVersion: 2, manifests: [entry] }));
  assert.is(formatPlatform(m.entries[0]!.platform), 'windows/amd64');
  assert.is(m.entries[0]?.osVersion, '10.0.20348.2340');
});

test('an entry that is itself an index is kept apart as nested', () => {
  const inner = { mediaType: MEDIA.ociIndex, digest: D(7), size: 400 };
  const m = asIndex(read({ schemaVersion: 2, manifests: [arm64, inner] }));
  assert.equal(platformsOf(m), ['linux/arm64']);
  assert.equal(
    m.nested.map((n) => n.digest),
    [D(7)],
  );
});

test('B29: a Docker v2 manifest is a single image with its config digest', () => {
  const m = read(
    {
      schemaVersion: 2,
      mediaType: MEDIA.dockerManifest,
      config: { digest: D(3), size: 1 },
    },
    MEDIA.dockerManifest,
  );
  assert.equal(m, {
    kind: 'image',
    mediaType: MEDIA.dockerManifest,
    configDigest: D(3),
    configType: '',
    layersSize: 0,
  });
});

test('B29: the config of a single-platform image declares linux/amd64', () => {
  const config = Buffer.from('{"architecture":"amd64","os":"linux","rootfs":{}}');
  assert.is(formatPlatform(parseConfigPlatform(config, SRC)), 'linux/amd64');
});

test('a config with an arm variant keeps it', () => {
  const config = Buffer.from('{"architecture":"arm","os":"linux","variant":"v6"}');
  assert.is(formatPlatform(parseConfigPlatform(config, SRC)), 'linux/arm/v6');
});

test('a config without architecture is refused naming its source', () => {
  refused(
    () => parseConfigPlatform(Buffer.from('{"os":"linux"}'), SRC),
    /malformed image config from registry.example\/app:1: no "os" or "architecture"/,
  );
});

test('B41: a signed schema 1 manifest is a single amd64 image', () => {
  const body = {
    schemaVersion: 1,
    name: 'team/app',
    tag: 'old',
    architecture: 'amd64',
    fsLayers: [],
    history: [],
    signatures: [],
  };
  const m = read(body, MEDIA.schema1Signed);
  assert.is(m.kind, 'schema1');
  if (m.kind === 'schema1') assert.is(formatPlatform(m.platform), 'linux/amd64');
});

test('B35: Accept names all four list and image types, lists first, no schema 1', () => {
  const types = MANIFEST_ACCEPT.split(', ');
  assert.equal(types, [
    MEDIA.ociIndex,
    MEDIA.dockerList,
    MEDIA.ociManifest,
    MEDIA.dockerManifest,
  ]);
  assert.not.ok(types.includes(MEDIA.schema1) || types.includes(MEDIA.schema1Signed));
});

test('a body that is not JSON is refused naming its source', () => {
  refused(
    () => parseManifest(Buffer.from('<html>'), '', SRC),
    /malformed manifest from registry.example\/app:1: it is not valid JSON/,
  );
});

test('an entry with a bad digest is refused', () => {
  refused(
    () => read({ schemaVersion: 2, manifests: [{ ...arm64, digest: 'sha256:abc' }] }),
    /an entry has a bad digest "sha256:abc"/,
  );
});

test('a document with neither manifests nor config is refused', () => {
  refused(() => read({ schemaVersion: 2 }), /it has neither "manifests" nor "config"/);
});

test('a schema 1 manifest without architecture is refused', () => {
  refused(() => read({ schemaVersion: 1, name: 'a' }), /schema 1 manifest without/);
});

test.run();
