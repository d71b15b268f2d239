import { normalize, type Platform } from '../platform/platform.js';
import { DIGEST, IMAGE_TYPES, INDEX_TYPES, malformed } from './media.js';

/** One runnable entry of an index. */
export interface IndexEntry {
  platform: Platform;
  digest: string;
  mediaType: string;
  /** Size of the entry's manifest document, as the index gives it. */
  size: number;
  osVersion?: string;
  osFeatures?: string[];
}

/** An entry that needs one more request before its platform is known. */
export interface Pointer {
  digest: string;
  mediaType: string;
  size: number;
}

interface Descriptor {
  mediaType?: unknown;
  artifactType?: unknown;
  digest?: unknown;
  size?: unknown;
  platform?: {
    os?: unknown;
    architecture?: unknown;
    variant?: unknown;
    'os.version'?: unknown;
    'os.features'?: unknown;
  };
  annotations?: unknown;
}

const lower = (value: unknown) =>
  typeof value === 'string' ? value.toLowerCase() : value;

/**
 * True for attestations and other entries that are not runnable images: the
 * `vnd.docker.reference.type` annotation, an unknown os or architecture (in any
 * case), an artifact type, or a media type that is no image manifest.
 */
export function isNonImage(entry: Descriptor): boolean {
  const { annotations } = entry;
  const annotated =
    typeof annotations === 'object' &&
    annotations !== null &&
    Object.hasOwn(annotations, 'vnd.docker.reference.type');
  const platform = typeof entry.platform === 'object' ? entry.platform : undefined;
  const media = typeof entry.mediaType === 'string' ? entry.mediaType : '';
  return (
    annotated ||
    lower(platform?.os) === 'unknown' ||
    lower(platform?.architecture) === 'unknown' ||
    typeof entry.artifactType === 'string' ||
    (media !== '' && !IMAGE_TYPES.includes(media) && !INDEX_TYPES.includes(media))
  );
}

/** Sorts an index's entries into images, nested indexes, unlabelled images and ignored. */
export function readIndex(list: unknown[], source: string) {
  const entries: IndexEntry[] = [];
  const nested: Pointer[] = [];
  const unlabelled: Pointer[] = [];
  let ignored = 0;
  for (const item of list) {
    if (typeof item !== 'object' || item === null) {
      throw malformed(source, 'an entry is not an object');
    }
    const entry = item as Descriptor;
    if (typeof entry.digest !== 'string' || !DIGEST.test(entry.digest)) {
      throw malformed(source, `an entry has a bad digest ${shown(entry.digest)}`);
    }
    const pointer = {
      digest: entry.digest,
      mediaType: typeof entry.mediaType === 'string' ? entry.mediaType : '',
      size: typeof entry.size === 'number' ? entry.size : 0,
    };
    const architecture = entry.platform?.architecture;
    if (INDEX_TYPES.includes(pointer.mediaType)) nested.push(pointer);
    else if (isNonImage(entry)) ignored++;
    else if (typeof architecture !== 'string' || architecture === '')
      unlabelled.push(pointer);
    else entries.push(entryOf(pointer, entry.platform ?? {}));
  }
  return { entries, nested, unlabelled, ignored };
}

/** An image entry with its platform normalized and Windows details kept. */
function entryOf(pointer: Pointer, p: NonNullable<Descriptor['platform']>): IndexEntry {
  const platform = normalize({
    os: typeof p.os === 'string' && p.os !== '' ? p.os : 'linux',
    architecture: String(p.architecture),
    variant: typeof p.variant === 'string' && p.variant !== '' ? p.variant : undefined,
  });
  const entry: IndexEntry = { ...pointer, platform };
  if (typeof p['os.version'] === 'string') entry.osVersion = p['os.version'];
  const features = p['os.features'];
  if (Array.isArray(features)) {
    entry.osFeatures = features.filter((f): f is string => typeof f === 'string');
  }
  return entry;
}

/** A bad value, shown short and safely (it may be any JSON). */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 80));
  if (Array.isArray(value)) return 'that is a list';
  return value === null ? 'that is null' : `that is a ${typeof value}`;
}
