import type { Platform } from '../platform/platform.js';
import type { RegistryClient } from './client.js';
import { readConfig, type ConfigPlatform } from './config.js';
import { CONFIG_TYPES, malformed } from './media.js';
import { parseManifest } from './manifest.js';

/** What one image manifest and its config say. */
export interface ImageFacts {
  mediaType: string;
  config: ConfigPlatform;
  /** Sum of the compressed layer sizes. */
  layersSize: number;
}

/**
 * Reads an image manifest by digest and the platform its config (or schema 1)
 * declares; undefined for an artifact, whose config is not an image config.
 */
export async function readImage(
  client: RegistryClient,
  digest: string,
): Promise<ImageFacts | undefined> {
  const reply = await client.manifestByDigest(digest);
  const source = `${client.host}/${client.repository}@${digest}`;
  const contentType = String(reply.headers['content-type'] ?? '');
  const manifest = parseManifest(reply.body, contentType, source);
  if (manifest.kind === 'index') throw malformed(source, 'an image entry is an index');
  if (manifest.kind === 'schema1') {
    const platform: Platform = manifest.platform;
    return { mediaType: manifest.mediaType, config: { platform }, layersSize: 0 };
  }
  if (manifest.configType && !CONFIG_TYPES.includes(manifest.configType))
    return undefined;
  const blob = await client.blob(manifest.configDigest);
  const config = readConfig(blob.body, `${source} config`);
  return { mediaType: manifest.mediaType, config, layersSize: manifest.layersSize };
}
