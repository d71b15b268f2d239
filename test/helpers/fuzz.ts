import { randomInt } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import * as assert from 'uvu/assert';
import { UserError } from '../../src/errors.js';
import { figuresFile, mergeRecord } from './figures.js';
import { describe, show, shrink, weight } from '../fuzz/report.js';

/** A small seeded generator (mulberry32), so every input can be made again. */
export class Rng {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, below). */
  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** A length that is mostly small and now and then very large. */
  size(small: number, huge = 0): number {
    if (huge > 0 && this.chance(0.005)) return huge + this.int(huge);
    return this.chance(0.9) ? this.int(small + 1) : this.int(small * 20 + 1);
  }
}

/** The run's seed: XRUN_FUZZ_SEED replays a run, otherwise a fresh one each time. */
export const SEED = Number(process.env.XRUN_FUZZ_SEED) || randomInt(1, 2 ** 31);

/**
 * XRUN_FUZZ_SCALE multiplies every count; XRUN_FUZZ_SHOW lists more failures;
 * XRUN_FUZZ_CASE (with the seed) checks and prints one case alone.
 */
const SCALE = Number(process.env.XRUN_FUZZ_SCALE) || 1;
const SHOW = Number(process.env.XRUN_FUZZ_SHOW) || 3;

/** One call slower than this counts as a hang; the watchdog kills a stuck one. */
const SLOW_MS = 500;
const STUCK_MS = 10_000;

function hash(text: string, seed: number): number {
  let h = seed ^ 0x9e3779b9;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Calls fn; a UserError gives undefined, any other exception goes on up. */
export function userErrorOr<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    if (error instanceof UserError) return undefined;
    throw error;
  }
}

/** The JSON file that collects each parser's input count across test files. */
export function countsFile(env = process.env): string {
  return figuresFile('fuzz-counts', env);
}

/** Merges one parser's count into the counts file. */
export function recordCount(parser: string, count: number, file = countsFile()): void {
  mergeRecord(file, parser, count);
}

/** Kills the process when one input runs past STUCK_MS: a loop never yields. */
const WATCHDOG = `
const { parentPort, workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const [cell, ticks] = [new Int32Array(workerData, 0, 1), new Int32Array(workerData, 4, 1)];
let label = '', last = -1, since = Date.now();
parentPort.on('message', (text) => { label = text; });
setInterval(() => {
  const tick = Atomics.load(ticks, 0);
  if (tick !== last || Atomics.load(cell, 0) === -1) { last = tick; since = Date.now(); return; }
  if (Date.now() - since < ${STUCK_MS}) return;
  writeSync(2, label + ' hung on XRUN_FUZZ_CASE=' + Atomics.load(cell, 0) + '\\n');
  process.kill(process.pid, 'SIGKILL');
}, 200);
`;
/** The case being checked (-1 when none, -2 while shrinking) and a count of calls. */
const shared = new SharedArrayBuffer(8);
const [current, ticks] = [
  new Int32Array(shared, 0, 1).fill(-1),
  new Int32Array(shared, 4, 1),
];
const watchdog = new Worker(WATCHDOG, { eval: true, workerData: shared });
watchdog.unref();

type Shown = { input: unknown; error: string };

/**
 * Checks `count` inputs from `make`, each with its own generator seeded from
 * the run's seed, the parser and the case number. A crash is any input whose
 * check throws: an exception that is no UserError, a broken property or a
 * call slower than SLOW_MS. Prints the count line and records the count.
 */
export function fuzz<T>(
  parser: string,
  count: number,
  make: (rng: Rng) => T,
  check: (input: T) => void,
): void {
  const failures: Shown[] = [];
  const fails = (input: T): string | undefined => {
    Atomics.add(ticks, 0, 1);
    const start = performance.now();
    try {
      check(input);
    } catch (error) {
      return describe(error);
    }
    const took = performance.now() - start;
    return took > SLOW_MS ? `took ${Math.round(took)} ms` : undefined;
  };
  watchdog.postMessage(`fuzz ${parser} (XRUN_FUZZ_SEED=${SEED})`);
  const only = process.env.XRUN_FUZZ_CASE;
  const first = only ? Number(only) : 0;
  const total = only ? 1 : Math.round(count * SCALE);
  for (let i = first; i < first + total; i++) {
    Atomics.store(current, 0, i);
    const input = make(new Rng(hash(parser, SEED + i)));
    if (only) console.log(`fuzz ${parser} case ${i}: ${show(input)}`);
    const error = fails(input);
    if (error !== undefined) failures.push({ input, error });
  }
  Atomics.store(current, 0, -2);

  console.log(`fuzz ${parser}: ${total} inputs, ${failures.length} crashes`);
  if (!only) recordCount(parser, total);
  const [shortest] = failures.sort((a, b) => weight(a.input) - weight(b.input));
  if (!shortest) return void Atomics.store(current, 0, -1);
  const small = shrink(
    shortest.input as T,
    (candidate) => fails(candidate) !== undefined,
  );
  Atomics.store(current, 0, -1);
  const lines = [
    `${parser} failed on ${failures.length} of ${total} inputs (XRUN_FUZZ_SEED=${SEED})`,
    `smallest: ${show(small)} -> ${fails(small) ?? shortest.error}`,
    ...failures.slice(0, SHOW).map((f) => `input: ${show(f.input)} -> ${f.error}`),
  ];
  assert.unreachable(lines.join('\n'));
}
