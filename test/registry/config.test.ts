import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { contradicts, readConfig } from '../../src/registry/config.js';

const config = (doc: unknown) => readConfig(Buffer.from(JSON.stringify(doc)), 'test');

test('a config that agrees with its entry does not contradict it', () => {
  const c = config({ os: 'linux', architecture: 'arm64', variant: 'v8' });
  assert.not.ok(contradicts({ os: 'linux', architecture: 'arm64' }, c));
});

test('another architecture contradicts the entry', () => {
  const c = config({ os: 'linux', architecture: 'amd64' });
  assert.ok(contradicts({ os: 'linux', architecture: 'arm64' }, c));
});

test('a config without a variant does not contradict an arm/v6 entry', () => {
  const c = config({ os: 'linux', architecture: 'arm' });
  assert.equal(c, { platform: { os: 'linux', architecture: 'arm', variant: 'v7' } });
  assert.not.ok(contradicts({ os: 'linux', architecture: 'arm', variant: 'v6' }, c));
});

test('a config with another variant contradicts the entry', () => {
  const c = config({ os: 'linux', architecture: 'arm', variant: 'v7' });
  assert.ok(contradicts({ os: 'linux', architecture: 'arm', variant: 'v6' }, c));
});

test('a config spelled the uname way still agrees: x86_64 is amd64', () => {
  const c = config({ os: 'linux', architecture: 'x86_64' });
  assert.not.ok(contradicts({ os: 'linux', architecture: 'amd64' }, c));
});

test('a config that is not JSON is refused naming its source', () => {
  assert.throws(
    () => readConfig(Buffer.from('{'), 'reg/app config'),
    /^malformed image config from reg\/app config: it is not valid JSON$/,
  );
});

test.run();
