import { MEDIA } from '../../src/registry/manifest.js';

/** Documents shaped like what registries answer, to mutate. */
const D = (n: number) => `sha256:${n.toString(16).padStart(2, '0').repeat(32)}`;
const entry = (mediaType: string, n: number, platform: object, more = {}) => ({
  mediaType,
  digest: D(n),
  size: 400 + n,
  platform,
  ...more,
});

const dockerList = {
  schemaVersion: 2,
  mediaType: MEDIA.dockerList,
  manifests: [
    entry(MEDIA.dockerManifest, 1, { architecture: 'amd64', os: 'linux' }),
    entry(MEDIA.dockerManifest, 2, { architecture: 'arm', os: 'linux', variant: 'v7' }),
    entry(MEDIA.dockerManifest, 3, { architecture: 'arm64', os: 'linux', variant: 'v8' }),
    entry(MEDIA.dockerManifest, 4, {
      architecture: 'amd64',
      os: 'windows',
      'os.version': '10.0.17763.6532',
      'os.features': ['win32k'],
    }),
  ],
};

const ociIndex = {
  schemaVersion: 2,
  mediaType: MEDIA.ociIndex,
  manifests: [
    entry(MEDIA.ociManifest, 5, { architecture: 's390x', os: 'linux' }),
    entry(
      MEDIA.ociManifest,
      6,
      { architecture: 'unknown', os: 'unknown' },
      {
        annotations: {
          'vnd.docker.reference.type': 'attestation-manifest',
          'vnd.docker.reference.digest': D(5),
        },
      },
    ),
    entry(MEDIA.ociManifest, 17, { architecture: 'unknown', os: 'unknown' }),
    { mediaType: MEDIA.ociIndex, digest: D(7), size: 300 },
    { mediaType: MEDIA.ociManifest, digest: D(8), size: 300 },
  ],
  annotations: { 'org.opencontainers.image.created': '2024-11-04T00:00:00Z' },
};

const layer = (mediaType: string, n: number) => ({
  mediaType,
  digest: D(n),
  size: n * 1000,
});

const dockerManifest = {
  schemaVersion: 2,
  mediaType: MEDIA.dockerManifest,
  config: {
    mediaType: 'application/vnd.docker.container.image.v1+json',
    digest: D(9),
    size: 290,
  },
  layers: [layer('application/vnd.docker.image.rootfs.diff.tar.gzip', 10)],
};

const ociManifest = {
  schemaVersion: 2,
  mediaType: MEDIA.ociManifest,
  config: {
    mediaType: 'application/vnd.oci.image.config.v1+json',
    digest: D(11),
    size: 167,
  },
  layers: [
    layer('application/vnd.oci.image.layer.v1.tar+gzip', 12),
    layer('application/vnd.oci.image.layer.v1.tar+zstd', 13),
  ],
};

const schema1 = {
  schemaVersion: 1,
  name: 'library/busybox',
  tag: 'latest',
  architecture: 'arm64',
  fsLayers: [{ blobSum: D(14) }],
  history: [{ v1Compatibility: '{"architecture":"arm64","os":"linux"}' }],
  signatures: [{ header: { alg: 'ES256' }, signature: 'c2lnbmF0dXJl', protected: 'e30' }],
};

export const MANIFESTS: Array<[unknown, string]> = [
  [dockerList, MEDIA.dockerList],
  [ociIndex, MEDIA.ociIndex],
  [dockerManifest, MEDIA.dockerManifest],
  [ociManifest, `${MEDIA.ociManifest}; charset=utf-8`],
  [schema1, MEDIA.schema1Signed],
];

export const CONFIG = {
  architecture: 'arm',
  os: 'linux',
  variant: 'v7',
  config: { Cmd: ['uname', '-m'], Env: ['PATH=/bin'] },
  rootfs: { type: 'layers', diff_ids: [D(15)] },
  history: [{ created_by: 'busybox-static' }],
};

/** Key names the documents use, so mutations hit fields the parser reads. */
export const KEYS = [
  ...['schemaVersion', 'mediaType', 'manifests', 'config', 'layers', 'digest', 'size'],
  ...['platform', 'architecture', 'os', 'variant', 'os.version', 'os.features'],
  ...['annotations', 'vnd.docker.reference.type', 'artifactType', 'signatures'],
  ...Object.values(MEDIA),
  ...['unknown', 'amd64', 'arm64', 'linux', D(16)],
];
