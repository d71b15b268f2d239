import { UserError } from '../errors.js';
import { HostBackend, type EmulationBackend } from './backend.js';
import { ContainerBackend, DEFAULT_HELPER_IMAGE } from './container-backend.js';

export interface BackendInput {
  env: NodeJS.ProcessEnv;
  /** The daemon runs on this kernel (not a VM, not a remote host). */
  sharesKernel: boolean;
  /** binfmt_misc folder on this kernel (XRUN_BINFMT_DIR). */
  dir?: string;
  program?: string;
  globalArgs?: string[];
}

/**
 * This kernel's table when the daemon shares it, else the daemon's through
 * the helper container; XRUN_EMULATION_BACKEND=host|container decides instead.
 */
export function backendFor(input: BackendInput): EmulationBackend {
  const wanted = input.env.XRUN_EMULATION_BACKEND || 'auto';
  if (!['auto', 'host', 'container'].includes(wanted)) {
    throw new UserError(
      `XRUN_EMULATION_BACKEND is "${wanted}": use host, container or leave it unset`,
    );
  }
  const container = wanted === 'container' || (wanted === 'auto' && !input.sharesKernel);
  if (container) {
    const image = input.env.XRUN_HELPER_IMAGE || DEFAULT_HELPER_IMAGE;
    return new ContainerBackend(image, input.program, input.env, input.globalArgs);
  }
  return new HostBackend(input.dir ? { dir: input.dir } : {});
}
