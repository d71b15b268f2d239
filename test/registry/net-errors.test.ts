import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../../src/errors.js';
import {
  asNetError,
  describeNetError,
  formatBytes,
} from '../../src/registry/net-errors.js';

const errno = (code: string, message = code) =>
  Object.assign(new Error(message), { code });

test('DNS failures name DNS and what to check', () => {
  assert.is(
    asNetError('no-such.example', errno('ENOTFOUND')).message,
    'registry no-such.example could not be found (DNS): check the registry name',
  );
  assert.is(
    asNetError('reg.example', errno('EAI_AGAIN')).message,
    'registry reg.example could not be looked up (DNS): check the network',
  );
});

test('an untrusted certificate says where the CA goes', () => {
  assert.is(
    describeNetError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
    'presented a certificate this machine does not trust (DEPTH_ZERO_SELF_SIGNED_CERT): ' +
      "put its CA in /etc/docker/certs.d/HOST/ca.crt or list it in the daemon's " +
      '"insecure-registries"',
  );
});

test('a TLS handshake with a plain HTTP server suggests insecure-registries', () => {
  assert.is(
    describeNetError('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'),
    'failed the TLS handshake (ERR_SSL_WRONG_VERSION_NUMBER): if it serves plain HTTP, ' +
      'list it in the daemon\'s "insecure-registries"',
  );
});

test('an unknown failure keeps only the first line of its message', () => {
  assert.is(describeNetError('EWHAT', 'odd\nsecond line'), 'failed: odd');
});

test('a user error passes through unchanged', () => {
  const error = new UserError('already worded');
  assert.is(asNetError('h', error), error);
});

test('limits are printed as people read them', () => {
  assert.is(formatBytes(4 * 1024 * 1024), '4 MiB');
  assert.is(formatBytes(1 << 20), '1 MiB');
  assert.is(formatBytes(512 * 1024), '512 KiB');
  assert.is(formatBytes(100), '100 bytes');
});

test.run();
