import { closeSync, constants, existsSync, openSync } from 'node:fs';
import { exitCodeOf } from './exit.js';

/** The streams a pty run connects to; process.std* by default. */
export interface Terminal {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
}

/** Loads node-pty; resolves to the runner, or rejects when no build of it fits here. */
export async function loadPty(term?: Terminal) {
  const pty = await import('node-pty');
  return (program: string, args: string[], onStop: StopHandler) =>
    runWith(pty, program, args, onStop, term);
}

const SHELL = '/bin/sh';

/**
 * Our terminal as a path the engine can open for its stdout, or undefined when
 * stdout is not process.stdout on a terminal this user can open (or there
 * is no /bin/sh to point the engine's stdout there). The path is
 * /proc/PID/fd/1, so it names this very terminal in any mount namespace.
 */
export function terminalOutput(
  stdout: NodeJS.WriteStream,
  pid = process.pid,
): string | undefined {
  if (stdout !== process.stdout || !stdout.isTTY || !existsSync(SHELL)) return undefined;
  const path = `/proc/${pid}/fd/1`;
  try {
    closeSync(openSync(path, constants.O_WRONLY | constants.O_NOCTTY));
    return path;
  } catch {
    return undefined;
  }
}

/**
 * The command node-pty starts. When our terminal can be reopened, the engine's
 * stdout goes straight to it and the pseudo-terminal keeps the rest: stdin,
 * the controlling terminal (window size, raw mode) and the engine's own
 * errors. Copying the output through xrun instead costs a quarter of -t
 * throughput (`npm run bench`): each 4 KiB read from a pty crosses one more
 * pty and one more process, on a machine that is already CPU-bound.
 */
export function ptyCommand(
  program: string,
  args: string[],
  output: string | undefined,
): [string, string[]] {
  if (!output) return [program, args];
  const script = 'out=$1; shift; exec "$@" >"$out"';
  return [SHELL, ['-c', script, 'xrun', output, program, ...args]];
}

/** Passes a stop signal on; the default only signals the client. */
export type StopHandler = (
  signal: NodeJS.Signals,
  client: { kill(s: string): void },
) => void;

/**
 * Runs the engine inside a pseudo-terminal wired to ours: raw input, window
 * size changes passed on, and the terminal's mode restored however the run
 * ends. node-pty is loaded only here, so plain runs never pay for it.
 */
async function runWith(
  pty: typeof import('node-pty'),
  program: string,
  args: string[],
  onStop: StopHandler,
  term: Terminal = { stdin: process.stdin, stdout: process.stdout },
): Promise<number> {
  const { stdin, stdout } = term;
  const [file, argv] = ptyCommand(program, args, terminalOutput(stdout));
  const child = pty.spawn(file, argv, {
    name: process.env.TERM ?? 'xterm-256color',
    cols: stdout.columns || 80,
    rows: stdout.rows || 24,
    cwd: process.cwd(),
    env: process.env as Record<string, string>,
    encoding: null,
  });

  const wasRaw = stdin.isRaw;
  stdin.setRawMode?.(true);
  stdin.resume();
  const onInput = (data: Buffer) => child.write(data);
  const onResize = () => child.resize(stdout.columns || 80, stdout.rows || 24);
  const onSignal = (signal: NodeJS.Signals) => onStop(signal, child);
  stdin.on('data', onInput);
  stdout.on('resize', onResize);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  const output = child.onData((data: string | Buffer) => stdout.write(data));

  try {
    const { exitCode, signal } = await new Promise<{ exitCode: number; signal?: number }>(
      (resolve) => child.onExit(resolve),
    );
    return exitCodeOf(signal ? null : exitCode, signal || null);
  } finally {
    output.dispose();
    stdin.off('data', onInput);
    stdout.off('resize', onResize);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    stdin.setRawMode?.(wasRaw ?? false);
    stdin.pause();
  }
}
