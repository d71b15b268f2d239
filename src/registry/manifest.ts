import { UserError } from '../errors.js';
import { normalize, type Platform } from '../platform/platform.js';

export const MEDIA = {
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  schema1: 'application/vnd.docker.distribution.manifest.v1+json',
  schema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

/** One runnable entry of an index. */
export interface IndexEntry {
  platform: Platform;
  digest: string;
  mediaType: string;
  size: number;
  osVersion?: string;
}

/** What a manifest document says, before any further request. */
export type Manifest =
  | {
      kind: 'index';
      mediaType: string;
      entries: IndexEntry[];
      nested: IndexEntry[];
      ignored: number;
    }
  | { kind: 'image'; mediaType: string; configDigest: string }
  | { kind: 'schema1'; mediaType: string; platform: Platform };

interface Descriptor {
  mediaType?: unknown;
  digest?: unknown;
  size?: unknown;
  platform?: {
    os?: unknown;
    architecture?: unknown;
    variant?: unknown;
    'os.version'?: unknown;
  };
  annotations?: Record<string, unknown>;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

function malformed(source: string, why: string): UserError {
  return new UserError(`malformed manifest from ${source}: ${why}`);
}

/** Reads an index, a single-image manifest or a schema 1 manifest. */
export function parseManifest(
  body: Buffer,
  contentType: string,
  source: string,
): Manifest {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    throw malformed(source, 'it is not valid JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw malformed(source, 'it is not a JSON object');
  }
  const mediaType = String(doc.mediaType ?? contentType.split(';')[0]?.trim() ?? '');

  if (doc.schemaVersion === 1) return schema1(doc, source);
  if (Array.isArray(doc.manifests))
    return index(doc.manifests, mediaType || MEDIA.ociIndex, source);
  const config = doc.config as Descriptor | undefined;
  if (config && typeof config.digest === 'string') {
    if (!DIGEST.test(config.digest))
      throw malformed(source, `bad config digest ${config.digest}`);
    return {
      kind: 'image',
      mediaType: mediaType || MEDIA.ociManifest,
      configDigest: config.digest,
    };
  }
  throw malformed(source, 'it has neither "manifests" nor "config"');
}

function schema1(doc: Record<string, unknown>, source: string): Manifest {
  if (typeof doc.architecture !== 'string' || doc.architecture === '') {
    throw malformed(source, 'schema 1 manifest without "architecture"');
  }
  return {
    kind: 'schema1',
    mediaType: MEDIA.schema1Signed,
    platform: normalize({ os: 'linux', architecture: doc.architecture }),
  };
}

/** True for attestations and other entries that are not runnable images. */
export function isNonImage(entry: Descriptor): boolean {
  const type = entry.annotations?.['vnd.docker.reference.type'];
  const os = entry.platform?.os;
  const arch = entry.platform?.architecture;
  return type !== undefined || os === 'unknown' || arch === 'unknown';
}

function index(list: unknown[], mediaType: string, source: string): Manifest {
  const entries: IndexEntry[] = [];
  const nested: IndexEntry[] = [];
  let ignored = 0;
  for (const item of list) {
    const entry = item as Descriptor;
    if (typeof entry !== 'object' || entry === null)
      throw malformed(source, 'an entry is not an object');
    if (typeof entry.digest !== 'string' || !DIGEST.test(entry.digest)) {
      throw malformed(
        source,
        `an entry has a bad digest ${JSON.stringify(entry.digest)}`,
      );
    }
    const type = String(entry.mediaType ?? '');
    if (type === MEDIA.ociIndex || type === MEDIA.dockerList) {
      nested.push({
        platform: { os: '', architecture: '' },
        digest: entry.digest,
        mediaType: type,
        size: Number(entry.size ?? 0),
      });
      continue;
    }
    if (
      isNonImage(entry) ||
      !entry.platform ||
      typeof entry.platform.architecture !== 'string'
    ) {
      ignored++;
      continue;
    }
    const p = entry.platform;
    const platform = normalize({
      os: typeof p.os === 'string' ? p.os : 'linux',
      architecture: p.architecture as string,
      variant: typeof p.variant === 'string' && p.variant !== '' ? p.variant : undefined,
    });
    const out: IndexEntry = {
      platform,
      digest: entry.digest,
      mediaType: type,
      size: Number(entry.size ?? 0),
    };
    if (typeof p['os.version'] === 'string') out.osVersion = p['os.version'];
    entries.push(out);
  }
  return { kind: 'index', mediaType, entries, nested, ignored };
}

/** The platform an image config blob declares. */
export function parseConfigPlatform(body: Buffer, source: string): Platform {
  let doc: { os?: unknown; architecture?: unknown; variant?: unknown };
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    throw new UserError(`malformed image config from ${source}: it is not valid JSON`);
  }
  if (typeof doc.architecture !== 'string' || typeof doc.os !== 'string') {
    throw new UserError(
      `malformed image config from ${source}: no "os" or "architecture"`,
    );
  }
  return normalize({
    os: doc.os,
    architecture: doc.architecture,
    variant:
      typeof doc.variant === 'string' && doc.variant !== '' ? doc.variant : undefined,
  });
}
