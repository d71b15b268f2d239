import { UserError } from '../errors.js';
import { normalize, type Platform } from '../platform/platform.js';

/** What an image config blob says about its platform. */
export interface ConfigPlatform {
  platform: Platform;
  /** The variant as written, absent when the config gives none. */
  variant?: string;
}

/** Reads the platform an image config blob declares. */
export function readConfig(body: Buffer, source: string): ConfigPlatform {
  let doc: { os?: unknown; architecture?: unknown; variant?: unknown };
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    throw new UserError(`malformed image config from ${source}: it is not valid JSON`);
  }
  if (typeof doc?.architecture !== 'string' || typeof doc.os !== 'string') {
    throw new UserError(
      `malformed image config from ${source}: no "os" or "architecture"`,
    );
  }
  const variant =
    typeof doc.variant === 'string' && doc.variant !== '' ? doc.variant : undefined;
  const platform = normalize({ os: doc.os, architecture: doc.architecture, variant });
  return variant ? { platform, variant } : { platform };
}

/** The platform an image config blob declares. */
export function parseConfigPlatform(body: Buffer, source: string): Platform {
  return readConfig(body, source).platform;
}

/**
 * Whether an index entry's platform contradicts its config's. A config that
 * gives no variant does not contradict one (many builders leave it out).
 */
export function contradicts(entry: Platform, config: ConfigPlatform): boolean {
  const { platform } = config;
  if (entry.os !== platform.os || entry.architecture !== platform.architecture)
    return true;
  return (
    config.variant !== undefined && (entry.variant ?? '') !== (platform.variant ?? '')
  );
}
