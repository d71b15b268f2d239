import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  formatReference,
  parseReference,
  registryHost,
  withDigest,
} from '../../src/reference/reference.js';
import { D1, D2, refused } from '../helpers/references.js';

test('docker.io/NAME gains library/ and prints without a host', () => {
  const ref = parseReference('docker.io/nginx:1.27');
  assert.equal(ref, { domain: 'docker.io', path: 'library/nginx', tag: '1.27' });
  assert.is(formatReference(ref), 'nginx:1.27');
});

test('index.docker.io/library/NAME is the same Docker Hub repository', () => {
  const ref = parseReference('index.docker.io/library/busybox');
  assert.equal(ref, { domain: 'docker.io', path: 'library/busybox' });
});

test('localhost:5000 alone is the Docker Hub image localhost with tag 5000', () => {
  assert.equal(parseReference('localhost:5000'), {
    domain: 'docker.io',
    path: 'library/localhost',
    tag: '5000',
  });
});

test('an IPv6 host without a port, and one with a port and a digest', () => {
  assert.equal(parseReference('[::1]/app'), { domain: '[::1]', path: 'app' });
  const ref = parseReference(`[fe80::1]:5000/team/app@${D1}`);
  assert.equal(ref, { domain: '[fe80::1]:5000', path: 'team/app', digest: D1 });
  assert.is(registryHost(ref), '[fe80::1]:5000');
  assert.is(withDigest(ref, D2), `[fe80::1]:5000/team/app@${D2}`);
});

test('an IPv6 address without brackets is not a valid host', () => {
  refused('::1:5000/app', /"::1:5000" is not a valid host/);
});

test('a port that is not a number is refused', () => {
  refused('example.com:abc/app', /"example.com:abc" is not a valid host/);
});

test('a tag of 128 characters is accepted, 129 are refused', () => {
  assert.is(parseReference(`app:${'t'.repeat(128)}`).tag, 't'.repeat(128));
  refused(`app:${'t'.repeat(129)}`, /must be 1-128/);
});

test('separators inside a repository component follow the grammar', () => {
  assert.is(parseReference('x/a.b_c__d-e---f').path, 'x/a.b_c__d-e---f');
  refused('a/_b', /"_b" must be lowercase letters and digits/);
  refused('a/b-', /"b-" must be lowercase letters and digits/);
  refused('a/b___c', /"b___c" must be lowercase/);
});

test('an empty path component is refused with its rule', () => {
  refused('ghcr.io/a//b', /a path component is empty/);
  refused('a/b/', /a path component is empty/);
});

test('an empty digest and an unknown digest form are refused', () => {
  refused('nginx@', /digest "" must look like sha256/);
  refused('nginx@sha256', /digest "sha256" must look like sha256/);
});

test('an uppercase host is accepted: host names are not case-sensitive', () => {
  assert.equal(parseReference('Registry.Example.com/app'), {
    domain: 'Registry.Example.com',
    path: 'app',
  });
});

test('a tag and a digest on a registry with a port keep both', () => {
  const ref = parseReference(`localhost:5000/xrun/busybox:multi@${D1}`);
  assert.equal(ref, {
    domain: 'localhost:5000',
    path: 'xrun/busybox',
    tag: 'multi',
    digest: D1,
  });
  assert.is(formatReference(ref), `localhost:5000/xrun/busybox:multi@${D1}`);
});

test.run();
