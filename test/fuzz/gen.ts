import type { Rng } from '../helpers/fuzz.js';

/** Characters that split, quote or end fields somewhere in the formats under test. */
// prettier-ignore
export const SPECIALS = [
  ':', '/', '@', '"', '\\', '\0', '=', ',', ';', ' ', '\t', '\n', '\r', '[', ']', '%',
  '.', '-', '_', '{', '}', 'é', 'İ', '\u212a', '😀', '\ud800', '\u200b', '\ufeff', '\u00a0',
];

/** Names every plain object inherits: a lookup table keyed by input finds them. */
export const PROTO_WORDS = ['constructor', '__proto__', 'toString', 'valueOf'];

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

/** Random text: printable ASCII, any byte, any UTF-16 unit, or special characters. */
export function randomString(rng: Rng, max = 40): string {
  const length = rng.size(max);
  const kind = rng.int(4);
  let text = '';
  for (let i = 0; i < length; i++) {
    if (kind === 0) text += rng.pick(PRINTABLE);
    else if (kind === 1) text += String.fromCharCode(rng.int(256));
    else if (kind === 2) text += String.fromCharCode(rng.int(0x10000));
    else text += rng.chance(0.5) ? rng.pick(SPECIALS) : rng.pick(PRINTABLE);
  }
  return text;
}

function flipCase(text: string, rng: Rng): string {
  return rng.chance(0.5)
    ? text.toUpperCase()
    : text.replace(/./g, (c) => (rng.chance(0.5) ? c.toUpperCase() : c));
}

/** One random edit: cut, flip, insert, delete, repeat to a huge length, recase, nest. */
export function mutateOnce(
  rng: Rng,
  text: string,
  words: readonly string[] = [],
): string {
  const at = rng.int(text.length + 1);
  const end = at + rng.size(8);
  const head = text.slice(0, at);
  const tail = text.slice(at);
  switch (rng.int(10)) {
    case 0:
      return head;
    case 1:
      return tail;
    case 2: {
      const code = text.charCodeAt(at) || 0x61;
      return head + String.fromCharCode(code ^ (1 << rng.int(8))) + text.slice(at + 1);
    }
    case 3:
      return head + rng.pick(SPECIALS) + tail;
    case 4:
      return head + randomString(rng, 8) + tail;
    case 5:
      return head + text.slice(end);
    case 6:
      return head + text.slice(at, end).repeat(rng.size(20, 30_000)) + text.slice(end);
    case 7:
      return head + flipCase(text.slice(at, end), rng) + text.slice(end);
    case 8:
      return head + rng.pick([...words, ...PROTO_WORDS]) + text.slice(end);
    default: {
      const depth = rng.size(5, 20_000);
      const [open, close] = rng.pick([
        ['[', ']'],
        ['{', '}'],
        ['(', ')'],
        ['"', '"'],
      ]);
      return head + (open ?? '').repeat(depth) + tail + (close ?? '').repeat(depth);
    }
  }
}

/** One to three random edits. */
export function mutate(rng: Rng, text: string, words: readonly string[] = []): string {
  let result = text;
  for (let n = 1 + rng.int(3); n > 0; n--) result = mutateOnce(rng, result, words);
  return result;
}

/** JSON texts no generator builds as a value: too deep, too big, odd numbers. */
function hostileText(rng: Rng): string {
  const depth = rng.pick([100, 1_000, 3_000, 20_000]);
  return rng.pick([
    '['.repeat(depth) + ']'.repeat(depth),
    '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
    '1e999',
    '-0',
    '123456789012345678901234567890',
    '"\\ud800"',
    '{"toString":1,"valueOf":1}',
    '{"__proto__":{"architecture":"amd64","os":"linux"}}',
    JSON.stringify('x'.repeat(rng.size(10, 100_000))),
  ]);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const HOLE = '\u0000HOLE\u0000';

/** A random JSON value whose object keys come mostly from `keys`. */
export function randomJson(rng: Rng, keys: readonly string[], depth = 3): Json {
  const kind = depth <= 0 ? rng.int(4) : rng.int(7);
  if (kind === 0) return rng.pick([null, true, false]);
  if (kind === 1) return rng.pick([0, -1, 1.5, 2 ** 53, 1e308, rng.int(1e6)]);
  if (kind === 2) return rng.chance(0.5) ? randomString(rng, 12) : rng.pick(keys);
  if (kind === 3) return rng.chance(0.3) ? HOLE : rng.pick(keys);
  if (kind === 4)
    return Array.from({ length: rng.int(4) }, () => randomJson(rng, keys, depth - 1));
  const object: { [key: string]: Json } = {};
  for (let n = rng.int(5); n > 0; n--)
    set(object, randomKey(rng, keys), randomJson(rng, keys, depth - 1));
  return object;
}

function randomKey(rng: Rng, keys: readonly string[]): string {
  return rng.chance(0.8)
    ? rng.pick(keys)
    : rng.pick([...PROTO_WORDS, randomString(rng, 6)]);
}

/** Sets an own property, even one named __proto__. */
function set(object: object, key: string, value: unknown): void {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Every object and array inside a value, the value included. */
function containers(value: Json, found: Array<Json[] | { [key: string]: Json }> = []) {
  if (value === null || typeof value !== 'object') return found;
  found.push(value);
  for (const child of Object.values(value)) containers(child, found);
  return found;
}

/** Writes one string value, wherever it occurs, in other letter case. */
function recase(rng: Rng, doc: Json): void {
  const leaves = containers(doc).flatMap((c) =>
    Object.entries(c).filter(
      (pair): pair is [string, string] => typeof pair[1] === 'string',
    ),
  );
  const [, word] = rng.pick(leaves) ?? [];
  const other = flipCase(word ?? '', rng);
  for (const container of containers(doc)) {
    for (const [key, value] of Object.entries(container)) {
      if (value === word) set(container, key, other);
    }
  }
}

/**
 * A mutated copy of a JSON document as text: a few values replaced, removed,
 * added or edited in place; then, now and then, edits to the text itself.
 */
export function mutateJson(rng: Rng, doc: unknown, keys: readonly string[]): string {
  const copy = JSON.parse(JSON.stringify(doc)) as Json;
  for (let n = 1 + rng.int(3); n > 0; n--) {
    const target = rng.pick(containers(copy)) as { [key: string]: Json } | undefined;
    if (!target) break;
    const names = Object.keys(target);
    const key =
      names.length > 0 && rng.chance(0.8) ? rng.pick(names) : randomKey(rng, keys);
    const old = target[key];
    const op = rng.int(5);
    if (op === 4) recase(rng, copy);
    else if (op === 0) delete target[key];
    else if (op === 1 && typeof old === 'string')
      set(target, key, mutate(rng, old, keys));
    else if (op === 2) set(target, key, HOLE);
    else set(target, key, randomJson(rng, keys, 2));
  }
  const text = (JSON.stringify(copy) ?? 'null').replaceAll(JSON.stringify(HOLE), () =>
    hostileText(rng),
  );
  return rng.chance(0.15) ? mutate(rng, text, keys) : text;
}
