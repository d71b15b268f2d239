import { UserError } from '../errors.js';
import { BOOLEAN_FLAGS, SHORT_FLAGS, VALUE_FLAGS } from './docker-flags.js';

/** xrun's own options, which never reach docker. */
export interface XrunOptions {
  emulate: boolean;
  native: boolean;
  yes: boolean;
  dryRun: boolean;
  json: boolean;
  verbose: boolean;
  noCredentials: boolean;
  help: boolean;
  version: boolean;
  /** docker's --context, passed before every docker command. */
  context?: string;
  /** The engine program: docker or podman. */
  engine?: string;
}

/** A `docker run` command line, split around its image. */
export interface RunLine {
  options: XrunOptions;
  /** Arguments for `docker run`, xrun's own removed. */
  dockerArgs: string[];
  /** Index of the image within dockerArgs, or -1 when there is none. */
  imageIndex: number;
  platform?: string;
  tty: boolean;
  interactive: boolean;
  detach: boolean;
  /** Flags before the image that docker run does not list (passed on untouched). */
  unknownFlags: string[];
  /** docker's --pull policy: always, missing or never. */
  pull?: string;
  /** -q: no pull progress. */
  quiet: boolean;
}

type Switch = Exclude<keyof XrunOptions, 'context' | 'engine'>;

/** xrun's own switches, by flag name. */
export const XRUN_FLAGS: Record<string, Switch> = {
  emulate: 'emulate',
  native: 'native',
  yes: 'yes',
  'dry-run': 'dryRun',
  json: 'json',
  verbose: 'verbose',
  'no-credentials': 'noCredentials',
  help: 'help',
  version: 'version',
};

function defaults(): XrunOptions {
  return {
    emulate: false,
    native: false,
    yes: false,
    dryRun: false,
    json: false,
    verbose: false,
    noCredentials: false,
    help: false,
    version: false,
  };
}

/** xrun's options that cannot go together, as one line saying which to keep. */
export function checkOptions(options: XrunOptions): void {
  if (options.native && options.emulate) {
    throw new UserError(
      '--native and --emulate contradict each other: keep --native to never emulate, ' +
        'or --emulate to allow it',
    );
  }
  if (options.json && !options.dryRun) {
    throw new UserError(
      '--json prints a plan, so it needs --dry-run: xrun --dry-run --json [OPTIONS] IMAGE ' +
        '(inspect and emulators take --json too)',
    );
  }
}

const FALSE_WORDS = new Set(['false', '0', 'f', 'FALSE', 'False']);

/** Splits xrun's options from the docker run arguments and finds the image. */
export function parseRunLine(argv: string[]): RunLine {
  const line: RunLine = {
    options: defaults(),
    dockerArgs: [],
    imageIndex: -1,
    tty: false,
    interactive: false,
    detach: false,
    unknownFlags: [],
    quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      if (i + 1 < argv.length) line.imageIndex = line.dockerArgs.length + 1;
      line.dockerArgs.push(...argv.slice(i));
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      i = longFlag(arg, argv, i, line);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      line.dockerArgs.push(arg);
      i = shortCluster(arg, argv, i, line);
      continue;
    }
    line.imageIndex = line.dockerArgs.length;
    line.dockerArgs.push(...argv.slice(i));
    break;
  }
  return line;
}

function shortFlag(letter: string): string | undefined {
  return Object.hasOwn(SHORT_FLAGS, letter) ? SHORT_FLAGS[letter] : undefined;
}

function setBool(line: RunLine, name: string, value: boolean): void {
  if (name === 'tty') line.tty = value;
  if (name === 'quiet') line.quiet = value;
  if (name === 'interactive') line.interactive = value;
  if (name === 'detach') line.detach = value;
}

/** Reads `--name`, `--name=value` or `--name value`; returns the last index used. */
function longFlag(arg: string, argv: string[], i: number, line: RunLine): number {
  const eq = arg.indexOf('=');
  const name = arg.slice(2, eq >= 0 ? eq : undefined);
  const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
  const own = Object.hasOwn(XRUN_FLAGS, name) ? XRUN_FLAGS[name] : undefined;
  if (own) {
    if (inline !== undefined) throw new UserError(`--${name} takes no value`);
    line.options[own] = true;
    return i;
  }
  if (name === 'context' || name === 'engine') {
    const value = inline ?? argv[i + 1];
    if (!value) throw new UserError(`flag needs an argument: --${name}`);
    line.options[name] = value;
    return inline === undefined ? i + 1 : i;
  }
  line.dockerArgs.push(arg);
  if (!VALUE_FLAGS.has(name)) {
    if (!BOOLEAN_FLAGS.has(name)) line.unknownFlags.push(`--${name}`);
    setBool(line, name, inline === undefined || !FALSE_WORDS.has(inline));
    return i;
  }
  const value = inline ?? argv[i + 1];
  if (value === undefined) throw new UserError(`flag needs an argument: --${name}`);
  if (name === 'platform') line.platform = value;
  if (name === 'pull') line.pull = value;
  if (inline !== undefined) return i;
  line.dockerArgs.push(value);
  return i + 1;
}

/** Reads a cluster like `-itd` or `-p80:80`; returns the index of the last argument used. */
function shortCluster(arg: string, argv: string[], i: number, line: RunLine): number {
  for (let k = 1; k < arg.length; k++) {
    const letter = arg[k] ?? '';
    if (letter === '=') {
      const long = shortFlag(arg[k - 1] ?? '');
      if (long) setBool(line, long, !FALSE_WORDS.has(arg.slice(k + 1)));
      return i;
    }
    const long = shortFlag(letter);
    if (!long) line.unknownFlags.push(`-${letter}`);
    if (long && VALUE_FLAGS.has(long)) {
      if (k + 1 < arg.length) return i;
      const value = argv[i + 1];
      if (value === undefined) throw new UserError(`flag needs an argument: -${letter}`);
      line.dockerArgs.push(value);
      return i + 1;
    }
    if (long) setBool(line, long, true);
  }
  return i;
}

/** The image reference text, or undefined when the line has none. */
export function imageOf(line: RunLine): string | undefined {
  return line.imageIndex >= 0 ? line.dockerArgs[line.imageIndex] : undefined;
}
