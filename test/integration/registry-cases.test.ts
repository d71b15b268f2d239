import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadProfiles } from '../../src/emulation/profiles.js';
import { plan } from '../../src/plan/plan.js';
import type { Facts, Plan } from '../../src/plan/types.js';
import { formatPlatform, parsePlatform } from '../../src/platform/platform.js';
import { parseReference } from '../../src/reference/reference.js';
import { MEDIA } from '../../src/registry/media.js';
import { resolveRemote, type RemoteImage } from '../../src/registry/resolve.js';
import { Store } from '../helpers/registry-content.js';
import { doc, startServer, type TestServer } from '../helpers/registry-server.js';

// Sections D and F of the shared cases: the documents as given there, served by a
// registry of the tests, read by xrun's client, then decided by the plan.
const D = (n: number) => `sha256:${String(n).repeat(64)}`;
const store = new Store();
let server: TestServer;

const entry = (n: number, architecture: string, more: object = {}) => ({
  mediaType: MEDIA.ociManifest,
  digest: D(n),
  size: 3000,
  platform: { architecture, os: 'linux' },
  ...more,
});
const attestation = {
  mediaType: MEDIA.ociManifest,
  digest: D(2),
  size: 840,
  platform: { architecture: 'unknown', os: 'unknown' },
};
const oci = (manifests: object[]) =>
  doc(MEDIA.ociIndex, { schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests });

store.add(
  oci([
    entry(1, 'arm64'),
    {
      ...attestation,
      annotations: {
        'vnd.docker.reference.type': 'attestation-manifest',
        'vnd.docker.reference.digest': D(1),
      },
    },
  ]),
  'b22',
);
store.add(oci([entry(1, 'arm64'), attestation]), 'b22-stripped');
store.add(oci([entry(6, 's390x')]), 'b24');
store.add(oci([entry(1, 'amd64'), entry(3, 'arm64')]), 'b25');
store.add(oci([entry(1, 'amd64'), entry(5, 's390x')]), 'b26');
store.add(oci([entry(1, 'amd64')]), 'b30');
const config = store.add(
  doc('application/vnd.docker.container.image.v1+json', {
    architecture: 'amd64',
    os: 'linux',
  }),
);
store.add(
  doc(MEDIA.dockerManifest, {
    schemaVersion: 2,
    mediaType: MEDIA.dockerManifest,
    config: {
      mediaType: config.mediaType,
      digest: config.digest,
      size: config.bytes.length,
    },
    layers: [],
  }),
  'b29',
);

test.before(async () => {
  server = await startServer((req, res) => store.serve(req, res));
});
test.after(() => server.close());

const read = (tag: string) =>
  resolveRemote(parseReference(`${server.host}/case/app:${tag}`));
const platforms = (r: RemoteImage) => r.platforms.map((p) => formatPlatform(p.platform));

/** The plan for a host and a requested platform, as the cases write decisions. */
function decide(remote: RemoteImage, host: string, requested?: string): Plan {
  const facts: Facts = {
    host: parsePlatform(host),
    emulationHost: 'local-kernel',
    profiles: loadProfiles(),
    handlers: {},
    emulators: { amd64: '/q', arm64: '/q', s390x: '/q', ppc64le: '/q' },
    remote,
  };
  if (requested) facts.requested = { platform: parsePlatform(requested), source: 'flag' };
  return plan(facts);
}
const best = (p: Plan) => {
  const o = p.options[0];
  if (!o) return `fail:${p.failure?.code}`;
  if (o.kind !== 'emulate') return `${o.kind} ${formatPlatform(o.platform)}`;
  return `emulate ${formatPlatform(o.platform)} via ${o.qemu}`;
};

for (const tag of ['b22', 'b22-stripped']) {
  test(`B22 (${tag}): arm64 is the one platform, the attestation is counted`, async () => {
    const remote = await read(tag);
    assert.equal(platforms(remote), ['linux/arm64']);
    assert.is(remote.platforms[0]?.digest, D(1));
    assert.is(remote.ignored, 1);
    const p = decide(remote, 'linux/amd64');
    assert.is(best(p), 'emulate linux/arm64 via qemu-aarch64');
    assert.ok(p.warnings.includes('1 attestation entry ignored'));
  });
}

test('B24: an s390x-only repository offers s390x by its digest', async () => {
  const remote = await read('b24');
  assert.equal(platforms(remote), ['linux/s390x']);
  assert.is(remote.platforms[0]?.digest, D(6));
  assert.is(best(decide(remote, 'linux/amd64')), 'emulate linux/s390x via qemu-s390x');
});

test('B25: on s390x an amd64+arm64 index offers amd64 under emulation', async () => {
  const remote = await read('b25');
  assert.equal(platforms(remote), ['linux/amd64', 'linux/arm64']);
  assert.is(best(decide(remote, 'linux/s390x')), 'emulate linux/amd64 via qemu-x86_64');
});

test('B26: on ppc64le an amd64+s390x index offers amd64 under emulation', async () => {
  const remote = await read('b26');
  assert.equal(platforms(remote), ['linux/amd64', 'linux/s390x']);
  assert.is(best(decide(remote, 'linux/ppc64le')), 'emulate linux/amd64 via qemu-x86_64');
});

test('B29: a plain manifest is single-platform amd64; an arm64 request is not met', async () => {
  const remote = await read('b29');
  assert.is(remote.single, true);
  assert.equal(platforms(remote), ['linux/amd64']);
  const p = decide(remote, 'linux/amd64', 'linux/arm64');
  assert.is(best(p), 'fail:no-requested-entry');
});

test('B30: an amd64-only index on an arm64 host offers amd64', async () => {
  const remote = await read('b30');
  assert.equal(platforms(remote), ['linux/amd64']);
  assert.is(best(decide(remote, 'linux/arm64')), 'emulate linux/amd64 via qemu-x86_64');
});

test('B35: every request of these cases asked for all four manifest types', () => {
  const accepts = new Set(server.seen.map((s) => s.headers.accept));
  assert.equal([...accepts].sort(), [
    '*/*',
    [MEDIA.ociIndex, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.dockerManifest].join(
      ', ',
    ),
  ]);
});

test.run();
