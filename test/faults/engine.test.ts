import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { recordFault } from '../helpers/figures.js';
import { PrivateDaemon } from '../helpers/private-daemon.js';
import { slowRegistry } from '../helpers/slow-registry.js';
import { BUSYBOX, XRUN, xrun } from '../helpers/xrun.js';

const AMD64 = 'sha256:37c57bbd3aec70841a684fe0556ddf612c6c0bf56e6de618d9bd00e7bc8da382';
let daemon: PrivateDaemon;

test.before(async () => {
  daemon = await PrivateDaemon.start();
});

test.after(async () => {
  await daemon.stop();
});

/** Starts xrun against the private daemon and a registry front that holds blobs back. */
async function slowPull() {
  const registry = await slowRegistry(4_000);
  const image = `${registry.host}/xrun/busybox:multi`;
  const child = execa(process.execPath, [XRUN, '--rm', image], {
    env: { DOCKER_HOST: daemon.host },
    reject: false,
    stdin: 'ignore',
  });
  for (let i = 0; i < 200 && registry.blobRequests() === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.ok(registry.blobRequests() > 0, 'the pull never reached the blobs');
  return { registry, child, pinned: `${registry.host}/xrun/busybox@${AMD64}` };
}

/** Nothing of the interrupted pull is left: no image, no container, no docker process. */
async function assertNothingLeft(pinned: string): Promise<void> {
  assert.is((await daemon.docker(['image', 'inspect', pinned])).exitCode, 1);
  assert.is((await daemon.docker(['ps', '-aq'])).stdout, '');
  const strays = await execa('pgrep', ['-f', `pull --platform linux/amd64 ${pinned}`], {
    reject: false,
  });
  assert.is(strays.stdout, '');
}

test('Ctrl-C during the pull stops it: exit 130, one line, nothing left behind', async () => {
  const { registry, child, pinned } = await slowPull();
  child.kill('SIGINT');
  const result = await child;
  await registry.close();
  assert.is(result.exitCode, 130);
  assert.is(
    String(result.stderr).split('\n').at(-1),
    `xrun: stopped by SIGINT during the pull of ${pinned}; nothing was changed`,
  );
  await assertNothingLeft(pinned);
  recordFault('engine: SIGINT during a pull');
});

test('a daemon restarted during the pull ends xrun with 125 and one line', async () => {
  const { registry, child, pinned } = await slowPull();
  await daemon.down();
  await daemon.up();
  const result = await child;
  await registry.close();
  assert.is(result.exitCode, 125);
  const last = String(result.stderr).split('\n').at(-1) ?? '';
  assert.match(last, `xrun: failed to pull linux/amd64 of ${pinned}: `);
  await assertNothingLeft(pinned);
  recordFault('engine: daemon restarted during a pull');
});

test('no permission on the daemon socket is one line and 125', async () => {
  const r = await execa(
    'setpriv',
    ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, XRUN, BUSYBOX],
    { reject: false, stdin: 'ignore', env: { HOME: '/nonexistent' } },
  );
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    'xrun: no permission to talk to the Docker daemon (permission denied while connecting ' +
      'to unix:///var/run/docker.sock): add yourself to the docker group or run with sudo',
  );
  recordFault('engine: socket permission denied');
});

test('docker not installed is one line and 125', async () => {
  const r = await xrun(['--rm', `${BUSYBOX}:amd64`], { env: { PATH: '/nonexistent' } });
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    'xrun: "docker" is not installed or not on PATH: install Docker ' +
      '(Debian: apt-get install docker.io) or Podman, then try again',
  );
  recordFault('engine: docker not installed');
});

test.run();
