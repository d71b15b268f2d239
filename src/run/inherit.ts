import { spawn } from 'node:child_process';
import { UserError } from '../errors.js';
import { exitCodeOf } from './exit.js';

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs the engine with this process's stdio, so pipes and redirections keep
 * their bytes. Signals sent to xrun alone are passed on; a Ctrl-C from the
 * terminal already reaches the child through the process group, and docker
 * forwards it to the container, so xrun just waits for the child's answer.
 */
export function runInherited(program: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => {
      if (!child.killed) child.kill(signal);
    };
    for (const signal of FORWARDED) process.on(signal, forward);
    const done = () => {
      for (const signal of FORWARDED) process.off(signal, forward);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      done();
      reject(
        error.code === 'ENOENT'
          ? new UserError(`"${program}" is not installed or not on PATH`)
          : error,
      );
    });
    child.on('exit', (code, signal) => {
      done();
      resolve(exitCodeOf(code, signal));
    });
  });
}
