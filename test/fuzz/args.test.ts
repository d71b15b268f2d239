import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseRunLine, XRUN_FLAGS, type XrunOptions } from '../../src/cli/args.js';
import { BOOLEAN_FLAGS, SHORT_FLAGS, VALUE_FLAGS } from '../../src/cli/docker-flags.js';
import { fuzz, userErrorOr, type Rng } from '../helpers/fuzz.js';
import { PROTO_WORDS, randomString } from './gen.js';

const SWITCHES = XRUN_FLAGS;
const VALUES = ['nginx', '80:80', '--rm', '--emulate', '-it', '--', 'a b', 'FOO=1', '-'];
const UNKNOWN = ['frobnicate', 'x', ...PROTO_WORDS];
const WORDS = ['sh', '-c', 'echo hi', '--emulate', '--json', '--', '--rm', '-it', ''];
const IMAGES = [
  'nginx',
  'alpine:3.20',
  'localhost:5000/xrun/busybox',
  '',
  '[::1]:5000/a',
];
const longs = (set: Set<string>) => [...set].filter((name) => !(name in SWITCHES));
const SHORT = Object.keys(SHORT_FLAGS);
const BOOL_SHORT = SHORT.filter((letter) => BOOLEAN_FLAGS.has(SHORT_FLAGS[letter] ?? ''));
const VALUE_SHORT = SHORT.filter((letter) => VALUE_FLAGS.has(SHORT_FLAGS[letter] ?? ''));

type Expected = {
  dockerArgs: string[];
  imageIndex: number;
  options: XrunOptions;
  platform?: string;
};
type Line = { argv: string[]; expected: Expected };

const value = (rng: Rng) => (rng.chance(0.8) ? rng.pick(VALUES) : randomString(rng, 10));

/** One piece of a command line before the image: its arguments and what docker gets. */
function piece(rng: Rng, expected: Expected): [string[], string[]] {
  const { options } = expected;
  switch (rng.int(6)) {
    case 0: {
      const [name, option] = rng.pick(Object.entries(SWITCHES));
      options[option] = true;
      return [[`--${name}`], []];
    }
    case 1: {
      const name = rng.pick(['context', 'engine'] as const);
      const text = value(rng) || 'x';
      options[name] = text;
      return [rng.chance(0.5) ? [`--${name}`, text] : [`--${name}=${text}`], []];
    }
    case 2: {
      const name = rng.pick([...longs(BOOLEAN_FLAGS), ...UNKNOWN]);
      const args = [
        rng.chance(0.7) ? `--${name}` : `--${name}=${rng.pick(['false', '1'])}`,
      ];
      return [args, args];
    }
    case 3: {
      const name = rng.pick(longs(VALUE_FLAGS));
      const text = value(rng);
      if (name === 'platform') expected.platform = text;
      const args = rng.chance(0.5) ? [`--${name}`, text] : [`--${name}=${text}`];
      return [args, args];
    }
    default: {
      let cluster =
        '-' + Array.from({ length: rng.int(4) }, () => rng.pick(BOOL_SHORT)).join('');
      if (cluster === '-' || rng.chance(0.5)) cluster += rng.pick(VALUE_SHORT);
      else return [[cluster], [cluster]];
      const args = rng.chance(0.5)
        ? [cluster, value(rng)]
        : [cluster + (value(rng) || 'v')];
      return [args, args];
    }
  }
}

/** A command line from known pieces, and exactly what parseRunLine must make of it. */
function line(rng: Rng): Line {
  const expected: Expected = {
    dockerArgs: [],
    imageIndex: -1,
    options: parseRunLine([]).options,
  };
  const argv: string[] = [];
  for (let n = rng.int(8); n > 0; n--) {
    const [args, docker] = piece(rng, expected);
    argv.push(...args);
    expected.dockerArgs.push(...docker);
  }
  const dashes = rng.chance(0.2);
  const image = dashes ? value(rng) : rng.pick(IMAGES);
  const tail = Array.from({ length: rng.int(5) }, () => rng.pick(WORDS));
  const rest = dashes ? ['--', image, ...tail] : rng.chance(0.9) ? [image, ...tail] : [];
  expected.imageIndex =
    rest.length > 0 ? expected.dockerArgs.length + (dashes ? 1 : 0) : -1;
  argv.push(...rest);
  expected.dockerArgs.push(...rest);
  return { argv, expected };
}

/** Arguments from the whole vocabulary in any order. */
function jumble(rng: Rng): string[] {
  const flags = [...VALUE_FLAGS, ...BOOLEAN_FLAGS, ...Object.keys(SWITCHES), 'context'];
  return Array.from({ length: rng.size(10) }, () => {
    const kind = rng.int(5);
    if (kind === 0) return `--${rng.pick(flags)}`;
    if (kind === 1) return `-${rng.pick(SHORT)}${rng.chance(0.3) ? rng.pick(SHORT) : ''}`;
    if (kind === 2) return `--${rng.pick(flags)}=${value(rng)}`;
    return kind === 3 ? value(rng) : randomString(rng, 12);
  });
}

/** The image's arguments and all after it reach docker as they were given. */
function structure(argv: string[], dockerArgs: string[], imageIndex: number): void {
  let at = 0;
  for (const arg of dockerArgs) {
    at = argv.indexOf(arg, at) + 1;
    assert.ok(at > 0, `${arg} comes from argv, in order`);
  }
  if (imageIndex < 0) return;
  assert.ok(imageIndex < dockerArgs.length, 'the image is within dockerArgs');
  const tail = dockerArgs.slice(imageIndex);
  assert.equal(argv.slice(argv.length - tail.length), tail, 'the tail is unchanged');
}

test('parseRunLine returns or throws a UserError, and splits built lines exactly', () => {
  fuzz(
    'parseRunLine',
    50_000,
    (rng): string[] | Line => (rng.chance(0.4) ? jumble(rng) : line(rng)),
    (input) => {
      const argv = Array.isArray(input) ? input : input.argv;
      const parsed = userErrorOr(() => parseRunLine(argv));
      if (!Array.isArray(input)) {
        const { dockerArgs, imageIndex, options, platform } = parsed ?? {};
        const seen = {
          dockerArgs,
          imageIndex,
          options,
          ...(platform ? { platform } : {}),
        };
        const { platform: wanted, ...rest } = input.expected;
        assert.equal(seen, wanted ? { ...rest, platform: wanted } : rest);
      }
      if (parsed) structure(argv, parsed.dockerArgs, parsed.imageIndex);
    },
  );
});

test('a flag named like an Object property goes on to docker', () => {
  for (const name of PROTO_WORDS) {
    const line = parseRunLine([`--${name}`, 'nginx']);
    assert.equal(line.dockerArgs, [`--${name}`, 'nginx'], name);
    assert.equal(line.unknownFlags, [`--${name}`], name);
  }
});

test.run();
