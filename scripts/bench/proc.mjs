// What a process costs, sampled from /proc while it runs: peak memory and CPU time.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checked, timeOnce } from './spawn.mjs';

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

// VmHWM (peak resident set, KiB) and user+system CPU ms of a live process, if still there.
function usage(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const kib = Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    return { kib, cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
  } catch {
    return undefined;
  }
}

// Samples a pid every few ms; stop() ends sampling and returns { peakKiB, cpuMs } as last
// seen. Both only grow, so the last sample before exit misses at most its last ms.
export function watchProcess(pid, everyMs = 4) {
  const last = { peakKiB: 0, cpuMs: 0 };
  const sample = () => {
    const now = usage(pid);
    if (now && now.kib) Object.assign(last, { peakKiB: now.kib, cpuMs: now.cpuMs });
  };
  const timer = setInterval(sample, everyMs);
  sample();
  return () => (clearInterval(timer), sample(), last);
}

// Runs argv (stdout discarded) while watching its peak; resolves to KiB.
export function peakOfRun(argv) {
  return new Promise((resolve, reject) => {
    const [program, ...args] = argv;
    const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const stop = watchProcess(child.pid);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    let kib = 0;
    child.on('exit', () => (kib = stop().peakKiB));
    child.on('close', (code) => {
      try {
        checked(argv, { code, stderr });
        resolve(kib);
      } catch (error) {
        reject(error);
      }
    });
  });
}

// GNU time's %M for argv: the peak of the process and the children it waited for, KiB.
export async function gnuTimeKiB(argv) {
  const out = path.join(tmpdir(), `xrun-bench-time-${process.pid}`);
  const command = ['/usr/bin/time', '-f', '%M', '-o', out, ...argv];
  checked(command, await timeOnce(command));
  const kib = Number(readFileSync(out, 'utf8').trim().split('\n').pop());
  rmSync(out, { force: true });
  return kib;
}
