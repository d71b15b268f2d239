// Timed child processes, started without a shell.
import { spawn } from 'node:child_process';

// Milliseconds since an earlier process.hrtime.bigint() reading.
export const msSince = (start) => Number(process.hrtime.bigint() - start) / 1e6;

// Runs argv once with stdout discarded; resolves to its wall time, exit code and stderr.
export function timeOnce([program, ...args], env = process.env) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(program, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let ms = 0;
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', () => (ms = msSince(start)));
    child.on('close', (code) => resolve({ ms, code, stderr }));
  });
}

// Fails with the command and its last stderr line unless it exited with 0.
export function checked(argv, result) {
  if (result.code === 0) return result;
  const why = result.stderr.trim().split('\n').pop() ?? '';
  throw new Error(`"${argv.join(' ')}" exited with ${result.code}: ${why}`);
}

// Runs argv and resolves to its stdout (trimmed); fails when it exits non-zero.
export function capture([program, ...args], env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout.trim());
      else
        reject(
          new Error(`"${[program, ...args].join(' ')}" exited with ${code}: ${stderr}`),
        );
    });
  });
}

// Like capture, but resolves to undefined instead of failing.
export const tryCapture = (argv, env) => capture(argv, env).catch(() => undefined);

// One warm-up run of each command, then `runs` rounds taking them in turn (A B A B ...),
// each round after an untimed `before()`. `run(argv)` resolves to a measurement (ms by
// default); the result holds one list of them per command.
export async function alternate(commands, runs, run = timedOk, before = async () => {}) {
  await before();
  for (const argv of commands) await run(argv);
  const times = commands.map(() => []);
  for (let round = 0; round < runs; round++) {
    await before();
    for (const [i, argv] of commands.entries()) times[i].push(await run(argv));
  }
  return times;
}

// Pulls an image unless it is local (others may remove it while the bench runs).
export async function keepLocal(image) {
  if (await tryCapture(['docker', 'image', 'inspect', '--format', '{{.Id}}', image]))
    return;
  await capture(['docker', 'pull', '-q', image]);
}

// A runner for alternate(): the run must succeed and write nothing to stderr. One that
// does (say the image was removed meanwhile by someone else, so docker pulled it) is
// noted in `redone` and measured again after `before()`, up to three times.
export function quietRun(before, redone) {
  return async (argv) => {
    for (let attempt = 1; ; attempt++) {
      const result = checked(argv, await timeOnce(argv));
      if (!result.stderr.trim() || attempt === 3) return result.ms;
      redone.push(`${argv.join(' ')}: ${result.stderr.trim().split('\n')[0]}`);
      await before();
    }
  };
}

// The wall time of a run that must succeed.
export async function timedOk(argv) {
  return checked(argv, await timeOnce(argv)).ms;
}
