import { UserError } from '../errors.js';
import { formatReference, manifestRef, type Reference } from '../reference/reference.js';
import { clientFor, type ClientOptions, type RegistryClient } from './client.js';
import { verifiedDigest } from './digest.js';
import { readImage } from './image.js';
import { parseManifest, type IndexEntry, type Manifest } from './manifest.js';

export { verifiedDigest } from './digest.js';

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

type IndexManifest = Extract<Manifest, { kind: 'index' }>;
const MAX_NESTING = 3;

/** Asks the registry for a reference's manifest and reads its platforms. */
export async function resolveRemote(
  ref: Reference,
  options: ClientOptions = {},
): Promise<RemoteImage> {
  const client = clientFor(ref, options);
  const wanted = manifestRef(ref);
  const reply = ref.digest
    ? await client.manifestByDigest(ref.digest)
    : await client.manifest(wanted);
  const digest = verifiedDigest(reply, ref.digest);
  client.remember(digest, reply);

  const source = `${client.host}/${ref.path}${ref.digest ? '@' : ':'}${wanted}`;
  const contentType = String(reply.headers['content-type'] ?? '');
  const manifest = parseManifest(reply.body, contentType, source);
  const base = { reference: formatReference(ref), digest, mediaType: manifest.mediaType };
  const size = reply.body.length;

  if (manifest.kind === 'schema1') {
    const entry = {
      platform: manifest.platform,
      digest,
      mediaType: manifest.mediaType,
      size,
    };
    return { ...base, single: true, platforms: [entry], ignored: 0 };
  }
  if (manifest.kind === 'image') {
    const facts = await readImage(client, digest);
    if (!facts)
      throw new UserError(`${source} is an artifact, not an image: nothing to run`);
    const entry = {
      platform: facts.config.platform,
      digest,
      mediaType: manifest.mediaType,
      size,
    };
    return { ...base, single: true, platforms: [entry], ignored: 0 };
  }
  return { ...base, single: false, ...(await flatten(client, manifest, 1)) };
}

/** Every image entry of an index, through nested indexes and unlabelled entries. */
async function flatten(
  client: RegistryClient,
  index: IndexManifest,
  depth: number,
): Promise<{ platforms: IndexEntry[]; ignored: number }> {
  if (index.nested.length > 0 && depth >= MAX_NESTING) {
    throw new UserError(
      `malformed index from ${client.host}/${client.repository}: ` +
        `nested more than ${MAX_NESTING} levels deep`,
    );
  }
  const [labelled, inner] = await Promise.all([
    Promise.all(index.unlabelled.map((p) => labelFromConfig(client, p))),
    Promise.all(index.nested.map((p) => nestedIndex(client, p.digest, depth))),
  ]);
  const platforms = [...index.entries];
  let ignored = index.ignored;
  for (const entry of labelled) {
    if (entry) platforms.push(entry);
    else ignored++;
  }
  for (const deeper of inner) {
    platforms.push(...deeper.platforms);
    ignored += deeper.ignored;
  }
  return { platforms, ignored };
}

/** An index inside an index, read and flattened in turn. */
async function nestedIndex(client: RegistryClient, digest: string, depth: number) {
  const reply = await client.manifestByDigest(digest);
  const contentType = String(reply.headers['content-type'] ?? '');
  const source = `${client.host}/${client.repository}@${digest}`;
  const manifest = parseManifest(reply.body, contentType, source);
  if (manifest.kind !== 'index') return { platforms: [], ignored: 1 };
  return flatten(client, manifest, depth + 1);
}

/** An entry without a platform takes its config's; an unknown one is not an image. */
async function labelFromConfig(
  client: RegistryClient,
  pointer: { digest: string; mediaType: string; size: number },
): Promise<IndexEntry | undefined> {
  const facts = await readImage(client, pointer.digest);
  if (!facts) return undefined;
  const { config, mediaType } = facts;
  const { os, architecture } = config.platform;
  if (os === 'unknown' || architecture === 'unknown') return undefined;
  return {
    ...pointer,
    mediaType: pointer.mediaType || mediaType,
    platform: config.platform,
  };
}
