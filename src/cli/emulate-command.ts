import { BINFMT_DIR, readTable } from '../emulation/binfmt.js';
import { describe, handlerStatus, registerHandler } from '../emulation/handlers.js';
import { profileFor } from '../emulation/profiles.js';
import { UserError } from '../errors.js';
import { runsNatively } from '../platform/compat.js';
import { formatPlatform, parsePlatform, type Platform } from '../platform/platform.js';
import type { Io } from './io.js';

export interface EmulateOptions {
  credentials: boolean;
}

/** `xrun emulate PLATFORM...`: registers a working handler for each platform. */
export async function emulateCommand(
  host: Platform,
  words: string[],
  options: EmulateOptions,
  io: Io,
): Promise<number> {
  if (words.length === 0) {
    throw new UserError('usage: xrun emulate [--no-credentials] PLATFORM...');
  }
  const platforms = words.map(parsePlatform);
  for (const platform of platforms) {
    if (runsNatively(host, platform)) {
      throw new UserError(
        `${formatPlatform(platform)} runs natively on ${formatPlatform(host)}: ` +
          "a handler would capture the host's own programs, so none is registered",
      );
    }
    if (!profileFor(platform)) {
      throw new UserError(`no qemu profile emulates ${formatPlatform(platform)}`);
    }
  }
  for (const platform of platforms) {
    const profile = profileFor(platform);
    if (!profile) continue;
    const dir = io.binfmtDir ?? BINFMT_DIR;
    const status = handlerStatus(profile, await readTable(dir));
    if (status.state === 'working') {
      io.stdout(`${formatPlatform(platform)}: ${describe(status)} (nothing to do)`);
      continue;
    }
    const { entry } = await registerHandler(profile, {
      dir,
      credentials: options.credentials,
    });
    io.stdout(
      `${formatPlatform(platform)}: registered ${entry.name} ` +
        `(${entry.interpreter}, flags ${entry.flags})`,
    );
  }
  return 0;
}
