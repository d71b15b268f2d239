import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  parseChallenge,
  parseChallenges,
  pullScope,
  tokenUrl,
  type Challenge,
} from '../../src/registry/challenge.js';
import { fuzz, type Rng } from '../helpers/fuzz.js';
import { mutate, randomString } from './gen.js';

const SCHEMES = ['Bearer', 'Basic', 'bearer', 'BASIC', 'Digest', 'x-Custom'];
const NAMES = [
  'realm',
  'service',
  'scope',
  'error',
  'error_description',
  'charset',
  'x-a1',
];
const REALMS = [
  'https://auth.docker.io/token',
  'http://[::1]:5000/t?a=b',
  'https://ghcr.io/token',
];
const REPOS = ['library/nginx', 'xrun/busybox', 'a/b/c', ''];
const TOKEN = [..."abcXYZ019!#$%&'*+-.^_`|~/:=@"];
const QUOTED = [...TOKEN, ' ', '\t', ',', '"', '\\', ';', 'é', '{', '}'];
const WORDS = [...SCHEMES, ...NAMES, ...REALMS, '=', ', ', '"'];

const chars = (rng: Rng, from: string[], max: number) =>
  Array.from({ length: rng.int(max + 1) }, () => rng.pick(from)).join('');
const space = (rng: Rng) => rng.pick(['', '', ' ', '  ', '\t']);

/** Text as a query string keeps it: lone surrogates become U+FFFD. */
const asQueryText = (text: string) => new URLSearchParams([['q', text]]).get('q');

type Built = { header: string; challenges: Challenge[] };

/** A challenge in its own parameter order, each value quoted or bare. */
function challenge(rng: Rng): [string, Challenge] {
  const scheme = rng.pick(SCHEMES);
  const params: Record<string, string> = {};
  const pairs: string[] = [];
  const names = [...NAMES, chars(rng, [...'abZ_-9'], 6) || 'n'];
  for (let n = rng.int(5); n > 0; n--) {
    const name = rng.pick(names);
    if (Object.hasOwn(params, name.toLowerCase())) continue;
    const bare = rng.chance(0.3);
    const value = rng.chance(0.2)
      ? rng.pick(REALMS)
      : bare
        ? rng.pick(TOKEN) + chars(rng, TOKEN, 12)
        : chars(rng, QUOTED, 16);
    params[name.toLowerCase()] = value;
    const written = bare ? value : `"${value.replace(/["\\]/g, '\\$&')}"`;
    const spelled = rng.chance(0.5) ? name : name.toUpperCase();
    pairs.push(`${spelled}${space(rng)}=${space(rng)}${written}`);
  }
  const comma = `${space(rng)},${space(rng)}`;
  const text = pairs.length > 0 ? `${scheme} ${pairs.join(comma)}` : scheme;
  return [text, { scheme: scheme.toLowerCase(), params }];
}

/** A header of one to three challenges, separated by commas. */
function built(rng: Rng): Built {
  const list = Array.from({ length: 1 + rng.int(3) }, () => challenge(rng));
  const header = list.map(([text]) => text).join(`${space(rng)},${space(rng)}`);
  return { header: space(rng) + header + space(rng), challenges: list.map(([, c]) => c) };
}

/** What any challenge and its token URL must look like, whatever the header. */
function wellFormed(found: Challenge | undefined, repo: string): void {
  if (!found) return;
  assert.type(found.scheme, 'string');
  for (const value of Object.values(found.params)) assert.type(value, 'string');
  const url = tokenUrl(found, repo);
  if (!url) return;
  assert.ok(url.protocol === 'https:' || url.protocol === 'http:', url.protocol);
  for (const scope of url.searchParams.getAll('scope'))
    assert.ok(scope !== '', 'empty scope');
}

test('parseChallenge and tokenUrl never throw, and read back built headers', () => {
  fuzz(
    'parseChallenge',
    50_000,
    (rng): string | Built => {
      const kind = rng.int(3);
      if (kind === 0) return randomString(rng, 80);
      if (kind === 1) return built(rng);
      return mutate(rng, built(rng).header, WORDS);
    },
    (input) => {
      const header = typeof input === 'string' ? input : input.header;
      const found = parseChallenge(header);
      if (typeof input !== 'string') {
        assert.equal(parseChallenges(header), input.challenges, 'every challenge');
        assert.equal(found, input.challenges[0], 'the first challenge');
      }
      wellFormed(found, 'library/nginx');
    },
  );
});

test('tokenUrl never throws and asks for the pull scope when none is given', () => {
  fuzz(
    'tokenUrl',
    20_000,
    (rng) => ({
      params: Object.fromEntries(
        NAMES.slice(0, 3).flatMap((name) =>
          rng.chance(0.7) ? [[name, mutate(rng, rng.pick([...REALMS, 'registry']))]] : [],
        ),
      ) as Record<string, string>,
      repo: rng.chance(0.8) ? rng.pick(REPOS) : randomString(rng, 20),
    }),
    ({ params, repo }) => {
      const url = tokenUrl({ scheme: 'bearer', params }, repo);
      wellFormed({ scheme: 'bearer', params }, repo);
      if (!url || params.scope !== undefined) return;
      const asked = pullScope(repo).split(' ').filter(Boolean).map(asQueryText);
      assert.equal(url.searchParams.getAll('scope').slice(-asked.length), asked);
    },
  );
});

test('a challenge without parameters may come before the next one', () => {
  assert.equal(parseChallenges('Basic, Bearer realm="https://auth/token"'), [
    { scheme: 'basic', params: {} },
    { scheme: 'bearer', params: { realm: 'https://auth/token' } },
  ]);
});

test.run();
