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
}

const XRUN_FLAGS: Record<string, keyof XrunOptions> = {
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

const FALSE_WORDS = new Set(['false', '0', 'f', 'FALSE', 'False']);

/** Splits xrun's options from the docker run arguments and finds the image. */
export function parseRunLine(argv: string[]): RunLine {
  const options = defaults();
  const dockerArgs: string[] = [];
  const line: RunLine = {
    options,
    dockerArgs,
    imageIndex: -1,
    tty: false,
    interactive: false,
    detach: false,
  };
  const setBool = (name: string, value: boolean) => {
    if (name === 'tty') line.tty = value;
    if (name === 'interactive') line.interactive = value;
    if (name === 'detach') line.detach = value;
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      if (i + 1 < argv.length) {
        line.imageIndex = dockerArgs.length + 1;
        dockerArgs.push(...argv.slice(i));
      }
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq >= 0 ? eq : undefined);
      const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
      const own = XRUN_FLAGS[name];
      if (own && !(name === 'help' && dockerArgs.length > 0)) {
        if (inline !== undefined) throw new UserError(`--${name} takes no value`);
        options[own] = true;
        continue;
      }
      dockerArgs.push(arg);
      if (VALUE_FLAGS.has(name)) {
        const value = inline ?? argv[++i];
        if (value === undefined) throw new UserError(`flag needs an argument: --${name}`);
        if (inline === undefined) dockerArgs.push(value);
        if (name === 'platform') line.platform = value;
      } else {
        setBool(name, inline === undefined || !FALSE_WORDS.has(inline));
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      dockerArgs.push(arg);
      i = shortCluster(arg, argv, i, dockerArgs, setBool);
      continue;
    }
    line.imageIndex = dockerArgs.length;
    dockerArgs.push(...argv.slice(i));
    break;
  }
  return line;
}

/** Reads a cluster like `-itd` or `-p80:80`; returns the index of the last argument used. */
function shortCluster(
  arg: string,
  argv: string[],
  i: number,
  dockerArgs: string[],
  setBool: (name: string, value: boolean) => void,
): number {
  for (let k = 1; k < arg.length; k++) {
    const long = SHORT_FLAGS[arg[k] ?? ''];
    if (long && VALUE_FLAGS.has(long)) {
      if (k + 1 < arg.length) return i;
      const value = argv[i + 1];
      if (value === undefined) throw new UserError(`flag needs an argument: -${arg[k]}`);
      dockerArgs.push(value);
      return i + 1;
    }
    if (arg[k] === '=') {
      setBoolFromInline(arg, k, setBool);
      return i;
    }
    if (long && BOOLEAN_FLAGS.has(long)) setBool(long, true);
  }
  return i;
}

function setBoolFromInline(
  arg: string,
  k: number,
  setBool: (n: string, v: boolean) => void,
) {
  const long = SHORT_FLAGS[arg[k - 1] ?? ''];
  if (long) setBool(long, !FALSE_WORDS.has(arg.slice(k + 1)));
}

/** The image reference text, or undefined when the line has none. */
export function imageOf(line: RunLine): string | undefined {
  return line.imageIndex >= 0 ? line.dockerArgs[line.imageIndex] : undefined;
}
