import pty from 'node-pty';
import xterm from '@xterm/headless';
import { XRUN } from './xrun.js';

const KEYS = {
  up: '\x1b[A',
  down: '\x1b[B',
  enter: '\r',
  esc: '\x1b',
  ctrlC: '\x03',
} as const;

/** A program running in a real pseudo-terminal, its screen kept by a terminal emulator. */
export class PtySession {
  private readonly term: xterm.Terminal;
  private readonly child: pty.IPty;
  readonly exited: Promise<number>;
  raw = '';

  constructor(file: string, args: string[], env: Record<string, string> = {}) {
    const cols = 100;
    const rows = 30;
    this.term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
    const base = { ...process.env } as Record<string, string>;
    this.child = pty.spawn(file, args, {
      name: 'xterm-256color',
      cols,
      rows,
      env: { ...base, ...env },
    });
    this.child.onData((data) => {
      this.raw += data;
      this.term.write(data);
    });
    this.exited = new Promise((resolve) =>
      this.child.onExit(({ exitCode }) => resolve(exitCode)),
    );
  }

  /** The screen as text, one string per row, trailing blanks trimmed. */
  screen(): string[] {
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++)
      lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    return lines;
  }

  /** Waits until some screen row matches, or fails with the screen after timeoutMs. */
  async waitFor(pattern: RegExp | string, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    const matches = (line: string) =>
      typeof pattern === 'string' ? line.includes(pattern) : pattern.test(line);
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const hit = this.screen().find(matches);
      if (hit !== undefined) return hit;
      if (Date.now() > deadline) {
        throw new Error(`screen never showed ${pattern}:\n${this.screen().join('\n')}`);
      }
    }
  }

  type(text: string): void {
    this.child.write(text);
  }

  press(key: keyof typeof KEYS): void {
    this.child.write(KEYS[key]);
  }

  /** The pid of the xrun process running under the session's shell. */
  async xrunPid(): Promise<number> {
    const { execa } = await import('execa');
    const { stdout } = await execa('pgrep', [
      '-P',
      String(this.child.pid),
      '-f',
      'bin/xrun',
    ]);
    const pid = Number(stdout.trim().split('\n')[0]);
    if (!pid) throw new Error('no xrun process under the session');
    return pid;
  }

  /** Sends a signal to the xrun process running under the session's shell. */
  async signalXrun(signal: NodeJS.Signals): Promise<void> {
    process.kill(await this.xrunPid(), signal);
  }

  /** Changes the terminal's size, as a window resize would. */
  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
    this.child.resize(cols, rows);
  }

  /** Ends the session's process group if it is still running. */
  kill(): void {
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

/** bin/xrun under a pty, through sh so the terminal's modes can be read before and after. */
export function xrunInPty(args: string[], env: Record<string, string> = {}): PtySession {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script =
    `echo "MODES-BEFORE $(stty -g)"; "${process.execPath}" "${XRUN}" ${quoted}; ` +
    `echo "XRUN-EXIT $?"; echo "MODES-AFTER $(stty -g)"`;
  return new PtySession('/bin/sh', ['-c', script], env);
}

/** Runs fn with an xrun pty session, which is killed afterwards whatever happens. */
export async function withXrunPty<T>(
  args: string[],
  env: Record<string, string>,
  fn: (session: PtySession) => Promise<T>,
): Promise<T> {
  const session = xrunInPty(args, env);
  try {
    return await fn(session);
  } finally {
    session.kill();
  }
}

/**
 * Runs `sh -c script` in a pty whose reader is slow, as a busy terminal is: after
 * each chunk it stops reading for `pauseMs`. Resolves to everything read.
 */
export function slowTerminal(script: string, pauseMs = 3): Promise<string> {
  return new Promise((resolve) => {
    const child = pty.spawn('/bin/sh', ['-c', script], {
      name: 'xterm-256color',
      cols: 100,
      rows: 30,
      env: { ...process.env } as Record<string, string>,
    });
    let raw = '';
    child.onData((data) => {
      raw += data;
      child.pause();
      setTimeout(() => child.resume(), pauseMs);
    });
    child.onExit(() => resolve(raw));
  });
}
