import type { Platform } from '../platform/platform.js';

/** What the daemon says about itself. */
export interface DaemonFacts {
  platform: Platform;
  /** The daemon host's kernel runs our binfmt_misc table (not a VM or remote host). */
  sharesKernel: boolean;
  /** Docker Desktop manages emulation inside its VM. */
  desktop: boolean;
  /** Registries the daemon allows over plain HTTP (host:port names). */
  insecureRegistries: string[];
}

/** An image the daemon already holds. */
export interface LocalImage {
  id: string;
  platform: Platform;
  repoDigests: string[];
}

/** Everything xrun asks of a container engine. */
export interface Engine {
  /** The engine's command-line program, used for the final `run`. */
  readonly program: string;
  /** Options the program takes before its command (`--context NAME`). */
  readonly globalArgs: string[];
  daemon(): Promise<DaemonFacts>;
  /** Sends a signal to a running container. */
  signal(container: string, signal: NodeJS.Signals): Promise<void>;
  localImage(reference: string): Promise<LocalImage | undefined>;
  /** Pulls one platform; progress goes to stderr or nowhere. */
  pull(
    reference: string,
    platform: Platform,
    progress: 'stderr' | 'quiet',
  ): Promise<void>;
}
