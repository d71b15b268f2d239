import path from 'node:path';
import { UserError } from '../errors.js';
import { formatPlatform, parsePlatform } from '../platform/platform.js';
import type { QemuProfile } from './profiles.js';
import { isObject } from '../json.js';

const FIELDS = [
  'architecture',
  'qemu',
  'platforms',
  'handler',
  'magic',
  'mask',
  'emulators',
];
const ELF_MAGIC = '7f454c46';

/** The one-line error for a profile field, naming the file and the field. */
function broken(file: string, field: string, why: string): UserError {
  return new UserError(`qemu profile ${file} is broken: field "${field}" ${why}`);
}

/** A lowercase hex byte string of 4 to 128 bytes. */
function hexField(file: string, doc: Record<string, unknown>, field: string): Buffer {
  const value = doc[field];
  if (typeof value !== 'string' || !/^([0-9a-f]{2}){4,128}$/.test(value)) {
    throw broken(file, field, 'must be an even-length lowercase hex string');
  }
  return Buffer.from(value, 'hex');
}

/** A name that can stand in a registration line and a file name. */
function stringField(file: string, doc: Record<string, unknown>, field: string): string {
  const value = doc[field];
  if (typeof value !== 'string' || !/^[\w.-]+$/.test(value)) {
    throw broken(file, field, 'must be a plain name');
  }
  return value;
}

/** The OCI platforms a profile serves, all of its own architecture. */
function platformsField(file: string, d: Record<string, unknown>, architecture: string) {
  if (!Array.isArray(d.platforms) || d.platforms.length === 0) {
    throw broken(file, 'platforms', 'must be a non-empty list');
  }
  return d.platforms.map((p) => {
    let platform;
    try {
      platform = parsePlatform(String(p));
    } catch {
      throw broken(file, 'platforms', `has an unknown platform ${JSON.stringify(p)}`);
    }
    if (platform.architecture !== architecture) {
      const text = formatPlatform(platform);
      throw broken(file, 'platforms', `has ${text}, which is not ${architecture}`);
    }
    return platform;
  });
}

/** The emulator files to look for, each saying whether it expects the P flag. */
function emulatorsField(file: string, d: Record<string, unknown>) {
  if (!Array.isArray(d.emulators) || d.emulators.length === 0) {
    throw broken(file, 'emulators', 'must be a non-empty list');
  }
  return d.emulators.map((e: { path?: unknown; preserveArgv0?: unknown }) => {
    if (typeof e?.path !== 'string' || !path.isAbsolute(e.path) || /[:\s]/.test(e.path)) {
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
}

/** Checks one profile document field by field. */
export function validateProfile(file: string, doc: unknown): QemuProfile {
  if (!isObject(doc)) throw broken(file, '(root)', 'must be an object');
  const d = doc;
  const unknown = Object.keys(d).find((k) => !FIELDS.includes(k));
  if (unknown) throw broken(file, unknown, `is not known: use ${FIELDS.join(', ')}`);

  const magic = hexField(file, d, 'magic');
  const mask = hexField(file, d, 'mask');
  if (!magic.toString('hex').startsWith(ELF_MAGIC)) {
    throw broken(file, 'magic', `must start with the ELF magic ${ELF_MAGIC}`);
  }
  if (magic.length !== mask.length)
    throw broken(file, 'mask', 'must be as long as magic');

  const architecture = stringField(file, d, 'architecture');
  return {
    architecture,
    qemu: stringField(file, d, 'qemu'),
    handler: stringField(file, d, 'handler'),
    platforms: platformsField(file, d, architecture),
    magic,
    mask,
    emulators: emulatorsField(file, d),
  };
}

/** The error for a file that is not JSON at all. */
export function notJson(file: string): UserError {
  return broken(file, '(root)', 'is not valid JSON');
}
