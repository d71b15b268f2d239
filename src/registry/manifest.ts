import { normalize, type Platform } from '../platform/platform.js';
import { readIndex, type IndexEntry, type Pointer } from './index-entries.js';
import { DIGEST, malformed, MEDIA } from './media.js';
import { isObject } from '../json.js';

export type { IndexEntry, Pointer } from './index-entries.js';
export { isNonImage } from './index-entries.js';
export { MEDIA } from './media.js';

/** What a manifest document says, before any further request. */
export type Manifest =
  | {
      kind: 'index';
      mediaType: string;
      entries: IndexEntry[];
      /** Entries that are indexes themselves. */
      nested: Pointer[];
      /** Image entries without a platform: their config tells it. */
      unlabelled: Pointer[];
      ignored: number;
    }
  | {
      kind: 'image';
      mediaType: string;
      configDigest: string;
      /** The config's media type: an artifact has another than an image config's. */
      configType: string;
      layersSize: number;
    }
  | { kind: 'schema1'; mediaType: string; platform: Platform };

/** Reads an index, a single-image manifest or a schema 1 manifest. */
export function parseManifest(
  body: Buffer,
  contentType: string,
  source: string,
): Manifest {
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    throw malformed(source, 'it is not valid JSON');
  }
  if (!isObject(doc)) throw malformed(source, 'it is not a JSON object');
  const fields = doc;
  const declared = typeof fields.mediaType === 'string' ? fields.mediaType : '';
  const mediaType = declared || (contentType.split(';')[0] ?? '').trim();

  if (fields.schemaVersion === 1) return schema1(fields, mediaType, source);
  if (Array.isArray(fields.manifests)) {
    return {
      kind: 'index',
      ...readIndex(fields.manifests, source),
      mediaType: mediaType || MEDIA.ociIndex,
    };
  }
  return image(fields, mediaType, source);
}

/** A single-image manifest: its config digest and compressed layer sizes. */
function image(
  doc: Record<string, unknown>,
  mediaType: string,
  source: string,
): Manifest {
  const config = doc.config as { digest?: unknown; mediaType?: unknown } | undefined;
  if (!config || typeof config.digest !== 'string') {
    throw malformed(source, 'it has neither "manifests" nor "config"');
  }
  if (!DIGEST.test(config.digest))
    throw malformed(
      source,
      `bad config digest ${JSON.stringify(config.digest.slice(0, 80))}`,
    );
  const layers: unknown[] = Array.isArray(doc.layers) ? doc.layers : [];
  const layersSize = layers.reduce<number>((sum, layer) => {
    const size = (layer as { size?: unknown } | null)?.size;
    return sum + (typeof size === 'number' && size > 0 ? size : 0);
  }, 0);
  return {
    kind: 'image',
    mediaType: mediaType || MEDIA.ociManifest,
    configDigest: config.digest,
    configType: typeof config.mediaType === 'string' ? config.mediaType : '',
    layersSize,
  };
}

/** Schema 1 (from old registries): one image whose architecture is at the top level. */
function schema1(
  doc: Record<string, unknown>,
  mediaType: string,
  source: string,
): Manifest {
  if (typeof doc.architecture !== 'string' || doc.architecture === '') {
    throw malformed(source, 'schema 1 manifest without "architecture"');
  }
  const signed = Array.isArray(doc.signatures) || mediaType === MEDIA.schema1Signed;
  return {
    kind: 'schema1',
    mediaType: signed ? MEDIA.schema1Signed : MEDIA.schema1,
    platform: normalize({ os: 'linux', architecture: doc.architecture }),
  };
}
