import os from 'node:os';
import { UserError } from '../errors.js';
import { normalize, formatPlatform, type Platform } from '../platform/platform.js';
import type { HostTraits } from '../platform/compat.js';
import { HostBackend, type EmulationBackend } from './backend.js';
import { coveringEntries } from './doctor.js';
import { inspectEmulation } from './inspect.js';
import { mainPlatform, profileOf, loadProfiles, type QemuProfile } from './profiles.js';
import { backendFor } from './select-backend.js';

export interface CheckOptions {
  /** binfmt_misc folder on this kernel (io.binfmtDir). */
  dir?: string;
  env?: NodeJS.ProcessEnv;
  /** The daemon shares this kernel (DaemonFacts.sharesKernel); default true. */
  sharesKernel?: boolean;
  host?: Platform;
}

/** The backend for the run path's checks. */
function backendOf(options: CheckOptions): EmulationBackend {
  return backendFor({
    env: options.env ?? process.env,
    sharesKernel: options.sharesKernel ?? true,
    ...(options.dir ? { dir: options.dir } : {}),
  });
}

/**
 * What the host CPU runs itself, learnt by running probes natively: an arm64
 * CPU that cannot run the arm probe has no 32-bit Arm (Apple M-series). Only
 * asked when no binfmt handler covers arm, so the kernel alone decides.
 */
export async function hostTraits(
  host: Platform,
  backend: EmulationBackend = new HostBackend(),
): Promise<HostTraits> {
  const arm = profileOf('arm');
  if (normalize(host).architecture !== 'arm64' || !arm || !backend.probes) return {};
  const { table } = await backend.snapshot();
  if (coveringEntries(table.entries, arm).some((e) => e.enabled)) return {};
  const result = (await backend.probe([arm])).arm;
  return result && result.verdict !== 'ok' ? { no32BitArm: true } : {};
}

/**
 * Right before an emulated run: reads the table again and runs the probe, so
 * a handler that another tool removed since xrun looked is caught (B48).
 */
export async function checkBeforeRun(
  architecture: string,
  options: CheckOptions = {},
): Promise<void> {
  const profile = profileOf(architecture);
  if (!profile) throw new UserError(`no qemu profile for ${architecture}`);
  const backend = backendOf(options);
  const host = options.host ?? normalize({ architecture: os.machine() });
  const found = await inspectEmulation(backend, {
    host,
    profiles: loadProfiles(),
    only: [profile],
  });
  const row = found.platforms.find((r) => r.architecture === architecture);
  if (row?.status === 'emulated' || row?.status === 'native') return;
  throw new UserError(lostMessage(profile, row?.problems[0]?.message));
}

/**
 * After an emulated run failed (exit 126, 127 or "exec format error"): why, when
 * the handler has vanished or broken since the check before the run (B48).
 */
export async function emulationLostHint(
  architecture: string,
  options: CheckOptions = {},
): Promise<string | undefined> {
  try {
    await checkBeforeRun(architecture, options);
    return undefined;
  } catch (error) {
    return error instanceof UserError ? error.message : undefined;
  }
}

/** The one line for a handler that worked when checked and does not now. */
function lostMessage(profile: QemuProfile, problem?: string): string {
  const text = formatPlatform(mainPlatform(profile));
  const now = problem ? `is broken now (${problem})` : 'is gone now';
  return (
    `the binfmt handler for ${text} ${now}: another tool, such as a container ` +
    `running systemd-binfmt (minikube, kind), may have reset binfmt_misc; ` +
    `run "xrun emulate ${text}" again`
  );
}
