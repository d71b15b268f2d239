import { spawnSync } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, readlinkSync } from 'node:fs';
import { exitCodeOf } from './exit.js';
import { fdRelay, streamRelay, type Relay } from './relay.js';
import { onStopSignal } from './signals.js';

/** The streams a pty run connects to; process.std* by default. */
export interface Terminal {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** What a pty run needs besides the command. */
export interface PtyRun {
  /** -i: the terminal goes raw and what is typed reaches the engine. */
  interactive: boolean;
  onStop: StopHandler;
}

/** Passes a stop signal on; the default only signals the client. */
export type StopHandler = (
  signal: NodeJS.Signals,
  client: { kill(s: string): void },
) => void;

/** Loads node-pty; resolves to the runner, or rejects when no build of it fits here. */
export async function loadPty(term?: Terminal) {
  const pty = await import('node-pty');
  return (program: string, args: string[], run: PtyRun) =>
    runWith(pty, program, args, run, term);
}

const SHELL = '/bin/sh';

/**
 * Our terminal as a path the engine can open for its stdout, or undefined when
 * stdout is not process.stdout on a terminal this user can open. The path is
 * /proc/PID/fd/1, so it names this very terminal in any mount namespace; a
 * stdout opened as /dev/tty is refused, since the engine would reopen its own.
 */
export function terminalOutput(
  stdout: NodeJS.WriteStream,
  pid = process.pid,
): string | undefined {
  if (stdout !== process.stdout || !stdout.isTTY) return undefined;
  const path = `/proc/${pid}/fd/1`;
  try {
    if (readlinkSync(path) === '/dev/tty') return undefined;
    closeSync(openSync(path, constants.O_WRONLY | constants.O_NOCTTY));
    return path;
  } catch {
    return undefined;
  }
}

/**
 * The command node-pty starts: through sh, which first turns output
 * processing off on the pseudo-terminal (its bytes then pass unchanged, as
 * docker's own raw mode would have them) and, given a terminal path, points
 * the engine's stdout straight at it. The pseudo-terminal keeps the rest:
 * stdin, the controlling terminal (window size) and the engine's errors.
 * Relaying the output through xrun instead costs a quarter of -t throughput
 * (`npm run bench`): a pty hands over at most 4 KiB per read, so every
 * 4 KiB crosses one more pty and one more process.
 */
export function ptyCommand(
  program: string,
  args: string[],
  output: string | undefined,
  shell = existsSync(SHELL),
): [string, string[]] {
  if (!shell) return [program, args];
  const script =
    'stty -opost 2>/dev/null; out=$1; shift; ' +
    '[ -z "$out" ] || exec "$@" >"$out"; exec "$@"';
  return [SHELL, ['-c', script, 'xrun', output ?? '', program, ...args]];
}

/** The terminal as docker's raw mode leaves it: no echo, no signals, no output processing. */
function makeRaw(stdin: NodeJS.ReadStream): void {
  stdin.setRawMode?.(true);
  // Node's raw mode keeps output processing (\n becomes \r\n); docker's turns it off.
  if (stdin === process.stdin)
    spawnSync('stty', ['raw', '-echo'], { stdio: ['inherit', 'ignore', 'ignore'] });
}

/** Where the pty's output goes: the process's own descriptor when it is one. */
function relayTo(target: NodeJS.WriteStream, pause: (on: boolean) => void): Relay {
  if (target === process.stdout) return fdRelay(1, pause);
  if (target === process.stderr) return fdRelay(2, pause);
  return streamRelay(target);
}

/**
 * Docker's errors as a terminal shows them: the pty passes \n unchanged, and a
 * raw terminal would not return to the line's start. A file or pipe gets \n.
 */
function errorsTo(target: NodeJS.WriteStream, relay: Relay): Relay {
  if (!target.isTTY) return relay;
  const crlf = (data: Buffer) =>
    Buffer.from(data.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
  return { write: (data) => relay.write(crlf(data)), drained: () => relay.drained() };
}

/**
 * Runs the engine inside a pseudo-terminal wired to ours: window size
 * changes passed on, stop signals handed to `onStop`, and with -i raw input
 * and the terminal's mode restored however the run ends. Without -i the
 * terminal is left as it is, so what is typed meanwhile stays for the shell.
 * node-pty is loaded only here, so plain runs never pay for it.
 */
async function runWith(
  pty: typeof import('node-pty'),
  program: string,
  args: string[],
  { interactive, onStop }: PtyRun,
  term: Terminal = {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  },
): Promise<number> {
  const { stdin, stdout } = term;
  const output = terminalOutput(stdout);
  const [file, argv] = ptyCommand(program, args, output);
  const child = pty.spawn(file, argv, {
    name: process.env.TERM ?? 'xterm-256color',
    cols: stdout.columns || 80,
    rows: stdout.rows || 24,
    cwd: process.cwd(),
    env: process.env as Record<string, string>,
    encoding: null,
  });

  // With the output going straight to the terminal, what is left on the pty
  // is the engine's stderr.
  const target = output ? term.stderr : stdout;
  const direct = relayTo(target, (on) => (on ? child.pause() : child.resume()));
  const relay = output ? errorsTo(target, direct) : direct;
  const wasRaw = stdin.isRaw;
  const onInput = (data: Buffer) => child.write(data);
  if (interactive) {
    makeRaw(stdin);
    stdin.on('data', onInput);
    stdin.resume();
  }
  const onResize = () => child.resize(stdout.columns || 80, stdout.rows || 24);
  stdout.on('resize', onResize);
  const dispose = onStopSignal((signal) => onStop(signal, child));
  // Ctrl-Z on a terminal that is not raw: docker runs on, so xrun does too.
  const stayOn = () => undefined;
  if (!interactive) process.on('SIGTSTP', stayOn);
  const data = child.onData((chunk: string | Buffer) => relay.write(chunk as Buffer));

  try {
    const { exitCode, signal } = await new Promise<{ exitCode: number; signal?: number }>(
      (resolve) => child.onExit(resolve),
    );
    await relay.drained();
    return exitCodeOf(signal ? null : exitCode, signal || null);
  } finally {
    data.dispose();
    dispose();
    process.off('SIGTSTP', stayOn);
    stdout.off('resize', onResize);
    if (interactive) {
      stdin.off('data', onInput);
      stdin.setRawMode?.(wasRaw ?? false);
      stdin.pause();
    }
  }
}
