import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  copyImage,
  startBasicRegistry,
  type BasicRegistry,
} from '../helpers/registry-basic.js';
import { authOf, TempConfigs } from '../helpers/registry-config.js';
import { removeImages, xrun } from '../helpers/xrun.js';

const USER = 'ci';
const PASSWORD = `htpw-${Math.random().toString(36).slice(2)}`;
const temp = new TempConfigs();
let registry: BasicRegistry;
let image = '';
let loggedIn = '';

test.before(async () => {
  registry = await startBasicRegistry(USER, PASSWORD);
  await copyImage(
    'xrun/busybox',
    'multi',
    registry.host,
    `Basic ${authOf(USER, PASSWORD)}`,
  );
  image = `${registry.host}/xrun/busybox:multi`;
  loggedIn = temp.config({
    auths: { [registry.host]: { auth: authOf(USER, PASSWORD) } },
  });
});
test.after(async () => {
  await removeImages(registry.host);
  await registry.close();
  temp.cleanUp();
});

/** The digest of the fixture's manifest list on the registry at :5000. */
async function fixtureDigest(): Promise<string> {
  const reply = await fetch('http://127.0.0.1:5000/v2/xrun/busybox/manifests/multi', {
    method: 'HEAD',
    headers: { Accept: 'application/vnd.docker.distribution.manifest.list.v2+json' },
  });
  return reply.headers.get('docker-content-digest') ?? '';
}

test('with auths in DOCKER_CONFIG the Basic-auth registry lists the six platforms', async () => {
  const r = await xrun(['inspect', '--json', image], {
    env: { DOCKER_CONFIG: loggedIn },
  });
  assert.is(r.exitCode, 0, r.stderr);
  const data = JSON.parse(r.stdout) as {
    digest: string;
    platforms: { platform: string; chosen: boolean }[];
  };
  assert.is(data.digest, await fixtureDigest());
  assert.equal(
    data.platforms.map((p) => p.platform),
    [
      'linux/amd64',
      'linux/arm64',
      'linux/arm/v7',
      'linux/386',
      'linux/ppc64le',
      'linux/s390x',
    ],
  );
  assert.equal(
    data.platforms.filter((p) => p.chosen).map((p) => p.platform),
    ['linux/amd64'],
  );
});

test('without credentials the Basic challenge asks for docker login', async () => {
  const r = await xrun(['inspect', image], { env: { DOCKER_CONFIG: temp.config({}) } });
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    `xrun: registry ${registry.host} needs credentials for xrun/busybox: ` +
      `run "docker login ${registry.host}"`,
  );
});

test('a wrong password ends after one retry, naming the refused scope and user', async () => {
  const config = temp.config({
    auths: { [registry.host]: { auth: authOf(USER, 'nope') } },
  });
  const r = await xrun(['inspect', image], { env: { DOCKER_CONFIG: config } });
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    `xrun: registry ${registry.host} refused scope "repository:xrun/busybox:pull" as ci ` +
      'even after authenticating: check that the login may pull xrun/busybox, or run ' +
      `"docker login ${registry.host}" again`,
  );
});

test('credHelpers: docker-credential-xruntest on PATH supplies the login', async () => {
  const bin = temp.helper(
    'xruntest',
    `echo '{"Username":"${USER}","Secret":"${PASSWORD}"}'`,
  );
  const config = temp.config({ credHelpers: { [registry.host]: 'xruntest' } });
  const r = await xrun(['inspect', '--verbose', image], {
    env: { DOCKER_CONFIG: config, PATH: `${bin}:${process.env.PATH}` },
  });
  assert.is(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /^\* linux\/amd64 +37c57bbd3aec {2}native$/m);
  assert.not.ok((r.stdout + r.stderr).includes(PASSWORD));
  assert.not.ok((r.stdout + r.stderr).includes(authOf(USER, PASSWORD)));
});

test('a run pulls the native entry by digest through the login and runs it', async () => {
  const r = await xrun(['--rm', '--network', 'none', '--verbose', image], {
    env: { DOCKER_CONFIG: loggedIn },
  });
  assert.is(r.stdout, 'x86_64');
  assert.is(r.exitCode, 0, r.stderr);
  assert.match(r.stderr, 'using linux/amd64 (native)');
  assert.not.ok(r.stderr.includes(PASSWORD));
  const { stdout } = await execa('docker', [
    'images',
    '--digests',
    '--format',
    '{{.Repository}}@{{.Digest}}',
  ]);
  assert.match(
    stdout,
    `${registry.host}/xrun/busybox@sha256:` +
      '37c57bbd3aec70841a684fe0556ddf612c6c0bf56e6de618d9bd00e7bc8da382',
  );
});

test.run();
