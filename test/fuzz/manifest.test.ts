import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { normalize, type Platform } from '../../src/platform/platform.js';
import { parseConfigPlatform } from '../../src/registry/config.js';
import { MEDIA, parseManifest, type Manifest } from '../../src/registry/manifest.js';
import { fuzz, userErrorOr, type Rng } from '../helpers/fuzz.js';
import { mutate, mutateJson, randomJson } from './gen.js';
import { CONFIG, KEYS, MANIFESTS } from './manifest-seeds.js';

const SRC = 'registry.example/app:1';
const TYPES = [
  ...Object.values(MEDIA),
  '',
  'application/json',
  'text/html; charset=utf-8',
];

function randomBytes(rng: Rng): Buffer {
  return Buffer.from(Array.from({ length: rng.size(60, 5_000) }, () => rng.int(256)));
}

/** A body from nothing, from random JSON, or from a real document changed. */
function body(rng: Rng, seeds: unknown[]): Buffer {
  const seed = rng.pick(seeds);
  switch (rng.int(6)) {
    case 0:
      return randomBytes(rng);
    case 1:
      return Buffer.from(JSON.stringify(randomJson(rng, KEYS)));
    case 2:
      return Buffer.from(JSON.stringify(seed));
    case 3:
      return Buffer.from(mutate(rng, JSON.stringify(seed), KEYS));
    default:
      return Buffer.from(mutateJson(rng, seed, KEYS));
  }
}

/** Every platform a parser hands on is in normalized form, with string fields. */
function normalized(platform: Platform): void {
  for (const value of Object.values(platform)) assert.type(value, 'string');
  assert.equal(normalize(platform), platform, 'normalized');
}

/** Index entries are images a descriptor named, never attestations or unknown/unknown. */
function checkIndex(manifest: Extract<Manifest, { kind: 'index' }>, doc: unknown): void {
  const list = (doc as { manifests: unknown[] }).manifests;
  const { entries, nested, unlabelled, ignored } = manifest;
  assert.is(entries.length + nested.length + unlabelled.length + ignored, list.length);
  for (const entry of entries) {
    const { os, architecture } = entry.platform;
    assert.ok(os !== 'unknown' && architecture !== 'unknown', `${os}/${architecture}`);
    normalized(entry.platform);
    assert.type(entry.size, 'number');
    const sources = list.filter(
      (d) => (d as { digest?: unknown } | null)?.digest === entry.digest,
    ) as Array<{ annotations?: unknown }>;
    const clean = sources.some(
      (d) => !Object.hasOwn(Object(d.annotations), 'vnd.docker.reference.type'),
    );
    assert.ok(clean, `${entry.digest} is an attestation`);
  }
}

/** The reply's content type, one of TYPES, chosen by the body so a failure replays. */
const typeOf = (bytes: Buffer) => TYPES[bytes.length % TYPES.length] ?? '';

function checkManifest(bytes: Buffer): void {
  const contentType = typeOf(bytes);
  const manifest = userErrorOr(() => parseManifest(bytes, contentType, SRC));
  if (!manifest) return;
  assert.type(manifest.mediaType, 'string');
  if (manifest.kind === 'index') checkIndex(manifest, JSON.parse(bytes.toString('utf8')));
  if (manifest.kind === 'image') {
    assert.match(manifest.configDigest, /^sha256:[a-f0-9]{64}$/);
    assert.type(manifest.layersSize, 'number');
  }
  if (manifest.kind === 'schema1') normalized(manifest.platform);
}

const documents = MANIFESTS.map(([doc]) => doc);

test('parseManifest gives a manifest or a UserError, never an attestation entry', () => {
  fuzz('parseManifest', 25_000, (rng) => body(rng, documents), checkManifest);
});

test('every seed document parses as itself', () => {
  const kinds = MANIFESTS.map(([doc, type]) => {
    const manifest = parseManifest(Buffer.from(JSON.stringify(doc)), type, SRC);
    return manifest.kind;
  });
  assert.equal(kinds, ['index', 'index', 'image', 'image', 'schema1']);
});

test('parseConfigPlatform gives a normalized platform or a UserError', () => {
  fuzz(
    'parseConfigPlatform',
    20_000,
    (rng) => body(rng, [CONFIG]),
    (bytes) => {
      const platform = userErrorOr(() => parseConfigPlatform(bytes, SRC));
      if (platform) normalized(platform);
    },
  );
});

test('an entry written in capitals as Unknown/Unknown is still left out', () => {
  const [, attestation] = (MANIFESTS[1]?.[0] as { manifests: object[] }).manifests;
  const doc = {
    manifests: [
      {
        ...attestation,
        annotations: {},
        platform: { os: 'Unknown', architecture: 'UNKNOWN' },
      },
    ],
  };
  const manifest = parseManifest(Buffer.from(JSON.stringify(doc)), '', SRC);
  assert.equal(manifest.kind === 'index' && manifest.entries, []);
});

const DIGEST = `"sha256:${'1'.repeat(64)}"`;
const platform = (features: string) =>
  `{"architecture":"arm64","os.features":${features}}`;

test('a size that converts to no primitive is refused as a UserError, not a TypeError', () => {
  const hostile = '{"toString":1,"valueOf":1}';
  const texts = [
    `{"manifests":[{"digest":${DIGEST},"size":${hostile}}]}`,
    `{"config":{"digest":${DIGEST}},"layers":[{"size":${hostile}}]}`,
    `{"manifests":[{"digest":${DIGEST},"platform":${platform(`[${hostile}]`)}}]}`,
  ];
  for (const text of texts) {
    assert.not.throws(
      () => userErrorOr(() => parseManifest(Buffer.from(text), '', SRC)),
      text,
    );
  }
});

test('a deeply nested digest or feature list is refused as a UserError', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const texts = [
    `{"manifests":[{"digest":${deep}}]}`,
    `{"manifests":[{"digest":${DIGEST},"platform":${platform(deep)}}]}`,
  ];
  for (const text of texts) {
    const call = () => userErrorOr(() => parseManifest(Buffer.from(text), '', SRC));
    assert.not.throws(call, text.slice(0, 40));
  }
});

test.run();
