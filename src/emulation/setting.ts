import os from 'node:os';
import type { Engine } from '../engine/engine.js';
import { UserError } from '../errors.js';
import { normalize } from '../platform/platform.js';
import { HostBackend } from './backend.js';
import { backendFor } from './select-backend.js';
import { hostTraits } from './verify.js';

export interface SettingInput {
  env: NodeJS.ProcessEnv;
  binfmtDir?: string;
  /** Look at this kernel when the daemon cannot be reached (the doctor); say so here. */
  fallback?: (why: string) => void;
}

/** The daemon's platform, where its binfmt_misc is reached, and what its CPU runs. */
export async function emulationSetting(engine: Engine, input: SettingInput) {
  const dir = input.binfmtDir ? { dir: input.binfmtDir } : {};
  let daemon;
  try {
    daemon = await engine.daemon();
  } catch (error) {
    const container = input.env.XRUN_EMULATION_BACKEND === 'container';
    if (!(error instanceof UserError) || !input.fallback || container) throw error;
    input.fallback(error.message);
    const host = normalize({ architecture: os.machine() });
    const backend = new HostBackend(dir);
    return { host, backend, traits: await hostTraits(host, backend) };
  }
  const backend = backendFor({
    env: input.env,
    sharesKernel: daemon.sharesKernel,
    program: engine.program,
    globalArgs: engine.globalArgs,
    ...dir,
  });
  return {
    host: daemon.platform,
    backend,
    traits: await hostTraits(daemon.platform, backend),
  };
}
