import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { recordFault } from '../helpers/figures.js';
import { startMisbehaving, type Misbehaving } from '../helpers/registry-misbehaving.js';
import { xrun } from '../helpers/xrun.js';

let bad: Misbehaving;
let host = '';
const config = mkdtempSync(path.join(os.tmpdir(), 'xrun-noauth-'));
const env = { DOCKER_CONFIG: config };

test.before(async () => {
  bad = await startMisbehaving();
  host = bad.server.host;
});
test.after(async () => {
  await bad.server.close();
  rmSync(config, { recursive: true, force: true });
});

/** `xrun inspect` of a repository of the misbehaving registry: exit code and stderr. */
async function inspect(name: string) {
  const r = await xrun(['inspect', `${host}/${name}`], { env });
  return { exitCode: r.exitCode, stderr: r.stderr, stdout: r.stdout };
}

const seen = (part: string) => bad.server.seen.filter((s) => s.url.includes(part));

test('B38: a 401 after re-authenticating ends at once, naming the refused scope', async () => {
  const r = await inspect('bad/loop:1');
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    `xrun: registry ${host} refused scope "repository:bad/loop:pull" even after ` +
      `authenticating: run "docker login ${host}" if bad/loop is private (or check that ` +
      'it exists)',
  );
  assert.equal(
    seen('/token').map((s) => s.url),
    ['/token?service=xrun-test&scope=repository%3Abad%2Floop%3Apull'],
  );
  const manifests = seen('/bad/loop/manifests/');
  assert.is(manifests.length, 2);
  assert.is(manifests[0]?.headers.authorization, undefined);
  assert.is(manifests[1]?.headers.authorization, 'Bearer loop-token');
  assert.not.match(r.stderr, 'loop-token');
  recordFault(
    'registry: B38: a 401 after re-authenticating ends at once, naming the refused scope',
  );
});

test('403 is one line with the way out', async () => {
  assert.equal(await inspect('bad/forbidden:1'), {
    exitCode: 125,
    stdout: '',
    stderr:
      `xrun: registry ${host} denied access to bad/forbidden (403): check your ` +
      `permissions or run "docker login ${host}"`,
  });
  recordFault('registry: 403 is one line with the way out');
});

test('404 on a repository the registry does not know says so', async () => {
  const r = await inspect('bad/missing:1');
  assert.is(r.exitCode, 125);
  assert.is(r.stderr, `xrun: no such repository: ${host}/bad/missing (check the name)`);
  recordFault('registry: 404 on a repository the registry does not know says so');
});

test('404 on a tag of a known repository names the tag', async () => {
  const r = await inspect('good/app:nope');
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    `xrun: no such tag: ${host}/good/app has no tag "nope" (check the tag)`,
  );
  recordFault('registry: 404 on a tag of a known repository names the tag');
});

test('429 with Retry-After gives the window, and is asked only once', async () => {
  const r = await inspect('bad/limited:1');
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    `xrun: registry ${host} is rate limiting requests (429): try again in 120 s`,
  );
  assert.is(seen('/bad/limited/').length, 1);
  recordFault('registry: 429 with Retry-After gives the window, and is asked only once');
});

test('429 with malformed RateLimit and Retry-After headers reads them as unknown', async () => {
  const r = await inspect('bad/garbled:1');
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    `xrun: registry ${host} is rate limiting requests (429): try again later`,
  );
  recordFault(
    'registry: 429 with malformed RateLimit and Retry-After headers reads them as unknown',
  );
});

test('500 says the registry failed', async () => {
  const r = await inspect('bad/broken:1');
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    `xrun: registry ${host} failed with 500 Internal Server Error: try again later`,
  );
  recordFault('registry: 500 says the registry failed');
});

test('a body that is not JSON is a malformed manifest', async () => {
  const r = await inspect('bad/notjson:1');
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    `xrun: malformed manifest from ${host}/bad/notjson:1: it is not valid JSON`,
  );
  recordFault('registry: a body that is not JSON is a malformed manifest');
});

test('a manifest over 4 MiB is refused', async () => {
  const r = await inspect('bad/huge:1');
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    `xrun: registry ${host} sent more than 4 MiB for manifest "1": refusing it`,
  );
  recordFault('registry: a manifest over 4 MiB is refused');
});

test('a connection cut mid-body is one line', async () => {
  const r = await inspect('bad/cut:1');
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    `xrun: registry ${host} closed the connection before the reply was complete`,
  );
  recordFault('registry: a connection cut mid-body is one line');
});

test('an entry whose bytes do not match its digest is refused', async () => {
  const r = await inspect('good/app:mismatch');
  assert.is(r.exitCode, 125);
  assert.match(
    r.stderr,
    new RegExp(
      `^xrun: registry ${host} sent content for ${bad.corrupted} whose digest is ` +
        'sha256:[a-f0-9]{64}: refusing it \\(the registry or a proxy is corrupting data\\)$',
    ),
  );
  recordFault('registry: an entry whose bytes do not match its digest is refused');
});

test('a reference by digest whose bytes do not match is refused', async () => {
  const r = await inspect(`good/app@${bad.corrupted}`);
  assert.is(r.exitCode, 125);
  assert.match(r.stderr, `sent content for ${bad.corrupted} whose digest is sha256:`);
  recordFault('registry: a reference by digest whose bytes do not match is refused');
});

test('an index entry whose config says another platform is mislabelled: xrun stops', async () => {
  const r = await inspect('good/app:liar');
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    `xrun: mislabelled image: ${host}/good/app@${bad.liar} is listed as linux/arm64 but ` +
      'its config says linux/amd64; not running it (the publisher must fix the index)',
  );
  recordFault(
    'registry: an index entry whose config says another platform is mislabelled: xrun stops',
  );
});

test('B41: a signed schema 1 manifest is read as a single-platform image', async () => {
  const r = await inspect('good/app:old');
  assert.is(r.exitCode, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.is(lines[0], `${host}/good/app:old`);
  assert.match(
    lines[1] ?? '',
    /^digest sha256:[a-f0-9]{64}, schema 1 manifest \(one platform\)$/,
  );
  assert.match(lines[5] ?? '', /^\* linux\/amd64 +[a-f0-9]{12} {2}native$/);
});

test('a nested index and an entry without a platform are read through', async () => {
  const r = await xrun(['inspect', '--json', `${host}/good/app:nested`], { env });
  assert.is(r.exitCode, 0, r.stderr);
  const data = JSON.parse(r.stdout) as {
    platforms: { platform: string }[];
    ignored: number;
  };
  assert.equal(
    data.platforms.map((p) => p.platform),
    ['linux/s390x', 'linux/amd64', 'linux/arm64'],
  );
  assert.is(data.ignored, 1);
});

test('every manifest request carried all four media types in Accept', () => {
  const accepts = new Set(
    bad.server.seen
      .filter((s) => s.url.includes('/manifests/'))
      .map((s) => s.headers.accept),
  );
  assert.equal(
    [...accepts],
    [
      'application/vnd.oci.image.index.v1+json, ' +
        'application/vnd.docker.distribution.manifest.list.v2+json, ' +
        'application/vnd.oci.image.manifest.v1+json, ' +
        'application/vnd.docker.distribution.manifest.v2+json',
    ],
  );
});

test.run();
