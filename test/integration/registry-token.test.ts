import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseReference } from '../../src/reference/reference.js';
import { forgetTokens } from '../../src/registry/auth.js';
import { resolveRemote } from '../../src/registry/resolve.js';
import { authOf, TempConfigs } from '../helpers/registry-config.js';
import { startTokenRegistry, type TokenRegistry } from '../helpers/registry-token.js';
import { xrun } from '../helpers/xrun.js';

const temp = new TempConfigs();
const PASSWORD = `pw-${Math.random().toString(36).slice(2)}`;
const SCOPE = 'scope=repository%3Axrun%2Fbusybox%3Apull';
let open: TokenRegistry[] = [];

async function registry(options: Parameters<typeof startTokenRegistry>[0] = {}) {
  const r = await startTokenRegistry(options);
  open.push(r);
  return r;
}

/** `xrun inspect --verbose` of the fixture through a token registry. */
function inspect(r: TokenRegistry, env: Record<string, string>) {
  return xrun(['inspect', '--verbose', `${r.server.host}/xrun/busybox:multi`], { env });
}

test.after.each(async () => {
  for (const r of open.splice(0)) await r.server.close();
});
test.after(() => temp.cleanUp());

test('an anonymous token is fetched once, without Authorization, and reused', async () => {
  const r = await registry();
  const result = await inspect(r, { DOCKER_CONFIG: temp.config({}) });
  assert.is(result.exitCode, 0, result.stderr);
  assert.match(result.stdout, /^\* linux\/amd64 +37c57bbd3aec {2}native$/m);
  const tokens = r.tokenRequests();
  assert.equal(
    tokens.map((t) => t.url),
    [`/token?service=xrun-token&${SCOPE}`],
  );
  assert.is(tokens[0]?.headers.authorization, undefined);
  const api = r.apiRequests();
  assert.is(api[0]?.headers.authorization, undefined);
  assert.ok(
    api.slice(1).every((s) => s.headers.authorization?.startsWith('Bearer tok-1-')),
  );
  assert.is(api.length, 4);
  assert.not.match(result.stderr, 'tok-1-');
});

test('B39: a realm-only challenge gets the pull scope and no service', async () => {
  const r = await registry({
    challenge: (host) => `Bearer realm="http://${host}/token"`,
  });
  const result = await inspect(r, { DOCKER_CONFIG: temp.config({}) });
  assert.is(result.exitCode, 0, result.stderr);
  assert.equal(
    r.tokenRequests().map((t) => t.url),
    [`/token?${SCOPE}`],
  );
});

test('B39: a reordered challenge with its own scope is read whole', async () => {
  const r = await registry({
    challenge: (host) =>
      `Bearer service="svc",realm="http://${host}/token",scope="repository:xrun/busybox:pull"`,
  });
  const result = await inspect(r, { DOCKER_CONFIG: temp.config({}) });
  assert.is(result.exitCode, 0, result.stderr);
  assert.equal(
    r.tokenRequests().map((t) => t.url),
    [`/token?service=svc&${SCOPE}`],
  );
});

test('auths credentials go to the token server only, never to the output', async () => {
  const r = await registry({ users: { ci: PASSWORD } });
  const config = temp.config({
    auths: { [r.server.host]: { auth: authOf('ci', PASSWORD) } },
  });
  const result = await inspect(r, { DOCKER_CONFIG: config });
  assert.is(result.exitCode, 0, result.stderr);
  assert.is(
    r.tokenRequests()[0]?.headers.authorization,
    `Basic ${authOf('ci', PASSWORD)}`,
  );
  assert.ok(r.apiRequests().every((s) => !s.headers.authorization?.startsWith('Basic')));
  const output = result.stdout + result.stderr;
  for (const secret of [PASSWORD, authOf('ci', PASSWORD), 'tok-1-']) {
    assert.not.ok(output.includes(secret), `${secret} leaked`);
  }
  assert.match(result.stderr, '(token, scope repository:xrun/busybox:pull, user ci)');
});

test('a wrong password is refused in one line naming the scope', async () => {
  const r = await registry({ users: { ci: PASSWORD } });
  const config = temp.config({
    auths: { [r.server.host]: { auth: authOf('ci', 'wrong') } },
  });
  const result = await xrun(['inspect', `${r.server.host}/xrun/busybox:multi`], {
    env: { DOCKER_CONFIG: config },
  });
  assert.is(result.exitCode, 125);
  assert.is(
    result.stderr,
    `xrun: registry ${r.server.host} refused the login of ci for scope ` +
      `"repository:xrun/busybox:pull": run "docker login ${r.server.host}" again`,
  );
});

test('without credentials a private registry asks for docker login', async () => {
  const r = await registry({ users: { ci: PASSWORD } });
  const result = await xrun(['inspect', `${r.server.host}/xrun/busybox:multi`], {
    env: { DOCKER_CONFIG: temp.config({}) },
  });
  assert.is(result.exitCode, 125);
  assert.is(
    result.stderr,
    `xrun: registry ${r.server.host} needs credentials for xrun/busybox: ` +
      `run "docker login ${r.server.host}"`,
  );
});

test('credHelpers: docker-credential-xruntest is asked with the registry host', async () => {
  const r = await registry({ users: { helped: PASSWORD } });
  const bin = temp.helper(
    'xruntest',
    `read server; echo "$server" > "$(dirname "$0")/asked"\n` +
      `echo '{"Username":"helped","Secret":"${PASSWORD}"}'`,
  );
  const config = temp.config({ credHelpers: { [r.server.host]: 'xruntest' } });
  const result = await inspect(r, {
    DOCKER_CONFIG: config,
    PATH: `${bin}:${process.env.PATH}`,
  });
  assert.is(result.exitCode, 0, result.stderr);
  assert.is(readFileSync(path.join(bin, 'asked'), 'utf8'), `${r.server.host}\n`);
  assert.is(
    r.tokenRequests()[0]?.headers.authorization,
    `Basic ${authOf('helped', PASSWORD)}`,
  );
  assert.not.ok((result.stdout + result.stderr).includes(PASSWORD));
});

test('an identity token is exchanged by an OAuth2 refresh POST', async () => {
  const r = await registry({ refreshTokens: ['refresh-secret-1'] });
  const config = temp.config({
    auths: { [r.server.host]: { identitytoken: 'refresh-secret-1' } },
  });
  const result = await inspect(r, { DOCKER_CONFIG: config });
  assert.is(result.exitCode, 0, result.stderr);
  const [post] = r.tokenRequests();
  assert.is(post?.method, 'POST');
  assert.equal(Object.fromEntries(new URLSearchParams(post?.body)), {
    grant_type: 'refresh_token',
    client_id: 'xrun',
    refresh_token: 'refresh-secret-1',
    service: 'xrun-token',
    scope: 'repository:xrun/busybox:pull',
  });
  assert.not.ok((result.stdout + result.stderr).includes('refresh-secret-1'));
});

test('a later look-up in the run sends the token at once; an expired one is renewed', async () => {
  forgetTokens();
  const r = await registry();
  const ref = parseReference(`${r.server.host}/xrun/busybox:multi`);
  const first = await resolveRemote(ref);
  const again = await resolveRemote(
    parseReference(`${r.server.host}/xrun/busybox:no-amd64`),
  );
  assert.is(first.platforms.length, 6);
  assert.is(again.platforms.length, 3);
  assert.is(r.tokenRequests().length, 1);
  assert.is(r.apiRequests().length, 3);
  assert.ok(r.apiRequests()[2]?.headers.authorization?.startsWith('Bearer tok-1-'));

  r.revoke();
  await resolveRemote(parseReference(`${r.server.host}/xrun/busybox:amd64`));
  assert.is(r.tokenRequests().length, 2);
});

test.run();
