import type http from 'node:http';
import { MEDIA } from '../../src/registry/media.js';
import { image, index, Store } from './registry-content.js';
import { challenge, doc, startServer, type TestServer } from './registry-server.js';

/** The misbehaving registry: each repository under `bad/` fails its own way. */
export interface Misbehaving {
  server: TestServer;
  /** The digest whose bytes the server corrupts. */
  corrupted: string;
  /** The arm64 entry whose config says amd64. */
  liar: string;
}

const json = { 'Content-Type': 'application/json' };
type Route = (req: http.IncomingMessage, res: http.ServerResponse, host: string) => void;

const ROUTES: Record<string, Route> = {
  loop: (_req, res, host) =>
    challenge(res, `Bearer realm="http://${host}/token",service="xrun-test"`),
  forbidden: (_req, res) =>
    res.writeHead(403, json).end('{"errors":[{"code":"DENIED"}]}'),
  limited: (_req, res) => res.writeHead(429, { ...json, 'Retry-After': '120' }).end(),
  garbled: (_req, res) =>
    res
      .writeHead(429, {
        ...json,
        'RateLimit-Limit': '100;w=abc',
        'Retry-After': 'later-ish',
      })
      .end(),
  broken: (_req, res) => res.writeHead(500, json).end('{"errors":[]}'),
  notjson: (_req, res) =>
    res
      .writeHead(200, { 'Content-Type': MEDIA.ociIndex })
      .end('<html>proxy login</html>'),
  huge: (_req, res) =>
    res
      .writeHead(200, { 'Content-Type': MEDIA.ociIndex })
      .end(Buffer.alloc(4 * 1024 * 1024 + 10, 0x20)),
  cut: (_req, res) => {
    res.writeHead(200, { 'Content-Type': MEDIA.ociIndex, 'Content-Length': 4000 });
    res.write('{"schemaVersion":2,"manifests":[');
    setTimeout(() => res.socket?.destroy(), 20);
  },
  missing: (req, res) => {
    const code = req.url?.includes('/tags/list') ? 'NAME_UNKNOWN' : 'MANIFEST_UNKNOWN';
    res.writeHead(404, json).end(`{"errors":[{"code":"${code}"}]}`);
  },
};

/** Starts the misbehaving registry; good content lives under `good/`. */
export async function startMisbehaving(): Promise<Misbehaving> {
  const store = new Store();
  const amd64 = image(store, { os: 'linux', architecture: 'amd64' }, [700, 300]);
  const corrupt = image(store, { os: 'linux', architecture: 'amd64', variant: 'v2' });
  const fake = image(store, { os: 'linux', architecture: 'amd64' }, [5]);
  index(
    store,
    [{ image: amd64, platform: { os: 'linux', architecture: 'amd64' } }],
    'index',
  );
  index(
    store,
    [{ image: corrupt, platform: { os: 'linux', architecture: 'amd64' } }],
    'mismatch',
  );
  index(
    store,
    [{ image: fake, platform: { os: 'linux', architecture: 'arm64' } }],
    'liar',
  );
  const arm64 = image(store, { os: 'linux', architecture: 'arm64' });
  const s390x = image(store, { os: 'linux', architecture: 's390x' });
  const inner = index(store, [
    { image: amd64, platform: { os: 'linux', architecture: 'amd64' } },
    { image: arm64, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
  ]);
  index(
    store,
    [
      { image: inner },
      { image: s390x },
      { image: arm64, platform: { os: 'unknown', architecture: 'unknown' } },
    ],
    'nested',
  );
  const schema1 = doc(MEDIA.schema1Signed, {
    schemaVersion: 1,
    name: 'good/app',
    tag: 'old',
    architecture: 'amd64',
    fsLayers: [],
    history: [],
    signatures: [{ header: {}, signature: 'x', protected: 'y' }],
  });
  store.add(schema1, 'old');

  const server = await startServer((req, res) => {
    const repo = /^\/v2\/(?:good|bad)\/([\w-]+)\//.exec(req.url ?? '')?.[1] ?? '';
    if (req.url?.startsWith('/token')) {
      res.writeHead(200, json).end('{"token":"loop-token"}');
    } else if (req.url?.startsWith('/v2/bad/')) {
      ROUTES[repo]?.(req, res, server.host);
    } else if (req.url?.includes(`/${corrupt.digest}`)) {
      res.writeHead(200, { 'Content-Type': MEDIA.ociManifest }).end('{"tampered":true}');
    } else store.serve(req, res);
  });
  return { server, corrupted: corrupt.digest, liar: fake.digest };
}
