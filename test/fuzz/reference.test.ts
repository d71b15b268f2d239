import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  familiarName,
  formatReference,
  parseReference,
  withDigest,
  type Reference,
} from '../../src/reference/reference.js';
import { fuzz, userErrorOr, type Rng } from '../helpers/fuzz.js';
import { mutate, randomString } from './gen.js';

const HUB = ['docker.io', 'index.docker.io', 'registry.hub.docker.com'];
const WORDS = ['library', 'nginx', 'a', '0', 'xrun', 'busybox', 's390x', 'localhost'];
const REAL = [
  'nginx',
  'nginx:1.27-alpine',
  'bitnami/redis:7.2',
  'ghcr.io/owner/tool@sha256:' + 'ab'.repeat(32),
  'localhost:5000/xrun/busybox:multi',
  '[::1]:5000/app:1',
  'registry.example.com:443/a/b/c:v1.0@sha256:' + '0f'.repeat(32),
];

const alnum = (rng: Rng, chars: string, max: number) =>
  Array.from({ length: 1 + rng.int(max) }, () => rng.pick([...chars])).join('');
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const hex64 = (rng: Rng) => Array.from({ length: 64 }, () => rng.pick([...HEX])).join('');

function component(rng: Rng, dots: boolean): string {
  let text = rng.chance(0.3) ? rng.pick(WORDS) : alnum(rng, LOWER, 8);
  const seps = dots ? ['.', '_', '__', '-', '---'] : ['_', '__', '-'];
  for (let n = rng.int(3); n > 0; n--) text += rng.pick(seps) + alnum(rng, LOWER, 6);
  return text;
}

function host(rng: Rng): string {
  // A valid port is 1 to 65535.
  const number = () => String(1 + rng.int(65535));
  const port = rng.chance(0.4) ? `:${number()}` : '';
  const label = () => alnum(rng, 'abcXYZ019', 3) + (rng.chance(0.3) ? '-a' : '');
  switch (rng.int(5)) {
    case 0:
      return rng.pick(HUB);
    case 1:
      return `[${alnum(rng, HEX, 4)}::${alnum(rng, HEX, 4)}]${port}`;
    case 2:
      return `localhost${port}`;
    case 3:
      return `${label()}.${label()}${rng.chance(0.5) ? '.' + label() : ''}${port}`;
    default:
      return `${label()}:${number()}`;
  }
}

type Generated = { text: string; expected: Reference | undefined };

/** A reference from the grammar, and what it must parse to. */
function generated(rng: Rng): Generated {
  const domain = rng.chance(0.6) ? host(rng) : undefined;
  const parts = Array.from({ length: 1 + rng.int(4) }, (_, i) =>
    component(rng, domain !== undefined || i > 0),
  );
  if (!domain && parts[0] === 'localhost' && parts.length > 1) parts[0] = 'local';
  const tag = rng.chance(0.5)
    ? alnum(rng, 'aZ9_', 1) + alnum(rng, 'aZ9_.-', 20)
    : undefined;
  const digest = rng.chance(0.3) ? `sha256:${hex64(rng)}` : undefined;
  const name = [domain, ...parts].filter(Boolean).join('/');
  const text = name + (tag ? `:${tag}` : '') + (digest ? `@${digest}` : '');

  const hub = !domain || HUB.includes(domain);
  const path = hub && parts.length === 1 ? `library/${parts[0]}` : parts.join('/');
  const expected: Reference = { domain: hub ? 'docker.io' : (domain ?? ''), path };
  if (tag) expected.tag = tag;
  if (digest) expected.digest = digest;
  const tooLong = `${expected.domain}/${path}`.length > 255;
  return { text, expected: tooLong ? undefined : expected };
}

/** Whatever parses must print to text that parses back to the same value. */
function roundTrips(ref: Reference): void {
  assert.equal(parseReference(formatReference(ref)), ref, 'formatReference');
  const { domain, path } = parseReference(familiarName(ref));
  assert.equal({ domain, path }, { domain: ref.domain, path: ref.path }, 'familiarName');
}

test('parseReference gives a Reference or a UserError, and what it gives round-trips', () => {
  fuzz(
    'parseReference',
    50_000,
    (rng): string | Generated => {
      const kind = rng.int(4);
      if (kind === 0) return randomString(rng, 60);
      if (kind === 1) return generated(rng);
      const seed = kind === 2 ? rng.pick(REAL) : generated(rng).text;
      return mutate(rng, seed, WORDS);
    },
    (input) => {
      const text = typeof input === 'string' ? input : input.text;
      const ref = userErrorOr(() => parseReference(text));
      if (typeof input !== 'string') assert.equal(ref, input.expected, 'parsed value');
      if (ref) roundTrips(ref);
    },
  );
});

test('a nested repository under library/ keeps docker.io when printed', () => {
  const ref = parseReference('docker.io/library/team/app:1');
  assert.equal(parseReference(formatReference(ref)), ref);
  assert.equal(
    parseReference(withDigest(ref, `sha256:${'1'.repeat(64)}`)).path,
    ref.path,
  );
});

test('a Docker Hub namespace that reads as a host keeps docker.io when printed', () => {
  for (const text of ['docker.io/a.b/app', 'docker.io/localhost/app']) {
    const ref = parseReference(text);
    assert.equal(parseReference(formatReference(ref)), ref, text);
    assert.is(parseReference(familiarName(ref)).domain, 'docker.io', text);
  }
});

test.run();
