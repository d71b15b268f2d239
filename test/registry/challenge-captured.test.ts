import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  parseChallenge,
  parseChallenges,
  pickChallenge,
  tokenUrl,
} from '../../src/registry/challenge.js';

function url(header: string, repository: string): string | undefined {
  const challenge = parseChallenge(header);
  assert.ok(challenge, `"${header}" should parse`);
  return tokenUrl(challenge, repository)?.toString();
}

// Challenges as registries send them for an anonymous GET of a manifest.
const CAPTURED: [string, string, string, string][] = [
  [
    'GHCR',
    'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:owner/tool:pull"',
    'owner/tool',
    'https://ghcr.io/token?service=ghcr.io&scope=repository%3Aowner%2Ftool%3Apull',
  ],
  [
    'Quay',
    'Bearer realm="https://quay.io/v2/auth",service="quay.io"',
    'coreos/etcd',
    'https://quay.io/v2/auth?service=quay.io&scope=repository%3Acoreos%2Fetcd%3Apull',
  ],
  [
    'GCR',
    'Bearer realm="https://gcr.io/v2/token",service="gcr.io",' +
      'scope="repository:google-containers/pause:pull"',
    'google-containers/pause',
    'https://gcr.io/v2/token?service=gcr.io&scope=repository%3Agoogle-containers%2Fpause%3Apull',
  ],
  [
    'Artifact Registry',
    'Bearer realm="https://us-docker.pkg.dev/v2/token",service="us-docker.pkg.dev",' +
      'scope="repository:proj/repo/app:pull"',
    'proj/repo/app',
    'https://us-docker.pkg.dev/v2/token?service=us-docker.pkg.dev' +
      '&scope=repository%3Aproj%2Frepo%2Fapp%3Apull',
  ],
  [
    'Harbor',
    'Bearer realm="https://harbor.example/service/token",service="harbor-registry",' +
      'scope="repository:library/nginx:pull"',
    'library/nginx',
    'https://harbor.example/service/token?service=harbor-registry' +
      '&scope=repository%3Alibrary%2Fnginx%3Apull',
  ],
  [
    'Azure',
    'Bearer realm="https://reg.azurecr.io/oauth2/token",service="reg.azurecr.io",' +
      'scope="repository:app:pull"',
    'app',
    'https://reg.azurecr.io/oauth2/token?service=reg.azurecr.io&scope=repository%3Aapp%3Apull',
  ],
];

for (const [name, header, repository, expected] of CAPTURED) {
  test(`${name}: the captured challenge gives the token URL ${expected}`, () => {
    assert.is(url(header, repository), expected);
  });
}

test('ECR: a Basic challenge with realm and service is picked as Basic', () => {
  const header =
    'Basic realm="https://123456789012.dkr.ecr.us-east-1.amazonaws.com/",' +
    'service="ecr.amazonaws.com"';
  assert.equal(pickChallenge(header), {
    scheme: 'basic',
    params: {
      realm: 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com/',
      service: 'ecr.amazonaws.com',
    },
  });
});

test('the distribution registry behind htpasswd sends a Basic challenge', () => {
  assert.equal(pickChallenge('Basic realm="xrun"'), {
    scheme: 'basic',
    params: { realm: 'xrun' },
  });
});

test('two challenges in one header are both read, Bearer is picked', () => {
  const header = 'Basic realm="r", Bearer realm="https://r.example/token",service="r"';
  assert.equal(
    parseChallenges(header).map((c) => c.scheme),
    ['basic', 'bearer'],
  );
  assert.equal(pickChallenge(header)?.params, {
    realm: 'https://r.example/token',
    service: 'r',
  });
});

test('challenges in two headers are both read', () => {
  const picked = pickChallenge(['Basic realm="r"', 'Bearer realm="https://t.example/t"']);
  assert.is(picked?.scheme, 'bearer');
});

test('a Bearer challenge without a realm is passed over for Basic', () => {
  assert.is(pickChallenge('Bearer service="x", Basic realm="y"')?.scheme, 'basic');
  assert.is(pickChallenge('Bearer service="x"'), undefined);
});

test('a scope of several space-separated scopes becomes several scope parameters', () => {
  const header =
    'Bearer realm="https://r.example/t",scope="repository:a/b:pull repository:c/d:pull"';
  const token = new URL(url(header, 'a/b') ?? '');
  assert.equal(token.searchParams.getAll('scope'), [
    'repository:a/b:pull',
    'repository:c/d:pull',
  ]);
});

test('a realm that is not http or https gives no token URL', () => {
  assert.is(url('Bearer realm="file:///etc/passwd"', 'a/b'), undefined);
});

test.run();
