import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatPlatform, normalize, type Platform } from '../platform/platform.js';
import { notJson, validateProfile } from './profile-schema.js';

export { validateProfile } from './profile-schema.js';

/** One emulator binary a profile may use. */
export interface EmulatorCandidate {
  path: string;
  /** Built to expect the binfmt P flag (Debian's *-binfmt-P wrappers). */
  preserveArgv0: boolean;
}

/** How one architecture is recognised and emulated. */
export interface QemuProfile {
  architecture: string;
  qemu: string;
  platforms: Platform[];
  handler: string;
  magic: Buffer;
  mask: Buffer;
  emulators: EmulatorCandidate[];
}

export const PROFILE_DIR = fileURLToPath(
  new URL('../../qemu-profiles/', import.meta.url),
);

let cache: QemuProfile[] | undefined;

/** All profiles in qemu-profiles/, validated; read once per process. */
export function loadProfiles(dir = PROFILE_DIR): QemuProfile[] {
  if (cache && dir === PROFILE_DIR) return cache;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const profiles = files.map((file) => {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    } catch {
      throw notJson(file);
    }
    return validateProfile(file, doc);
  });
  if (dir === PROFILE_DIR) cache = profiles;
  return profiles;
}

/** The profile that emulates a platform, if any. */
export function profileFor(platform: Platform, profiles = loadProfiles()) {
  const wanted = formatPlatform(normalize(platform));
  return profiles.find((p) => p.platforms.some((q) => formatPlatform(q) === wanted));
}

/** The profile of an architecture name (amd64, arm, ...), if any. */
export function profileOf(architecture: string, profiles = loadProfiles()) {
  return profiles.find((p) => p.architecture === architecture);
}

/** The platform a profile is named by in messages: its first one. */
export function mainPlatform(profile: QemuProfile): Platform {
  return profile.platforms[0] ?? { os: 'linux', architecture: profile.architecture };
}

/**
 * Whether an interpreter expects the P flag: Debian's `*-binfmt-P` names and
 * profile entries marked so do; profile entries marked otherwise do not;
 * of any other file nothing is known (undefined).
 */
export function expectsPreserveArgv0(
  interpreter: string,
  profiles = loadProfiles(),
): boolean | undefined {
  if (interpreter.endsWith('-binfmt-P')) return true;
  for (const p of profiles) {
    const known = p.emulators.find((e) => e.path === interpreter);
    if (known) return known.preserveArgv0;
  }
  return undefined;
}
