import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../../src/errors.js';
import type { Reply } from '../../src/registry/http.js';
import { MEDIA } from '../../src/registry/manifest.js';
import { verifiedDigest } from '../../src/registry/digest.js';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const sha = (bytes: Buffer | string) =>
  `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

const reply = (body: string, headers: IncomingHttpHeaders = {}): Reply => ({
  status: 200,
  headers,
  body: Buffer.from(body),
  url: 'http://localhost:5000/v2/xrun/busybox/manifests/multi',
});

// Pretty-printed as registries store it: re-serialising would change the bytes.
const LIST = '{\n   "schemaVersion": 2,\n   "manifests": []\n}\n';

test('B37: without a digest header the digest is sha256 of the raw body bytes', () => {
  const digest = verifiedDigest(reply(LIST, { 'content-type': MEDIA.dockerList }));
  assert.is(digest, sha(LIST));
  assert.is.not(digest, sha(JSON.stringify(JSON.parse(LIST))));
});

test('the sha256 of a known body is the well-known value', () => {
  assert.is(
    verifiedDigest(reply('')),
    'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  );
});

test('a body that matches the digest asked for gives that digest', () => {
  assert.is(verifiedDigest(reply(LIST), sha(LIST)), sha(LIST));
});

test('a body that does not match the digest asked for is refused', () => {
  try {
    verifiedDigest(reply(LIST), D1);
  } catch (error) {
    assert.instance(error, UserError);
    assert.is(
      (error as Error).message,
      `registry localhost:5000 sent content for ${D1} whose digest is ${sha(LIST)}: ` +
        'refusing it (the registry or a proxy is corrupting data)',
    );
    return;
  }
  assert.unreachable('a mismatching body must be refused');
});

test('a matching body is not refused because of a different digest header', () => {
  const r = reply(LIST, { 'docker-content-digest': D2 });
  assert.is(verifiedDigest(r, sha(LIST)), sha(LIST));
});

test('with no digest asked for, a matching Docker-Content-Digest is the digest', () => {
  assert.is(
    verifiedDigest(reply(LIST, { 'docker-content-digest': sha(LIST) })),
    sha(LIST),
  );
});

test('with no digest asked for, a body that contradicts the digest header is refused', () => {
  assert.throws(
    () => verifiedDigest(reply(LIST, { 'docker-content-digest': D2 })),
    (error: Error) =>
      error.message ===
      `registry localhost:5000 sent content whose digest is ${sha(LIST)}, not the ${D2} ` +
        'it announced: refusing it (the registry or a proxy is corrupting data)',
  );
});

test('B41: a signed schema 1 manifest by tag takes the digest the registry announced', () => {
  const body = '{"schemaVersion":1,"architecture":"amd64","signatures":[]}';
  const r = reply(body, {
    'content-type': MEDIA.schema1Signed,
    'docker-content-digest': D2,
  });
  assert.is(verifiedDigest(r), D2);
});

test('a digest header that is not sha256 is ignored for the computed one', () => {
  const r = reply(LIST, { 'docker-content-digest': 'md5:abcdef' });
  assert.is(verifiedDigest(r), sha(LIST));
});

test('B41: a signed schema 1 manifest does not fail verification of its digest', () => {
  const body =
    '{"schemaVersion":1,"architecture":"amd64","signatures":[{"protected":"x"}]}';
  const r = reply(body, { 'content-type': MEDIA.schema1Signed });
  assert.is(verifiedDigest(r, D1), D1);
});

test('an unsigned body with a schema 1 look is still verified', () => {
  const body = '{"schemaVersion":1,"architecture":"amd64"}';
  const r = reply(body, { 'content-type': MEDIA.schema1 });
  assert.throws(() => verifiedDigest(r, D1), /whose digest is/);
});

test.run();
