// Runs under a pseudo-terminal made by node-pty, as a user's terminal would run them.
import pty from 'node-pty';
import { watchProcess } from './proc.mjs';
import { msSince } from './spawn.mjs';

// Runs argv on a fresh 120x40 pty, reading everything it writes. Resolves to the wall
// time until exit, the bytes received, the exit code, and the process's peak KiB and CPU
// ms (its own, not its children's) sampled from /proc.
// node-pty reports the exit only after the pty's output is drained, so no byte is missed.
export function ptyRun([program, ...args]) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = pty.spawn(program, args, {
      name: 'xterm-256color',
      cols: 120,
      rows: 40,
      cwd: process.cwd(),
      env: { ...process.env, TERM: 'xterm-256color' },
      encoding: null,
    });
    const stop = watchProcess(child.pid);
    let bytes = 0;
    let tail = Buffer.alloc(0);
    child.onData((data) => {
      bytes += data.length;
      tail = data.subarray(-200);
    });
    child.onExit(({ exitCode }) => {
      const ms = msSince(start);
      resolve({ ms, bytes, code: exitCode, ...stop(), tail: tail.toString() });
    });
  });
}

// A pty run that must succeed and deliver at least `expected` bytes.
export async function ptyRunOk(argv, expected) {
  const result = await ptyRun(argv);
  if (result.code !== 0 || result.bytes < expected) {
    throw new Error(
      `"${argv.join(' ')}" under a pty exited with ${result.code} after ` +
        `${result.bytes} of ${expected} bytes; last output: ${JSON.stringify(result.tail)}`,
    );
  }
  return result;
}
