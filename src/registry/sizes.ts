import type { Reference } from '../reference/reference.js';
import { clientFor, type ClientOptions } from './client.js';
import { parseManifest } from './manifest.js';

/**
 * The compressed size (sum of layers) of each entry, one manifest request per
 * entry made in parallel; an entry whose size cannot be read is left out.
 */
export async function imageSizes(
  ref: Reference,
  digests: string[],
  options: ClientOptions = {},
): Promise<Map<string, number>> {
  const client = clientFor(ref, options);
  const sizes = await Promise.all(
    digests.map(async (digest) => {
      const reply = await client.manifestByDigest(digest);
      const type = String(reply.headers['content-type'] ?? '');
      const manifest = parseManifest(reply.body, type, `${client.host}@${digest}`);
      return manifest.kind === 'image' ? manifest.layersSize : undefined;
    }),
  );
  const result = new Map<string, number>();
  digests.forEach((digest, i) => {
    const size = sizes[i];
    if (size !== undefined) result.set(digest, size);
  });
  return result;
}
