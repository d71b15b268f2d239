import { createHash } from 'node:crypto';
import { UserError } from '../errors.js';
import {
  formatReference,
  manifestRef,
  registryHost,
  type Reference,
} from '../reference/reference.js';
import { RegistryClient, type ClientOptions } from './client.js';
import type { Reply } from './http.js';
import { parseConfigPlatform, parseManifest, type IndexEntry } from './manifest.js';

/** The platforms a reference offers, as the registry answers today. */
export interface RemoteImage {
  reference: string;
  digest: string;
  mediaType: string;
  /** True when the reference names one image, not an index. */
  single: boolean;
  platforms: IndexEntry[];
  /** Attestations and other non-image entries left out. */
  ignored: number;
}

const MAX_NESTING = 3;

/** Asks the registry for a reference's manifest and reads its platforms. */
export async function resolveRemote(
  ref: Reference,
  options: ClientOptions = {},
): Promise<RemoteImage> {
  const client = new RegistryClient(registryHost(ref), ref.domain, ref.path, options);
  const wanted = manifestRef(ref);
  const reply = await client.manifest(wanted);
  const digest = verifiedDigest(reply, ref.digest);
  const source = `${client.host}/${ref.path}:${wanted}`;
  const contentType = String(reply.headers['content-type'] ?? '');
  const manifest = parseManifest(reply.body, contentType, source);
  const base = { reference: formatReference(ref), digest, mediaType: manifest.mediaType };

  if (manifest.kind === 'schema1') {
    const entry = {
      platform: manifest.platform,
      digest,
      mediaType: manifest.mediaType,
      size: reply.body.length,
    };
    return { ...base, single: true, platforms: [entry], ignored: 0 };
  }
  if (manifest.kind === 'image') {
    const config = await client.blob(manifest.configDigest);
    verifiedDigest(config, manifest.configDigest);
    const platform = parseConfigPlatform(config.body, `${source} config`);
    const entry = {
      platform,
      digest,
      mediaType: manifest.mediaType,
      size: reply.body.length,
    };
    return { ...base, single: true, platforms: [entry], ignored: 0 };
  }
  const flat = await flatten(
    client,
    manifest.entries,
    manifest.nested,
    manifest.ignored,
    1,
  );
  return { ...base, single: false, ...flat };
}

async function flatten(
  client: RegistryClient,
  entries: IndexEntry[],
  nested: IndexEntry[],
  ignored: number,
  depth: number,
): Promise<{ platforms: IndexEntry[]; ignored: number }> {
  if (nested.length > 0 && depth >= MAX_NESTING) {
    throw new UserError(`malformed index: nested more than ${MAX_NESTING} levels deep`);
  }
  const platforms = [...entries];
  const inner = await Promise.all(nested.map((entry) => client.manifest(entry.digest)));
  for (const [i, reply] of inner.entries()) {
    const digest = nested[i]?.digest ?? '';
    verifiedDigest(reply, digest);
    const manifest = parseManifest(
      reply.body,
      String(reply.headers['content-type'] ?? ''),
      digest,
    );
    if (manifest.kind !== 'index') continue;
    const deeper = await flatten(
      client,
      manifest.entries,
      manifest.nested,
      manifest.ignored,
      depth + 1,
    );
    platforms.push(...deeper.platforms);
    ignored += deeper.ignored;
  }
  return { platforms, ignored };
}

/** The digest of a reply's raw bytes, checked against the digest that was asked for. */
export function verifiedDigest(reply: Reply, expected?: string): string {
  const computed = `sha256:${createHash('sha256').update(reply.body).digest('hex')}`;
  const contentType = String(reply.headers['content-type'] ?? '');
  const signedSchema1 = contentType.includes('manifest.v1+prettyjws');
  if (
    expected &&
    expected.startsWith('sha256:') &&
    computed !== expected &&
    !signedSchema1
  ) {
    throw new UserError(
      `registry sent content for ${expected} whose digest is ${computed}: ` +
        'refusing it (the registry or a proxy is corrupting data)',
    );
  }
  const header = reply.headers['docker-content-digest'];
  if (typeof header === 'string' && header.startsWith('sha256:'))
    return expected ?? header;
  return expected ?? computed;
}
