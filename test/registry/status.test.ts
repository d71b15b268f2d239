import type { IncomingHttpHeaders } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Reply } from '../../src/registry/http.js';
import { checkReply, type Asked } from '../../src/registry/status.js';

const ASKED: Asked = {
  host: 'reg.example',
  domain: 'reg.example',
  repository: 'team/app',
  kind: 'manifest',
  ref: 'v1',
};
const reply = (status: number, body = '', headers: IncomingHttpHeaders = {}): Reply => ({
  status,
  headers,
  body: Buffer.from(body),
  url: 'https://reg.example/v2/team/app/manifests/v1',
});
const NAME_UNKNOWN =
  '{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known"}]}';

function message(r: Reply, asked: Partial<Asked> = {}): string {
  try {
    checkReply(r, { ...ASKED, ...asked });
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

test('2xx replies pass', () => {
  assert.is(message(reply(200)), 'no error');
});

test('404 NAME_UNKNOWN says the repository does not exist', () => {
  assert.is(
    message(reply(404, NAME_UNKNOWN)),
    'no such repository: reg.example/team/app (check the name)',
  );
});

test('404 on a tag of a repository that exists says the tag does not', () => {
  assert.is(
    message(reply(404), { repositoryExists: true }),
    'no such tag: reg.example/team/app has no tag "v1" (check the tag)',
  );
});

test('404 on a digest of a repository that exists names the digest', () => {
  const d = `sha256:${'a'.repeat(64)}`;
  assert.is(
    message(reply(404), { repositoryExists: true, ref: d }),
    `no such manifest: reg.example/team/app has no ${d} (check the digest)`,
  );
});

test('404 where the repository is unknown says both may be wrong', () => {
  assert.is(
    message(reply(404)),
    'no such image: reg.example/team/app has no manifest "v1" (check the name and tag)',
  );
});

test('403 says access is denied and how to log in', () => {
  assert.is(
    message(reply(403)),
    'registry reg.example denied access to team/app (403): check your permissions or ' +
      'run "docker login reg.example"',
  );
});

test('429 gives the window', () => {
  assert.is(
    message(reply(429, '', { 'retry-after': '60' })),
    'registry reg.example is rate limiting requests (429): try again in 60 s',
  );
});

test('5xx names the status and its text', () => {
  assert.is(
    message(reply(503)),
    'registry reg.example failed with 503 Service Unavailable: try again later',
  );
});

test('another status names what was asked for', () => {
  assert.is(
    message(reply(418)),
    'registry reg.example answered 418 I\'m a Teapot for manifest "v1"',
  );
});

test.run();
