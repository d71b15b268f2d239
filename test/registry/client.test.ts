import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseReference } from '../../src/reference/reference.js';
import { clientFor, clientOptions } from '../../src/registry/client.js';

const base = (text: string, insecure?: string[]) =>
  clientFor(parseReference(text), insecure ? { insecure } : {}).base;

test('B38: mariadb is asked for at registry-1.docker.io as library/mariadb over HTTPS', () => {
  assert.is(base('mariadb'), 'https://registry-1.docker.io/v2/library/mariadb');
  assert.is(
    base('index.docker.io/mariadb:11'),
    'https://registry-1.docker.io/v2/library/mariadb',
  );
  assert.is(
    base('registry.hub.docker.com/library/mariadb'),
    'https://registry-1.docker.io/v2/library/mariadb',
  );
});

test('GHCR, Quay, ECR, GCR and Artifact Registry names go to their own hosts', () => {
  assert.is(base('ghcr.io/owner/tool:1'), 'https://ghcr.io/v2/owner/tool');
  assert.is(base('quay.io/coreos/etcd'), 'https://quay.io/v2/coreos/etcd');
  assert.is(
    base('123456789012.dkr.ecr.us-east-1.amazonaws.com/app'),
    'https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/app',
  );
  assert.is(
    base('gcr.io/google-containers/pause'),
    'https://gcr.io/v2/google-containers/pause',
  );
  assert.is(
    base('us-docker.pkg.dev/proj/repo/app'),
    'https://us-docker.pkg.dev/v2/proj/repo/app',
  );
});

test('loopback and insecure registries use plain HTTP, IPv6 keeps its brackets', () => {
  assert.is(base('localhost:5000/xrun/busybox'), 'http://localhost:5000/v2/xrun/busybox');
  assert.is(base('[::1]:5000/app'), 'http://[::1]:5000/v2/app');
  assert.is(base('reg.lan:5000/app', ['reg.lan:5000']), 'http://reg.lan:5000/v2/app');
  assert.is(base('10.2.3.4:5000/app', ['10.0.0.0/8']), 'http://10.2.3.4:5000/v2/app');
});

test('client options come from DOCKER_CONFIG and XRUN_REGISTRY_TIMEOUT_MS', () => {
  assert.equal(
    clientOptions({ DOCKER_CONFIG: '/c', XRUN_REGISTRY_TIMEOUT_MS: '900' }, ['a']),
    {
      configDir: '/c',
      insecure: ['a'],
      timeoutMs: 900,
    },
  );
  assert.is(clientOptions({ XRUN_REGISTRY_TIMEOUT_MS: 'x' }).timeoutMs, undefined);
});

test.run();
