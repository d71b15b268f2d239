import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { log } from '../log.js';
import { PROBE_CODE } from './probe-code.js';
import { PROBE_ARGS, PROBE_EXIT, probeElf } from './probe-elf.js';
import type { QemuProfile } from './profiles.js';

/**
 * What running a probe showed: it ran with argv intact (ok), it ran but saw
 * one argument too many or too few (the P flag does not fit the emulator),
 * the kernel found no way to run it (ENOEXEC), the interpreter could not be
 * opened (ENOENT), or it failed otherwise (detail says how).
 */
export type ProbeVerdict =
  'ok' | 'argv-extra' | 'argv-short' | 'no-handler' | 'interpreter-missing' | 'failed';

export interface ProbeResult {
  verdict: ProbeVerdict;
  detail: string;
}

/** Whether xrun has probe code for a profile. */
export const canProbe = (profile: QemuProfile) => profile.architecture in PROBE_CODE;

const NO_HANDLER: ProbeResult = { verdict: 'no-handler', detail: 'exec format error' };

/** What the helper image reports for a probe its shell had to run as a script. */
export const NOEXEC_CODE = -8;

/** Reads an exit code (or a signal) as a verdict. */
export function verdictOf(code: number | null, signal?: string | null): ProbeResult {
  if (code === PROBE_EXIT) return { verdict: 'ok', detail: `exited ${code}` };
  if (code === PROBE_EXIT + 1) return { verdict: 'argv-extra', detail: `exited ${code}` };
  if (code === PROBE_EXIT - 1) return { verdict: 'argv-short', detail: `exited ${code}` };
  if (code === NOEXEC_CODE) return NO_HANDLER;
  if (signal) return { verdict: 'failed', detail: `killed by ${signal}` };
  return { verdict: 'failed', detail: `exited ${code ?? 'without a code'}` };
}

/**
 * Runs one probe file with a known argv[0] and two arguments, within a time
 * limit. glibc's execvp runs a file the kernel refused (ENOEXEC) as a shell
 * script; the shell's complaint starts with the file's path, so that is read
 * as the kernel's ENOEXEC (the probe itself never writes to stderr).
 */
function execute(file: string, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const child = spawn(file, PROBE_ARGS, {
      argv0: 'xrun-probe',
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: timeoutMs,
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('latin1')));
    child.on('error', (error: NodeJS.ErrnoException) =>
      resolve(spawnFailure(error, file)),
    );
    child.on('close', (code, signal) => {
      const refused = code !== null && Math.abs(code - PROBE_EXIT) > 1;
      if (refused && stderr.startsWith(`${file}:`)) resolve(NO_HANDLER);
      else resolve(verdictOf(code, signal));
    });
  });
}

/** The verdict for a probe the kernel would not start at all. */
function spawnFailure(error: NodeJS.ErrnoException, file: string): ProbeResult {
  if (error.code === 'ENOEXEC') return NO_HANDLER;
  if (error.code === 'ENOENT')
    return { verdict: 'interpreter-missing', detail: 'ENOENT' };
  if (error.code === 'EACCES') {
    const why = `EACCES: is ${path.dirname(file)} on a noexec mount? set TMPDIR`;
    return { verdict: 'failed', detail: why };
  }
  return { verdict: 'failed', detail: error.code ?? error.message };
}

/**
 * Runs each profile's probe on this machine's kernel: natively, through a
 * binfmt_misc handler or through Rosetta, whatever the kernel picks.
 */
export async function runProbes(
  profiles: QemuProfile[],
  timeoutMs = 10_000,
): Promise<Record<string, ProbeResult>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xrun-probe-'));
  try {
    const results: Record<string, ProbeResult> = {};
    await Promise.all(
      profiles.filter(canProbe).map(async (profile) => {
        const file = path.join(dir, `probe-${profile.architecture}`);
        await writeFile(file, probeElf(profile));
        await chmod(file, 0o755);
        results[profile.architecture] = await execute(file, timeoutMs);
        log(
          'binfmt',
          `probe ${profile.architecture}: ${results[profile.architecture]?.detail}`,
        );
      }),
    );
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One clause on a probe that did not run as it should. */
export function probeProblem(result: ProbeResult, interpreter?: string): string {
  const who = interpreter ?? 'the emulator';
  if (result.verdict === 'argv-extra') {
    return (
      `the probe got one argument too many: P is set but ${who} does not expect it, ` +
      'so programs see their own path as an extra argument'
    );
  }
  if (result.verdict === 'argv-short') {
    return (
      `the probe lost an argument: ${who} expects preserve-argv0 but P is not set, ` +
      'so multi-call programs like busybox fail ("applet not found")'
    );
  }
  if (result.verdict === 'no-handler')
    return 'the kernel cannot execute the probe (exec format error)';
  if (result.verdict === 'interpreter-missing') {
    return `the kernel cannot open ${who} to run the probe (ENOENT)`;
  }
  return `the probe did not run as expected (${result.detail})`;
}
