import type http from 'node:http';
import { MEDIA } from '../../src/registry/media.js';
import { doc, type Doc } from './registry-server.js';

/** Content a fake registry serves: manifests by tag or digest, blobs by digest. */
export class Store {
  readonly tags = new Map<string, Doc>();
  readonly byDigest = new Map<string, Doc>();

  add(item: Doc, tag?: string): Doc {
    this.byDigest.set(item.digest, item);
    if (tag) this.tags.set(tag, item);
    return item;
  }

  /** Serves `/v2/<name>/manifests/<ref>` and `/v2/<name>/blobs/<digest>`, 404 otherwise. */
  serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (/\/tags\/list(\?|$)/.test(req.url ?? '')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ name: 'good/app', tags: [...this.tags.keys()] }));
      return;
    }
    const match = /^\/v2\/(.+)\/(manifests|blobs)\/([^/?]+)$/.exec(req.url ?? '');
    const ref = match?.[3] ?? '';
    const item =
      this.byDigest.get(ref) ??
      (match?.[2] === 'manifests' ? this.tags.get(ref) : undefined);
    if (!item) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
      return;
    }
    res.writeHead(200, {
      'Content-Type': item.mediaType,
      'Content-Length': item.bytes.length,
      'Docker-Content-Digest': item.digest,
    });
    res.end(req.method === 'HEAD' ? undefined : item.bytes);
  }
}

/** One image: its config (with the platform it declares) and its manifest. */
export function image(
  store: Store,
  config: { os: string; architecture: string; variant?: string },
  layers: number[] = [1000],
): Doc {
  const blob = store.add(doc('application/vnd.oci.image.config.v1+json', config));
  const layerList = layers.map((size, i) => ({
    mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    digest: `sha256:${String(i + 1).repeat(64)}`,
    size,
  }));
  return store.add(
    doc(MEDIA.ociManifest, {
      schemaVersion: 2,
      mediaType: MEDIA.ociManifest,
      config: { mediaType: blob.mediaType, digest: blob.digest, size: blob.bytes.length },
      layers: layerList,
    }),
  );
}

/** An OCI index over entries, each an image with the platform the index lists. */
export function index(
  store: Store,
  entries: {
    image: Doc;
    platform?: Record<string, string>;
    annotations?: Record<string, string>;
  }[],
  tag?: string,
): Doc {
  const manifests = entries.map((e) => ({
    mediaType: e.image.mediaType,
    digest: e.image.digest,
    size: e.image.bytes.length,
    ...(e.platform ? { platform: e.platform } : {}),
    ...(e.annotations ? { annotations: e.annotations } : {}),
  }));
  return store.add(
    doc(MEDIA.ociIndex, { schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests }),
    tag,
  );
}
