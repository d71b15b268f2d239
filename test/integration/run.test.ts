import { createServer, type Server } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { recordFault } from '../helpers/figures.js';
import { readElf } from '../../src/emulation/elf.js';
import { handlersFor, withoutHandlers } from '../helpers/binfmt.js';
import { BUSYBOX, removeImages, xrun } from '../helpers/xrun.js';

const FOREIGN = ['arm64', 's390x', 'ppc64le'];

test.before(() => removeImages());
test.after(() => removeImages());

test('a multi-platform image runs its native amd64 entry and registers nothing', async () => {
  await withoutHandlers(FOREIGN, async () => {
    const r = await xrun(['--rm', `${BUSYBOX}:multi`]);
    assert.is(r.stdout, 'x86_64');
    assert.is(r.exitCode, 0);
    assert.match(r.stderr, 'using linux/amd64 (native)');
    assert.equal(await handlersFor(FOREIGN), []);
  });
});

test('without a handler and without a terminal, a foreign platform stops with 125', async () => {
  await withoutHandlers(['s390x'], async () => {
    const r = await xrun(['--rm', '--platform', 'linux/s390x', `${BUSYBOX}:multi`]);
    assert.is(r.exitCode, 125);
    assert.is(r.stdout, '');
    assert.match(r.stderr, 'linux/s390x needs emulation');
    assert.match(r.stderr, '--emulate');
    assert.is(r.stderr.trim().split('\n').length, 1);
    assert.equal(await handlersFor(['s390x']), []);
  });
});

test('--emulate registers a static qemu-s390x handler with F and runs s390x', async () => {
  await withoutHandlers(['s390x'], async () => {
    const r = await xrun([
      '--rm',
      '--emulate',
      '--platform',
      'linux/s390x',
      `${BUSYBOX}:multi`,
    ]);
    assert.is(r.stdout, 's390x');
    assert.is(r.exitCode, 0);
    const [entry, ...more] = await handlersFor(['s390x']);
    assert.is(more.length, 0);
    assert.ok(entry);
    assert.is(entry.name, 'qemu-s390x');
    assert.is(entry.flags, 'POCF');
    assert.is(entry.interpreter, '/usr/libexec/qemu-binfmt/s390x-binfmt-P');
    assert.is(entry.magic?.toString('hex'), '7f454c4602020100000000000000000000020016');
    assert.is(entry.mask?.toString('hex'), 'fffffffffffffffcfffffffffffffffffffeffff');
    assert.is((await readElf(entry.interpreter)).interpreter, undefined);
  });
});

test('--emulate on an index without amd64 prefers arm64', async () => {
  await withoutHandlers(FOREIGN, async () => {
    const r = await xrun(['--rm', '--emulate', `${BUSYBOX}:no-amd64`]);
    assert.is(r.stdout, 'aarch64');
    assert.is(r.exitCode, 0);
    assert.match(r.stderr, 'running linux/arm64 under qemu-aarch64');
    const names = (await handlersFor(FOREIGN)).map((e) => e.name);
    assert.equal(names, ['qemu-aarch64']);
  });
});

test('a working handler is preferred over a registration', async () => {
  await withoutHandlers(FOREIGN, async () => {
    await xrun(['emulate', 'linux/ppc64le']);
    const r = await xrun(['--rm', '--emulate', `${BUSYBOX}:no-amd64`]);
    assert.is(r.stdout, 'ppc64le');
    assert.equal(
      (await handlersFor(FOREIGN)).map((e) => e.name),
      ['qemu-ppc64le'],
    );
  });
});

test("the container's exit code becomes xrun's", async () => {
  const r = await xrun(['--rm', `${BUSYBOX}:multi`, 'sh', '-c', 'exit 3']);
  assert.is(r.exitCode, 3);
});

test('a command that does not exist in the image exits 127', async () => {
  const r = await xrun(['--rm', `${BUSYBOX}:multi`, 'no-such-command']);
  assert.is(r.exitCode, 127);
});

test('piped input reaches the container with -i', async () => {
  const r = await xrun(['--rm', '-i', `${BUSYBOX}:multi`, 'cat'], {
    stdin: undefined,
    input: 'hi\n',
  });
  assert.is(r.stdout, 'hi');
  assert.is(r.exitCode, 0);
});

test('an unknown architecture in --platform is one line and 125', async () => {
  const r = await xrun(['--rm', '--platform', 'linux/sparc99', `${BUSYBOX}:multi`]);
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    'xrun: unknown architecture "sparc99" in platform "linux/sparc99": use one of 386, amd64, arm, arm64, ppc64le, s390x, riscv64, mips64le, loong64',
  );
});

test('a malformed reference is one line and 125', async () => {
  const r = await xrun(['--rm', 'localhost:5000/Xrun/BusyBox:multi']);
  assert.is(r.exitCode, 125);
  assert.match(
    r.stderr,
    /^xrun: invalid image reference "localhost:5000\/Xrun\/BusyBox:multi": "Xrun" must be lowercase/,
  );
  assert.is(r.stderr.split('\n').length, 1);
});

test('a registry that refuses connections is one line and 125', async () => {
  const r = await xrun(['--rm', 'localhost:5999/xrun/busybox:multi']);
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    'xrun: registry localhost:5999 refused the connection: is it running and is the address right?',
  );
  recordFault('registry: connection refused');
});

test('a registry that never answers hits the time limit: one line and 125', async () => {
  const silent: Server = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as { port: number }).port;
  try {
    const r = await xrun(['--rm', `127.0.0.1:${port}/xrun/busybox:multi`], {
      env: { XRUN_REGISTRY_TIMEOUT_MS: '500' },
    });
    assert.is(r.exitCode, 125);
    assert.is(
      r.stderr,
      `xrun: registry 127.0.0.1:${port} did not answer within 500 ms: check that the ` +
        'address is a registry, or allow more time with XRUN_REGISTRY_TIMEOUT_MS',
    );
  } finally {
    silent.close();
  }
  recordFault('registry: no answer (time limit)');
});

test('a daemon that is down is one line and 125', async () => {
  const r = await xrun(['--rm', `${BUSYBOX}:multi`], {
    env: { DOCKER_HOST: 'unix:///tmp/xrun-no-daemon.sock' },
  });
  assert.is(r.exitCode, 125);
  assert.match(
    r.stderr,
    /^xrun: the Docker daemon is not reachable \(.*xrun-no-daemon\.sock.*\): start it/,
  );
  assert.is(r.stderr.split('\n').length, 1);
  recordFault('engine: daemon down');
});

test('an empty part in --platform is one line and 125, no stack trace', async () => {
  const r = await xrun(['--rm', '--platform', 'linux/', `${BUSYBOX}:multi`]);
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    'xrun: invalid platform "linux/": write it as os/arch[/variant], e.g. linux/arm64',
  );
});

test.run();
