import { chooseEngine } from '../engine/choose-engine.js';
import { UserError } from '../errors.js';
import { setLogging } from '../log.js';
import { emulationSetting } from '../emulation/setting.js';
import { emulateCommand } from './emulate-command.js';
import { emulatorsCommand } from './emulators-command.js';
import { inspectCommand } from './inspect-command.js';
import { HELP, USAGE } from './help.js';
import type { Io } from './io.js';

/** Splits `--flag` words from the rest, rejecting flags the command does not know. */
export function flags(
  args: string[],
  known: string[],
): { set: Set<string>; words: string[] } {
  const set = new Set<string>();
  const words: string[] = [];
  for (const arg of args) {
    if (!arg.startsWith('--')) words.push(arg);
    else if (known.includes(arg)) set.add(arg);
    else
      throw new UserError(
        `unknown option ${arg}: this command takes ${known.join(', ')}`,
      );
  }
  return { set, words };
}

/** `xrun inspect`, `xrun emulators` and `xrun emulate`. */
export async function subcommand(name: string, args: string[], io: Io): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(USAGE[name] ?? HELP);
    return 0;
  }
  const engine = chooseEngine(undefined, io.env, []);
  if (name === 'inspect') {
    const { set, words } = flags(args, ['--json', '--size', '--verbose']);
    setLogging(set.has('--verbose'));
    if (words.length !== 1)
      throw new UserError('usage: xrun inspect [--json] [--size] IMAGE');
    const size = set.has('--size');
    return inspectCommand(words[0] ?? '', set.has('--json'), engine, io, { size });
  }
  if (name === 'emulators') {
    const { set, words } = flags(args, ['--json', '--verbose']);
    if (words.length > 0)
      throw new UserError(
        `xrun emulators takes no argument (got "${words[0]}"): usage: xrun emulators [--json]`,
      );
    setLogging(set.has('--verbose'));
    const { host, backend, traits } = await emulationSetting(engine, {
      ...settingOf(io),
      fallback: (why) =>
        io.stderr(`xrun: note: ${why}; showing this kernel's binfmt_misc`),
    });
    return emulatorsCommand(host, { json: set.has('--json'), backend, traits }, io);
  }
  const { set, words } = flags(args, EMULATE_FLAGS);
  setLogging(set.has('--verbose'));
  const { host, backend, traits } = await emulationSetting(engine, settingOf(io));
  return emulateCommand(
    host,
    words,
    {
      credentials: !set.has('--no-credentials'),
      remove: set.has('--remove'),
      force: set.has('--force'),
      persist: set.has('--persist'),
      yes: set.has('--yes'),
      backend,
      traits,
      args,
    },
    io,
  );
}

const EMULATE_FLAGS = [
  '--no-credentials',
  '--persist',
  '--yes',
  '--remove',
  '--force',
  '--verbose',
];

/** What the emulation commands take from Io. */
function settingOf(io: Io) {
  return { env: io.env, ...(io.binfmtDir ? { binfmtDir: io.binfmtDir } : {}) };
}
