import { manifestRef, type Reference } from '../reference/reference.js';
import { clientFor, type ClientOptions } from './client.js';
import { verifiedDigest } from './digest.js';
import { parseManifest } from './manifest.js';
import { IMAGE_TYPES, INDEX_TYPES } from './media.js';

/** What a tag points to, as a HEAD request tells. */
export interface TagDigest {
  digest: string;
  mediaType: string;
  /** True only when the tag names an index (a manifest list or OCI index). */
  index: boolean;
}

/**
 * The digest a tag points to, with HEAD (which Docker Hub does not count as a
 * pull). A registry that leaves out Docker-Content-Digest or the media type is
 * asked again with GET, and the digest is then the sha256 of the raw body.
 */
export async function headDigest(ref: Reference, options: ClientOptions = {}) {
  const client = clientFor(ref, options);
  const wanted = manifestRef(ref);
  const head = await client.manifest(wanted, 'HEAD');
  const header = String(head.headers['docker-content-digest'] ?? '').trim();
  const type = typeOf(head.headers['content-type']);
  const known = INDEX_TYPES.includes(type) || IMAGE_TYPES.includes(type);
  if (/^sha256:[a-f0-9]{64}$/.test(header) && known) {
    return { digest: header, mediaType: type, index: INDEX_TYPES.includes(type) };
  }

  const reply = await client.manifest(wanted);
  const digest = verifiedDigest(reply, ref.digest);
  const source = `${client.host}/${client.repository}:${wanted}`;
  const manifest = parseManifest(
    reply.body,
    typeOf(reply.headers['content-type']),
    source,
  );
  const result: TagDigest = {
    digest,
    mediaType: manifest.mediaType,
    index: manifest.kind === 'index',
  };
  return result;
}

/** The tag's index digest, or undefined when the tag names a single image. */
export async function indexDigest(ref: Reference, options: ClientOptions = {}) {
  const tag = await headDigest(ref, options);
  return tag.index ? tag.digest : undefined;
}

/** The media type of a Content-Type header, without parameters. */
function typeOf(header: string | string[] | undefined): string {
  return (String(header ?? '').split(';')[0] ?? '').trim();
}
