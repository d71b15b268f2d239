import { readFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import { closeAll } from '../closing.js';
import { chooseEngine } from '../engine/choose-engine.js';
import { EXIT, UserError } from '../errors.js';
import { setLogging } from '../log.js';
import { oneLine, printable } from '../text.js';
import { checkOptions, parseRunLine } from './args.js';
import { HELP } from './help.js';
import type { Io } from './io.js';
import { runCommand } from './run-command.js';

const SUBCOMMANDS = new Set(['inspect', 'emulators', 'emulate']);

/** Runs one xrun command line and returns the exit code; never throws. */
export async function main(
  argv = process.argv.slice(2),
  env = process.env,
): Promise<number> {
  const io = processIo(env);
  try {
    const [first, ...rest] = argv;
    if (first && SUBCOMMANDS.has(first)) {
      const { subcommand } = await import('./subcommands.js');
      return await subcommand(first, rest, io);
    }
    const line = parseRunLine(first === 'run' ? rest : argv);
    if (line.options.help || argv.length === 0) return print(io, HELP);
    if (line.options.version) return print(io, `xrun ${version()}`);
    checkOptions(line.options);
    setLogging(line.options.verbose);
    io.json = line.options.json;
    io.noCredentials = line.options.noCredentials;
    const globalArgs = line.options.context ? ['--context', line.options.context] : [];
    return await runCommand(line, chooseEngine(line.options.engine, env, globalArgs), io);
  } catch (error) {
    return report(error, io);
  } finally {
    closeAll();
  }
}

/** A reader that went away (xrun ... | head) ends xrun quietly, as with other tools. */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? 0);
    });
  }
}

function processIo(env: NodeJS.ProcessEnv): Io {
  quietOnClosedPipe();
  const io: Io = {
    env,
    // Nothing xrun prints can carry a terminal control sequence (see printable).
    stdout: (line) => process.stdout.write(printable(line) + '\n'),
    stderr: (line) => process.stderr.write(printable(line) + '\n'),
    // isatty, not process.stdin.isTTY: a run that never reads stdin need not open it.
    stdinIsTTY: isatty(0),
    stdoutIsTTY: isatty(1),
    stderrIsTTY: isatty(2),
    json: false,
    noCredentials: false,
  };
  if (env.XRUN_BINFMT_DIR) io.binfmtDir = env.XRUN_BINFMT_DIR;
  return io;
}

function print(io: Io, text: string): number {
  io.stdout(text);
  return 0;
}

/** A user error is one line; anything else is a bug, shown with its stack. */
export function report(error: unknown, io: Io): number {
  if (error instanceof UserError) {
    io.stderr(`xrun: ${oneLine(error.message)}`);
    return error.exitCode;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`xrun: internal error, please report it with the command you ran:\n${stack}`);
  return EXIT.failure;
}

export function version(): string {
  const pkg = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}
