import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.js';
import {
  formatPlatform,
  normalize,
  parsePlatform,
  type Platform,
} from '../platform/platform.js';

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

function broken(file: string, field: string, why: string): UserError {
  return new UserError(`qemu profile ${file} is broken: field "${field}" ${why}`);
}

function hexField(file: string, doc: Record<string, unknown>, field: string): Buffer {
  const value = doc[field];
  if (typeof value !== 'string' || !/^([0-9a-f]{2}){4,128}$/.test(value)) {
    throw broken(file, field, 'must be an even-length lowercase hex string');
  }
  return Buffer.from(value, 'hex');
}

function stringField(file: string, doc: Record<string, unknown>, field: string): string {
  const value = doc[field];
  if (typeof value !== 'string' || !/^[\w.-]+$/.test(value)) {
    throw broken(file, field, 'must be a plain name');
  }
  return value;
}

/** Checks one profile document field by field. */
export function validateProfile(file: string, doc: unknown): QemuProfile {
  if (typeof doc !== 'object' || doc === null)
    throw broken(file, '(root)', 'must be an object');
  const d = doc as Record<string, unknown>;
  const magic = hexField(file, d, 'magic');
  const mask = hexField(file, d, 'mask');
  if (magic.length !== mask.length)
    throw broken(file, 'mask', 'must be as long as magic');
  if (!Array.isArray(d.platforms) || d.platforms.length === 0) {
    throw broken(file, 'platforms', 'must be a non-empty list');
  }
  const platforms = d.platforms.map((p) => {
    try {
      return parsePlatform(String(p));
    } catch {
      throw broken(file, 'platforms', `has an unknown platform ${JSON.stringify(p)}`);
    }
  });
  if (!Array.isArray(d.emulators) || d.emulators.length === 0) {
    throw broken(file, 'emulators', 'must be a non-empty list');
  }
  const emulators = d.emulators.map((e: { path?: unknown; preserveArgv0?: unknown }) => {
    if (typeof e?.path !== 'string' || !path.isAbsolute(e.path)) {
      throw broken(file, 'emulators', 'needs an absolute "path" in every entry');
    }
    if (typeof e.preserveArgv0 !== 'boolean') {
      throw broken(
        file,
        'emulators',
        'needs "preserveArgv0": true or false in every entry',
      );
    }
    return { path: e.path, preserveArgv0: e.preserveArgv0 };
  });
  return {
    architecture: stringField(file, d, 'architecture'),
    qemu: stringField(file, d, 'qemu'),
    handler: stringField(file, d, 'handler'),
    platforms,
    magic,
    mask,
    emulators,
  };
}

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
      throw broken(file, '(root)', 'is not valid JSON');
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
