import { exitCodeOf } from './exit.js';

/** The streams a pty run connects to; process.std* by default. */
export interface Terminal {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
}

/** Loads node-pty; resolves to the runner, or rejects when no build of it fits here. */
export async function loadPty() {
  const pty = await import('node-pty');
  return (program: string, args: string[], onStop: StopHandler) =>
    runWith(pty, program, args, onStop);
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
  const child = pty.spawn(program, args, {
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
