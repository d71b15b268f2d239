import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseReference } from '../../src/reference/reference.js';
import { MANIFEST_ACCEPT } from '../../src/registry/client.js';
import { headDigest, indexDigest } from '../../src/registry/head.js';
import { MEDIA } from '../../src/registry/media.js';
import { resolveRemote } from '../../src/registry/resolve.js';
import { imageSizes } from '../../src/registry/sizes.js';
import { verifyEntry } from '../../src/registry/verify.js';
import { image, index, Store } from '../helpers/registry-content.js';
import {
  challenge,
  digestOf,
  startServer,
  type TestServer,
} from '../helpers/registry-server.js';
import { failureOf } from '../helpers/assert.js';

const servers: TestServer[] = [];
async function serve(handler: Parameters<typeof startServer>[0], address?: string) {
  const server = await startServer(handler, address);
  servers.push(server);
  return server;
}
test.after.each(async () => {
  for (const s of servers.splice(0)) await s.close();
});

const failure = failureOf;

const LIST = Buffer.from('{\n  "schemaVersion": 2,\n  "manifests": []\n}\n');

test('B37: a HEAD without Docker-Content-Digest: GET, sha256 of the raw body', async () => {
  const s = await serve((req, res) => {
    res.writeHead(200, { 'Content-Type': MEDIA.dockerList });
    res.end(req.method === 'HEAD' ? undefined : LIST);
  });
  const tag = await headDigest(parseReference(`${s.host}/app:1`));
  assert.equal(tag, { digest: digestOf(LIST), mediaType: MEDIA.dockerList, index: true });
  assert.equal(
    s.seen.map((r) => r.method),
    ['HEAD', 'GET'],
  );
  assert.ok(s.seen.every((r) => r.headers.accept === MANIFEST_ACCEPT));
});

test('a HEAD naming an index type and a digest is enough: no GET', async () => {
  const digest = `sha256:${'c'.repeat(64)}`;
  const s = await serve((_req, res) =>
    res
      .writeHead(200, { 'Content-Type': MEDIA.ociIndex, 'Docker-Content-Digest': digest })
      .end(),
  );
  assert.is(await indexDigest(parseReference(`${s.host}/app:1`)), digest);
  assert.equal(
    s.seen.map((r) => r.method),
    ['HEAD'],
  );
});

test('a HEAD whose type is a single image is never taken as the index digest', async () => {
  const digest = `sha256:${'d'.repeat(64)}`;
  const s = await serve((_req, res) =>
    res
      .writeHead(200, {
        'Content-Type': MEDIA.dockerManifest,
        'Docker-Content-Digest': digest,
      })
      .end(),
  );
  const ref = parseReference(`${s.host}/app:1`);
  assert.equal(await headDigest(ref), {
    digest,
    mediaType: MEDIA.dockerManifest,
    index: false,
  });
  assert.is(await indexDigest(ref), undefined);
});

test('B35: a registry narrowing to one image unless asked for lists gives the list', async () => {
  const store = new Store();
  const amd64 = image(store, { os: 'linux', architecture: 'amd64' });
  const arm64 = image(store, { os: 'linux', architecture: 'arm64' });
  const list = index(store, [
    { image: amd64, platform: { os: 'linux', architecture: 'amd64' } },
    { image: arm64, platform: { os: 'linux', architecture: 'arm64' } },
  ]);
  const s = await serve((req, res) => {
    const wantsList = String(req.headers.accept).includes(MEDIA.ociIndex);
    if (req.url === '/v2/library/alpine/manifests/latest') {
      const doc = wantsList ? list : amd64;
      res.writeHead(200, { 'Content-Type': doc.mediaType }).end(doc.bytes);
    } else store.serve(req, res);
  });
  const remote = await resolveRemote(parseReference(`${s.host}/library/alpine`));
  assert.is(remote.single, false);
  assert.is(remote.digest, list.digest);
  assert.equal(
    remote.platforms.map((p) => p.digest),
    [amd64.digest, arm64.digest],
  );
});

test('a 401 without a challenge says to log in', async () => {
  const s = await serve((_req, res) => res.writeHead(401).end());
  assert.is(
    await failure(resolveRemote(parseReference(`${s.host}/app:1`))),
    `registry ${s.host} asked for authentication (401): run "docker login ${s.host}"`,
  );
});

test('a rate-limited token server gives its window; one that is not JSON says so', async () => {
  const s = await serve((req, res) => {
    if (req.url?.startsWith('/limited')) res.writeHead(429, { 'Retry-After': '5' }).end();
    else if (req.url?.startsWith('/html')) res.writeHead(200).end('<html>');
    else
      challenge(
        res,
        `Bearer realm="http://${s.host}/${req.url?.includes('a/') ? 'limited' : 'html'}"`,
      );
  });
  assert.is(
    await failure(resolveRemote(parseReference(`${s.host}/a/app:1`))),
    `token server ${s.host} is rate limiting requests (429): try again in 5 s`,
  );
  assert.is(
    await failure(resolveRemote(parseReference(`${s.host}/b/app:1`))),
    `token server ${s.host} sent no token: its answer is not JSON`,
  );
});

test('verifyEntry accepts a config without a variant, refuses another architecture', async () => {
  const store = new Store();
  const armv6 = image(store, { os: 'linux', architecture: 'arm' });
  const s = await serve((req, res) => store.serve(req, res));
  const ref = parseReference(`${s.host}/app:1`);
  const platform = { os: 'linux', architecture: 'arm', variant: 'v6' };
  await verifyEntry(ref, { digest: armv6.digest, platform });
  assert.is(
    await failure(
      verifyEntry(ref, {
        digest: armv6.digest,
        platform: { os: 'linux', architecture: 's390x' },
      }),
    ),
    `mislabelled image: ${s.host}/app@${armv6.digest} is listed as linux/s390x but its ` +
      'config says linux/arm; not running it (the publisher must fix the index)',
  );
});

test('imageSizes reads each entry once, in parallel, and sums its layers', async () => {
  const store = new Store();
  const a = image(store, { os: 'linux', architecture: 'amd64' }, [1000, 24]);
  const b = image(store, { os: 'linux', architecture: 'arm64' }, [7]);
  const s = await serve((req, res) => store.serve(req, res));
  const sizes = await imageSizes(parseReference(`${s.host}/app:1`), [a.digest, b.digest]);
  assert.equal(
    [...sizes],
    [
      [a.digest, 1024],
      [b.digest, 7],
    ],
  );
  assert.is(s.seen.length, 2);
});

test('an IPv6 loopback registry [::1]:PORT is reached over plain HTTP', async () => {
  const store = new Store();
  const s390x = image(store, { os: 'linux', architecture: 's390x' });
  index(store, [{ image: s390x, platform: { os: 'linux', architecture: 's390x' } }], '1');
  const s = await serve((req, res) => store.serve(req, res), '::1');
  assert.match(s.host, /^\[::1\]:\d+$/);
  const remote = await resolveRemote(parseReference(`${s.host}/app:1`));
  assert.equal(
    remote.platforms.map((p) => p.digest),
    [s390x.digest],
  );
  assert.is(remote.reference, `${s.host}/app:1`);
});

test.run();
