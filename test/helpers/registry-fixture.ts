/** What the fixture registry on 127.0.0.1:5000 says, read without xrun's client. */
const API = 'http://127.0.0.1:5000/v2/xrun/busybox';
/** The four manifest types, spelled out independently of xrun's own constant. */
export const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

interface Entry {
  digest: string;
  platform?: { os: string; architecture: string; variant?: string };
}

/** A tag's digest and, for an index, its entries as `os/arch[/variant]` to digest. */
export async function fixture(ref: string) {
  const reply = await fetch(`${API}/manifests/${ref}`, { headers: { Accept: ACCEPT } });
  const doc = (await reply.json()) as {
    manifests?: Entry[];
    layers?: { size: number }[];
  };
  const entries = new Map<string, string>();
  for (const e of doc.manifests ?? []) {
    if (!e.platform || e.platform.os === 'unknown') continue;
    const { os, architecture, variant } = e.platform;
    entries.set([os, architecture, variant].filter(Boolean).join('/'), e.digest);
  }
  const layers = (doc.layers ?? []).reduce((sum, l) => sum + l.size, 0);
  return { digest: reply.headers.get('docker-content-digest') ?? '', entries, layers };
}

/** The entry digest of one platform of a tag; throws when the tag has none. */
export async function entryDigest(tag: string, platform: string): Promise<string> {
  const digest = (await fixture(tag)).entries.get(platform);
  if (!digest) throw new Error(`${tag} has no ${platform} entry`);
  return digest;
}
