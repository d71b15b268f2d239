import { formatPlatform } from '../../src/platform/platform.js';
import { MEDIA, parseManifest, type Manifest } from '../../src/registry/manifest.js';

/** Shared inputs for the manifest reader's tests. */
export const D = (n: number) => `sha256:${String(n).repeat(64)}`;
export const SRC = 'registry.example/app:1';
export const read = (doc: unknown, type = '') =>
  parseManifest(Buffer.from(JSON.stringify(doc)), type, SRC);

export function asIndex(m: Manifest) {
  if (m.kind !== 'index') throw new Error(`expected an index, got ${m.kind}`);
  return m;
}
export const platformsOf = (m: Manifest) =>
  asIndex(m).entries.map((e) => formatPlatform(e.platform));

export const arm64 = {
  mediaType: MEDIA.ociManifest,
  digest: D(1),
  size: 3000,
  platform: { architecture: 'arm64', os: 'linux' },
};
export const attestation = {
  mediaType: MEDIA.ociManifest,
  digest: D(2),
  size: 840,
  platform: { architecture: 'unknown', os: 'unknown' },
  annotations: {
    'vnd.docker.reference.type': 'attestation-manifest',
    'vnd.docker.reference.digest': D(1),
  },
};
