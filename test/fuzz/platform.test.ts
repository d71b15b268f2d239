import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  formatPlatform,
  KNOWN_ARCHITECTURES,
  normalize,
  parsePlatform,
  samePlatform,
  type Platform,
} from '../../src/platform/platform.js';
import { fuzz, userErrorOr, type Rng } from '../helpers/fuzz.js';
import { mutate, PROTO_WORDS, randomString } from './gen.js';

const OSES = ['linux', 'windows', 'darwin', 'freebsd', 'Linux', 'unknown', ''];
const ARCHES = [
  ...KNOWN_ARCHITECTURES,
  ...['x86_64', 'x86-64', 'x64', 'aarch64', 'armhf', 'armel', 'armv5l', 'armv6l'],
  ...['armv7l', 'armv8l', 'i386', 'i686', 'x86', 'ppc64el', 'loongarch64', 'AMD64'],
  ...['unknown', 'mips', 'sparc64', 'wasm'],
];
const VARIANTS = [
  'v5',
  'v6',
  'v7',
  'v8',
  'v9',
  'v1',
  'v2',
  'v3',
  'armv7',
  'ARMV8',
  '7',
  '8',
];
const WORDS = [...OSES, ...ARCHES, ...VARIANTS].filter(Boolean);

const anyOf = (rng: Rng, words: readonly string[]) =>
  rng.chance(0.85) ? rng.pick(words) : rng.pick([...PROTO_WORDS, randomString(rng, 8)]);

/** Text in the forms parsePlatform reads: arch, os/arch or os/arch/variant. */
function platformText(rng: Rng): string {
  const arch = anyOf(rng, ARCHES);
  const parts = [
    [arch],
    [anyOf(rng, OSES), arch],
    [anyOf(rng, OSES), arch, anyOf(rng, VARIANTS)],
  ][rng.int(3)] as string[];
  const pad = () => rng.pick(['', '', ' ', '\t', '\n ']);
  return pad() + parts.join('/') + pad();
}

/** What every parsed platform must satisfy. */
function wellFormed(platform: Platform): void {
  assert.ok(
    (KNOWN_ARCHITECTURES as readonly string[]).includes(platform.architecture),
    `architecture ${platform.architecture}`,
  );
  assert.type(platform.os, 'string');
  if ('variant' in platform) assert.type(platform.variant, 'string', 'variant');
  const printed = formatPlatform(platform);
  const again = parsePlatform(printed);
  assert.equal(again, platform, `${printed} reads back`);
  assert.is(formatPlatform(again), printed, `${printed} prints the same`);
  assert.ok(samePlatform(platform, again));
}

test('parsePlatform gives a known architecture or a UserError, and prints stably', () => {
  fuzz(
    'parsePlatform',
    50_000,
    (rng) => {
      const kind = rng.int(3);
      if (kind === 0) return randomString(rng, 30);
      if (kind === 1) return platformText(rng);
      return mutate(rng, platformText(rng), WORDS);
    },
    (text) => {
      const platform = userErrorOr(() => parsePlatform(text));
      if (platform) wellFormed(platform);
    },
  );
});

test('normalize never throws on strings and is idempotent', () => {
  fuzz(
    'normalize',
    50_000,
    (rng) => ({
      os: rng.chance(0.2) ? undefined : anyOf(rng, OSES),
      architecture: rng.chance(0.3)
        ? mutate(rng, anyOf(rng, ARCHES))
        : anyOf(rng, ARCHES),
      variant: rng.chance(0.3) ? undefined : anyOf(rng, VARIANTS),
    }),
    (raw) => {
      const once = normalize(raw);
      for (const value of Object.values(once)) assert.type(value, 'string');
      assert.equal(normalize(once), once, 'normalizing twice changes nothing');
    },
  );
});

test('a variant named like an Object property is kept as text', () => {
  for (const variant of ['constructor', '__proto__']) {
    const platform = parsePlatform(`linux/amd64/${variant}`);
    assert.equal(platform, { os: 'linux', architecture: 'amd64', variant }, variant);
    assert.is(formatPlatform(platform), `linux/amd64/${variant}`);
    assert.ok(samePlatform(platform, platform));
  }
});

test.run();
