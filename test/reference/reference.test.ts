import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  familiarName,
  formatReference,
  manifestRef,
  parseReference,
  registryHost,
  withDigest,
} from '../../src/reference/reference.js';
import { D1, D2, refused } from '../helpers/references.js';

test('a bare name is a Docker Hub official image at latest', () => {
  const ref = parseReference('nginx');
  assert.equal(ref, { domain: 'docker.io', path: 'library/nginx' });
  assert.is(manifestRef(ref), 'latest');
  assert.is(registryHost(ref), 'registry-1.docker.io');
  assert.is(familiarName(ref), 'nginx');
  assert.is(formatReference(ref), 'nginx');
});

test('B38: mariadb goes to registry-1.docker.io as library/mariadb', () => {
  const ref = parseReference('mariadb');
  assert.is(registryHost(ref), 'registry-1.docker.io');
  assert.is(ref.path, 'library/mariadb');
});

test('B38: docker.io, index.docker.io and registry.hub.docker.com all mean Docker Hub', () => {
  for (const host of ['docker.io', 'index.docker.io', 'registry.hub.docker.com']) {
    const ref = parseReference(`${host}/mariadb`);
    assert.equal(ref, { domain: 'docker.io', path: 'library/mariadb' }, host);
    assert.is(registryHost(ref), 'registry-1.docker.io');
  }
});

test('a user repository on Docker Hub keeps its namespace', () => {
  const ref = parseReference('bitnami/redis:7.2');
  assert.equal(ref, { domain: 'docker.io', path: 'bitnami/redis', tag: '7.2' });
  assert.is(formatReference(ref), 'bitnami/redis:7.2');
});

test('B24: an arch-prefixed repository is a Docker Hub namespace, not a host', () => {
  const ref = parseReference('s390x/alpine');
  assert.equal(ref, { domain: 'docker.io', path: 's390x/alpine' });
  assert.is(familiarName(ref), 's390x/alpine');
});

test('a first part with a port is a registry host', () => {
  const ref = parseReference('localhost:5000/xrun/busybox:multi');
  assert.equal(ref, { domain: 'localhost:5000', path: 'xrun/busybox', tag: 'multi' });
  assert.is(registryHost(ref), 'localhost:5000');
  assert.is(familiarName(ref), 'localhost:5000/xrun/busybox');
});

test('localhost alone as the first part is a registry host', () => {
  assert.equal(parseReference('localhost/tools'), { domain: 'localhost', path: 'tools' });
});

test('a first part with a dot is a registry host', () => {
  const ref = parseReference('ghcr.io/owner/tool');
  assert.equal(ref, { domain: 'ghcr.io', path: 'owner/tool' });
  assert.is(formatReference(ref), 'ghcr.io/owner/tool');
});

test('an IPv6 host in brackets with a port is a registry host', () => {
  const ref = parseReference('[::1]:5000/app:1');
  assert.equal(ref, { domain: '[::1]:5000', path: 'app', tag: '1' });
});

test('a digest reference asks the registry for the digest', () => {
  const ref = parseReference(`alpine@${D1}`);
  assert.equal(ref, { domain: 'docker.io', path: 'library/alpine', digest: D1 });
  assert.is(manifestRef(ref), D1);
  assert.is(formatReference(ref), `alpine@${D1}`);
});

test('a tag and a digest together are both kept, the digest wins', () => {
  const ref = parseReference(`redis:7@${D1}`);
  assert.is(ref.tag, '7');
  assert.is(manifestRef(ref), D1);
  assert.is(formatReference(ref), `redis:7@${D1}`);
});

test('withDigest pins the repository to one entry without its tag', () => {
  assert.is(withDigest(parseReference('alpine:3.20'), D2), `alpine@${D2}`);
  assert.is(
    withDigest(parseReference('localhost:5000/xrun/busybox:multi'), D2),
    `localhost:5000/xrun/busybox@${D2}`,
  );
});

test('an empty reference is refused', () => {
  refused('', /it is empty/);
});

test('uppercase repository names are refused', () => {
  refused('library/NGINX', /"NGINX" must be lowercase/);
});

test('an empty tag and a bad tag are refused', () => {
  refused('nginx:', /tag "" must be 1-128/);
  refused('nginx:-dash', /tag "-dash"/);
});

test('a short or uppercase sha256 digest is refused', () => {
  refused('nginx@sha256:abc', /digest "sha256:abc" must look like sha256/);
  refused(`nginx@sha256:${'A'.repeat(64)}`, /exactly 64 lowercase hex digits/);
});

test('an empty repository after a host is refused', () => {
  refused('ghcr.io/', /the repository name is empty/);
});

test('a name longer than 255 characters with docker.io/library/ is refused', () => {
  refused(`${'a'.repeat(250)}/b`, /the full name exceeds 255 characters/);
});

test('a full name of exactly 255 characters is accepted', () => {
  const name = `${'a'.repeat(200)}/${'b'.repeat(44)}`;
  assert.is(`docker.io/${name}`.length, 255);
  assert.is(parseReference(name).path, name);
  refused(`${name}b`, /the full name exceeds 255 characters/);
});

test('names print so that they parse back to the same repository', () => {
  const cases: [string, string][] = [
    ['docker.io/library/team/app:1', 'library/team/app:1'],
    ['docker.io/a.b/app', 'docker.io/a.b/app'],
    ['docker.io/localhost/app', 'docker.io/localhost/app'],
    ['library/nginx', 'nginx'],
  ];
  for (const [text, printed] of cases) {
    const ref = parseReference(text);
    assert.is(formatReference(ref), printed, text);
    assert.equal(parseReference(printed), ref, text);
  }
});

test.run();
