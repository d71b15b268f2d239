import { UserError } from '../errors.js';

/** The media types of manifests that registries answer with. */
export const MEDIA = {
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  schema1: 'application/vnd.docker.distribution.manifest.v1+json',
  schema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

export const INDEX_TYPES: string[] = [MEDIA.ociIndex, MEDIA.dockerList];
export const IMAGE_TYPES: string[] = [MEDIA.ociManifest, MEDIA.dockerManifest];

/** Config types of runnable images (others belong to artifacts). */
export const CONFIG_TYPES: string[] = [
  'application/vnd.docker.container.image.v1+json',
  'application/vnd.oci.image.config.v1+json',
];

export const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** The one-line error of a document that is not a manifest xrun can read. */
export function malformed(source: string, why: string): UserError {
  return new UserError(`malformed manifest from ${source}: ${why}`);
}
