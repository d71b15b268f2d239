import type { HandlerStatus } from '../emulation/handlers.js';
import type { QemuProfile } from '../emulation/profiles.js';
import type { HostTraits } from '../platform/compat.js';
import type { Platform } from '../platform/platform.js';
import type { RemoteImage } from '../registry/resolve.js';

/** How the daemon host stands towards emulation. */
export type EmulationHost = 'local-kernel' | 'desktop' | 'remote';

/** Everything the decision depends on, gathered before it is made. */
export interface Facts {
  host: Platform;
  traits?: HostTraits;
  emulationHost: EmulationHost;
  requested?: { platform: Platform; source: 'flag' | 'env' };
  /** The platform of the image the reference names locally, when present. */
  local?: Platform;
  remote?: RemoteImage;
  /** Why the registry could not be asked, when it could not. */
  remoteError?: string;
  profiles: QemuProfile[];
  /** Handler state per profile architecture (local kernel only). */
  handlers: Record<string, HandlerStatus>;
  /** The static emulator found per profile architecture. */
  emulators: Record<string, string | undefined>;
}

export type HandlerState = 'working' | 'missing' | 'broken' | 'managed' | 'unknown';

/** One way to run the image, as offered. */
export type Option =
  | { kind: 'local'; platform: Platform; fit: 'exact' | 'compatible' }
  | { kind: 'pull'; platform: Platform; digest: string; fit: 'exact' | 'compatible' }
  | {
      kind: 'emulate';
      platform: Platform;
      /** Entry to pull; absent when the local image itself is run. */
      digest?: string;
      architecture: string;
      handler: string;
      qemu: string;
      state: HandlerState;
      problem?: string;
      emulator?: string;
    };

/** A platform of the image and what this host can do with it. */
export interface PlatformRow {
  platform: Platform;
  digest?: string;
  runnable: 'native' | 'compatible' | 'emulated' | 'needs-emulation' | 'cannot-run';
  reason?: string;
  local: boolean;
}

/** The ranked decision, with everything a renderer needs. */
export interface Plan {
  host: Platform;
  requested?: Platform;
  local?: Platform;
  rows: PlatformRow[];
  ignored: number;
  options: Option[];
  warnings: string[];
  /** Set when no option exists: a code and the one line to print. */
  failure?: { code: string; message: string };
}
