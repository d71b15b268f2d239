import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { recordFault } from '../helpers/figures.js';
import { BUSYBOX, xrun } from '../helpers/xrun.js';

const IMAGE = `${BUSYBOX}:amd64`;
const INFO = JSON.stringify({ OSType: 'linux', Architecture: 'x86_64' });

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A unix socket answering as `handler` says; counts the requests it saw. */
async function fakeDaemon(handler: Handler | net.Server) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xrun-fake-daemon-'));
  const socket = path.join(dir, 'docker.sock');
  const paths: string[] = [];
  const server =
    handler instanceof net.Server
      ? handler
      : http.createServer((req, res) => {
          paths.push(req.url ?? '');
          handler(req, res);
        });
  const connections = new Set<net.Socket>();
  server.on('connection', (c: net.Socket) => connections.add(c));
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    env: { DOCKER_HOST: `unix://${socket}` },
    socket,
    paths,
    async close() {
      for (const c of connections) c.destroy();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs fn with a fake daemon, which is closed afterwards whatever happens. */
async function withFakeDaemon(
  handler: Handler | net.Server,
  fn: (daemon: FakeDaemon) => Promise<void>,
): Promise<void> {
  const daemon = await fakeDaemon(handler);
  try {
    await fn(daemon);
  } finally {
    await daemon.close();
  }
}

type FakeDaemon = Awaited<ReturnType<typeof fakeDaemon>>;

/** Answers /info with `info` (a daemon's, by default), and /images/... with `images`. */
const infoThen =
  (images: Handler, info = INFO): Handler =>
  (req, res) => {
    if (req.url?.endsWith('/info')) return void res.end(info);
    images(req, res);
  };

/** xrun against a fake daemon; a run still going after 5 s counts as hanging. */
async function against(daemon: FakeDaemon, args: string[]) {
  return xrun(args, { env: daemon.env, timeout: 5_000 });
}

test('a malformed reference is refused before the daemon is asked', async () => {
  await withFakeDaemon(
    () => undefined,
    async (daemon) => {
      for (const [image, why] of [
        [':tag', 'invalid image reference ":tag"'],
        ['', 'invalid image reference "": it is empty'],
      ] as const) {
        const r = await against(daemon, ['--rm', image]);
        assert.is(r.exitCode, 125);
        assert.match(r.stderr, `xrun: ${why}`);
        assert.is(r.stderr.split('\n').length, 1);
      }
      assert.equal(daemon.paths, []);
    },
  );
  recordFault('engine: malformed reference with a daemon that never answers');
});

test('a failure while another request is still out ends xrun at once', async () => {
  // /info fails; /images never answers: xrun must not wait for it.
  await withFakeDaemon(
    (req, res) => {
      if (req.url?.endsWith('/info')) {
        res.statusCode = 500;
        res.end(JSON.stringify({ message: 'boom!' }));
      }
    },
    async (daemon) => {
      const r = await against(daemon, ['--rm', IMAGE]);
      assert.is(r.exitCode, 125);
      assert.is(
        r.stderr,
        'xrun: the Docker daemon failed to answer /info (HTTP 500): boom!',
      );
      assert.ok(daemon.paths.some((p) => p.startsWith('/images/')));
    },
  );
  recordFault('engine: an error from the daemon while another request hangs');
});

test('an image answer that is not JSON is one line, for a run and for inspect', async () => {
  await withFakeDaemon(
    infoThen((_req, res) => res.end('<html>not json')),
    async (daemon) => {
      for (const args of [
        ['--rm', IMAGE],
        ['inspect', IMAGE],
      ]) {
        const r = await against(daemon, args);
        assert.is(r.exitCode, 125);
        assert.is(
          r.stderr,
          `xrun: the Docker daemon's answer about the local image ${IMAGE} is not JSON: ` +
            'check that DOCKER_HOST names a Docker daemon',
        );
      }
    },
  );
  recordFault('engine: an image answer that is not JSON');
});

test('an /info answer that is not JSON names the socket, not a command', async () => {
  await withFakeDaemon(
    (_req, res) => res.end('{"OSType":'),
    async (daemon) => {
      const r = await against(daemon, ['--rm', IMAGE]);
      assert.is(r.exitCode, 125);
      assert.is(
        r.stderr,
        `xrun: unix://${daemon.socket} answered /info with something that is not JSON: ` +
          'check that DOCKER_HOST names a Docker daemon',
      );
    },
  );
  recordFault('engine: an /info answer that is not JSON');
});

test('a socket that does not speak HTTP is one line', async () => {
  const server = net.createServer((c) => c.end('HELLO THERE\r\n\r\n'));
  await withFakeDaemon(server, async (daemon) => {
    const r = await against(daemon, ['--rm', IMAGE]);
    assert.is(r.exitCode, 125);
    assert.match(
      r.stderr,
      new RegExp(
        `^xrun: unix://${daemon.socket} does not answer as a Docker daemon ` +
          '\\(HPE_[A-Z_]+\\): check that DOCKER_HOST names a Docker daemon$',
      ),
    );
  });
  recordFault('engine: a socket that does not speak HTTP');
});

test('a daemon that closes the connection without answering is one line', async () => {
  const server = net.createServer((c) => c.once('data', () => c.destroy()));
  await withFakeDaemon(server, async (daemon) => {
    const r = await against(daemon, ['--rm', IMAGE]);
    assert.is(r.exitCode, 125);
    assert.match(
      r.stderr,
      new RegExp(
        `^xrun: the Docker daemon at unix://${daemon.socket} closed the connection ` +
          'before answering /(info|images/\\S+): check that DOCKER_HOST names a Docker daemon$',
      ),
    );
  });
  recordFault('engine: a daemon that closes the connection');
});

test('a daemon that refuses (401, 403, 404) is one line, not an answer', async () => {
  for (const status of [401, 403, 404]) {
    await withFakeDaemon(
      (_req, res) => {
        res.statusCode = status;
        res.end(JSON.stringify({ message: 'forbidden by proxy' }));
      },
      async (daemon) => {
        const r = await against(daemon, ['--dry-run', IMAGE]);
        assert.is(r.exitCode, 125);
        assert.is(
          r.stderr,
          `xrun: the Docker daemon refused /info (HTTP ${status}): forbidden by proxy`,
        );
        assert.is(r.stdout, '');
      },
    );
  }
  recordFault('engine: a daemon (or proxy) that refuses');
});

test('an /info of the wrong shape or types says the daemon gave no architecture', async () => {
  for (const body of ['[1,2]', '{"OSType":null,"Architecture":42}', '{}']) {
    await withFakeDaemon(
      (_req, res) => res.end(body),
      async (daemon) => {
        const r = await against(daemon, ['--dry-run', IMAGE]);
        assert.is(r.exitCode, 125, body);
        assert.is(
          r.stderr,
          "xrun: the Docker daemon's answer to /info does not say its architecture: " +
            'check that DOCKER_HOST names a Docker daemon',
        );
      },
    );
  }
  recordFault('engine: an /info of the wrong shape');
});

test('image fields of the wrong types count as absent, not as a crash', async () => {
  const image = JSON.stringify({
    Id: 7,
    Os: {},
    Architecture: 'amd64',
    RepoDigests: [1],
  });
  await withFakeDaemon(
    infoThen((_req, res) => res.end(image)),
    async (daemon) => {
      const r = await against(daemon, ['--dry-run', IMAGE]);
      assert.is(r.exitCode, 0, r.stderr);
      assert.is(r.stdout, `docker run ${IMAGE}`);
    },
  );
  recordFault('engine: image fields of the wrong types');
});

test("a daemon's message is one line with its control characters shown, not sent", async () => {
  await withFakeDaemon(
    (_req, res) => {
      res.statusCode = 500;
      res.end(
        JSON.stringify({
          message: 'boom\nsecond line \u001b]0;PWNED\u0007\u001b[31mred',
        }),
      );
    },
    async (daemon) => {
      const r = await against(daemon, ['--rm', IMAGE]);
      assert.is(r.exitCode, 125);
      assert.is(
        r.stderr,
        'xrun: the Docker daemon failed to answer /info (HTTP 500): boom second line ' +
          '\\x1b]0;PWNED\\x07\\x1b[31mred',
      );
    },
  );
  recordFault('engine: a daemon message with line breaks and escape sequences');
});

test('a platform with escape sequences is printed escaped', async () => {
  const info = JSON.stringify({ OSType: 'linux', Architecture: '\u001b[2Jevil' });
  const image = JSON.stringify({ Id: 'x', Os: 'linux', Architecture: 'amd64' });
  await withFakeDaemon(
    infoThen((_req, res) => res.end(image), info),
    async (daemon) => {
      const r = await against(daemon, ['--verbose', '--dry-run', IMAGE]);
      assert.not.match(r.stderr + r.stdout, '\u001b');
      assert.match(r.stderr, 'linux/\\x1b[2jevil');
    },
  );
  recordFault('engine: a platform with escape sequences');
});

test.run();
