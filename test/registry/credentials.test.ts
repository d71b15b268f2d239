import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  dockerConfigDir,
  findCredentials,
  fromAuthEntry,
  keyMatches,
} from '../../src/registry/credentials.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const dirs: string[] = [];

/** A fresh DOCKER_CONFIG folder holding this config.json. */
async function configDir(config: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'xrun-creds-'));
  dirs.push(dir);
  await writeFile(path.join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

/** A docker-credential-NAME program in a folder put first on PATH. */
async function helper(name: string, script: string): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'xrun-helper-'));
  dirs.push(dir);
  const file = path.join(dir, `docker-credential-${name}`);
  await writeFile(file, `#!/bin/sh\n${script}\n`);
  await chmod(file, 0o755);
  process.env.PATH = `${dir}:${process.env.PATH}`;
}

const PATH = process.env.PATH;
test.after.each(() => {
  process.env.PATH = PATH;
});
test.after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

test('DOCKER_CONFIG wins over ~/.docker', () => {
  assert.is(dockerConfigDir({ DOCKER_CONFIG: '/tmp/cfg' }), '/tmp/cfg');
  assert.is(dockerConfigDir({}), path.join(os.homedir(), '.docker'));
});

test('an auths entry in base64 gives user and password', async () => {
  const dir = await configDir({
    auths: { 'reg.example:5000': { auth: b64('ci:s3cret:x') } },
  });
  assert.equal(await findCredentials('reg.example:5000', dir), {
    username: 'ci',
    secret: 's3cret:x',
  });
});

test('auths keys written as URLs match the registry host', async () => {
  const dir = await configDir({
    auths: { 'https://ghcr.io/v2/': { auth: b64('me:tok') } },
  });
  assert.equal(await findCredentials('ghcr.io', dir), { username: 'me', secret: 'tok' });
});

test('Docker Hub credentials are found under https://index.docker.io/v1/', async () => {
  const dir = await configDir({
    auths: { 'https://index.docker.io/v1/': { auth: b64('hubuser:hubpass') } },
  });
  assert.equal(await findCredentials('docker.io', dir), {
    username: 'hubuser',
    secret: 'hubpass',
  });
});

test('an identity token is kept as one, not as a password', async () => {
  const dir = await configDir({
    auths: { 'reg.example': { auth: b64('me:'), identitytoken: 'refresh-123' } },
  });
  assert.equal(await findCredentials('reg.example', dir), {
    username: 'me',
    secret: 'refresh-123',
    identityToken: true,
  });
});

test('no config file, no entry, or an empty entry mean no credentials', async () => {
  assert.is(await findCredentials('reg.example', '/nonexistent/xrun'), undefined);
  const dir = await configDir({ auths: { 'other.example': { auth: b64('a:b') } } });
  assert.is(await findCredentials('reg.example', dir), undefined);
  assert.is(fromAuthEntry({}), undefined);
});

test('credHelpers runs docker-credential-NAME get with the registry host', async () => {
  await helper(
    'xrunone',
    'read server; echo "{\\"ServerURL\\":\\"$server\\",\\"Username\\":\\"u-$server\\",' +
      '\\"Secret\\":\\"p\\"}"',
  );
  const dir = await configDir({ credHelpers: { 'reg.example:5000': 'xrunone' } });
  assert.equal(await findCredentials('reg.example:5000', dir), {
    username: 'u-reg.example:5000',
    secret: 'p',
  });
});

test('a helper answering <token> gives an identity token', async () => {
  await helper('xruntwo', 'echo \'{"Username":"<token>","Secret":"refresh-9"}\'');
  const dir = await configDir({ credHelpers: { 'reg.example': 'xruntwo' } });
  assert.equal(await findCredentials('reg.example', dir), {
    username: '',
    secret: 'refresh-9',
    identityToken: true,
  });
});

test('credsStore is asked before auths; when it has nothing, auths still count', async () => {
  await helper('xrunthree', 'echo "credentials not found in native keychain"; exit 1');
  const dir = await configDir({
    credsStore: 'xrunthree',
    auths: { 'reg.example': { auth: b64('file:pass') } },
  });
  assert.equal(await findCredentials('reg.example', dir), {
    username: 'file',
    secret: 'pass',
  });
});

test('a credsStore program that is not installed means no credentials', async () => {
  const dir = await configDir({ credsStore: 'xrun-not-installed' });
  assert.is(await findCredentials('reg.example', dir), undefined);
});

test('config keys match by host name, Docker Hub by its three names', () => {
  assert.ok(keyMatches('http://localhost:5000', 'localhost:5000'));
  assert.ok(keyMatches('docker.io', 'docker.io'));
  assert.ok(keyMatches('registry-1.docker.io', 'docker.io'));
  assert.not.ok(keyMatches('ghcr.io', 'docker.io'));
  assert.not.ok(keyMatches('localhost:5001', 'localhost:5000'));
});

test.run();
