import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hostName, isPlainHttp, tlsFilesFor } from '../../src/registry/transport.js';

test('loopback registries are spoken to over plain HTTP', () => {
  for (const host of [
    'localhost',
    'localhost:5000',
    '127.0.0.1:5000',
    '127.8.9.10',
    '[::1]:5000',
    '[::1]',
  ]) {
    assert.ok(isPlainHttp(host), host);
  }
});

test('other registries use HTTPS', () => {
  for (const host of [
    'ghcr.io',
    'registry-1.docker.io',
    '10.0.0.5:5000',
    '[fe80::1]:5000',
    'localhost.example',
  ]) {
    assert.not.ok(isPlainHttp(host), host);
  }
});

test('a registry the daemon lists as insecure by name uses plain HTTP', () => {
  assert.ok(isPlainHttp('reg.lan:5000', ['reg.lan:5000']));
  assert.not.ok(isPlainHttp('reg.lan:5001', ['reg.lan:5000']));
});

test('an insecure CIDR covers addresses inside it, IPv4 and IPv6', () => {
  assert.ok(isPlainHttp('10.1.2.3:5000', ['10.0.0.0/8']));
  assert.not.ok(isPlainHttp('11.1.2.3:5000', ['10.0.0.0/8']));
  assert.ok(isPlainHttp('[fd00::5]:5000', ['fd00::/8']));
  assert.not.ok(isPlainHttp('reg.lan', ['10.0.0.0/8', 'bad/cidr']));
});

test('the host name drops the port and the IPv6 brackets', () => {
  assert.is(hostName('Reg.Example:443'), 'reg.example');
  assert.is(hostName('[::1]:5000'), '::1');
});

test("Docker's certs.d folder gives CA files and a client key pair", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'xrun-certs-'));
  try {
    await mkdir(path.join(dir, 'reg.example:5000'));
    await writeFile(path.join(dir, 'reg.example:5000', 'ca.crt'), 'CA');
    await writeFile(path.join(dir, 'reg.example:5000', 'client.cert'), 'CERT');
    await writeFile(path.join(dir, 'reg.example:5000', 'client.key'), 'KEY');
    assert.equal(tlsFilesFor('reg.example:5000', dir), {
      ca: ['CA'],
      cert: 'CERT',
      key: 'KEY',
    });
    assert.is(tlsFilesFor('other.example', dir), undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
