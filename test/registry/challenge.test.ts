import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseChallenge, tokenUrl } from '../../src/registry/challenge.js';

const HUB =
  'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",' +
  'scope="repository:library/alpine:pull"';

function url(header: string, repository: string): string | undefined {
  const challenge = parseChallenge(header);
  assert.ok(challenge, `"${header}" should parse`);
  return tokenUrl(challenge, repository)?.toString();
}

test('Docker Hub challenge gives scheme bearer and its three parameters', () => {
  assert.equal(parseChallenge(HUB), {
    scheme: 'bearer',
    params: {
      realm: 'https://auth.docker.io/token',
      service: 'registry.docker.io',
      scope: 'repository:library/alpine:pull',
    },
  });
});

test('B39: parameters in another order give the same challenge', () => {
  const reordered =
    'Bearer service="registry.docker.io",realm="https://auth.docker.io/token",' +
    'scope="repository:library/alpine:pull"';
  assert.equal(parseChallenge(reordered), parseChallenge(HUB));
});

test('B39: an Artifactory challenge without scope keeps realm and service', () => {
  const header =
    'Bearer realm="https://reg.example/artifactory/api/docker/repo/v2/token",' +
    'service="reg.example"';
  assert.equal(parseChallenge(header)?.params, {
    realm: 'https://reg.example/artifactory/api/docker/repo/v2/token',
    service: 'reg.example',
  });
});

test('B39: a missing scope is added as a pull scope for the repository', () => {
  const header =
    'Bearer realm="https://reg.example/artifactory/api/docker/repo/v2/token",' +
    'service="reg.example"';
  assert.is(
    url(header, 'team/app'),
    'https://reg.example/artifactory/api/docker/repo/v2/token' +
      '?service=reg.example&scope=repository%3Ateam%2Fapp%3Apull',
  );
});

test('B39: a realm-only challenge leaves service out of the token request', () => {
  assert.is(
    url('Bearer realm="https://reg.example/v2/token"', 'team/app'),
    'https://reg.example/v2/token?scope=repository%3Ateam%2Fapp%3Apull',
  );
});

test("B39: the challenge's own scope is used as given", () => {
  const token = new URL(url(HUB, 'library/other') ?? '');
  assert.is(token.searchParams.get('scope'), 'repository:library/alpine:pull');
  assert.is(token.searchParams.get('service'), 'registry.docker.io');
});

test('B38: a token for mariadb asks for repository:library/mariadb:pull', () => {
  const header =
    'Bearer realm="https://auth.docker.io/token",service="registry.docker.io"';
  const token = new URL(url(header, 'library/mariadb') ?? '');
  assert.is(token.origin + token.pathname, 'https://auth.docker.io/token');
  assert.is(token.searchParams.get('scope'), 'repository:library/mariadb:pull');
});

test('B38: the refused scope and the error of an insufficient_scope challenge are read', () => {
  const header =
    'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",' +
    'scope="repository:official/mariadb:pull",error="insufficient_scope"';
  const params = parseChallenge(header)?.params;
  assert.is(params?.scope, 'repository:official/mariadb:pull');
  assert.is(params?.error, 'insufficient_scope');
});

test('spaces after commas and bare values are accepted', () => {
  const header = 'Bearer realm="https://r.example/token", service=r.example , scope=x';
  assert.equal(parseChallenge(header)?.params, {
    realm: 'https://r.example/token',
    service: 'r.example',
    scope: 'x',
  });
});

test('a scope holding commas inside quotes stays one value', () => {
  const header = 'Bearer realm="https://r.example/t",scope="repository:a/b:pull,push"';
  assert.is(parseChallenge(header)?.params.scope, 'repository:a/b:pull,push');
});

test('escaped quotes inside a quoted value are unescaped', () => {
  assert.is(parseChallenge('Bearer realm="a\\"b"')?.params.realm, 'a"b');
});

test('a Basic challenge parses with its realm', () => {
  assert.equal(parseChallenge('Basic realm="Registry Realm"'), {
    scheme: 'basic',
    params: { realm: 'Registry Realm' },
  });
});

test('an empty header is no challenge', () => {
  assert.is(parseChallenge(''), undefined);
});

test('no token URL without a realm or with a realm that is not a URL', () => {
  assert.is(url('Bearer service="x"', 'a/b'), undefined);
  assert.is(url('Bearer realm="not a url"', 'a/b'), undefined);
});

test('query parameters already in the realm are kept', () => {
  assert.is(
    url('Bearer realm="https://r.example/token?account=ci"', 'a/b'),
    'https://r.example/token?account=ci&scope=repository%3Aa%2Fb%3Apull',
  );
});

test.run();
