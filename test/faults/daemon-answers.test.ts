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

/** Answers /info as a daemon would, and /images/... with `images`. */
const infoThen =
  (images: Handler): Handler =>
  (req, res) => {
    if (req.url?.endsWith('/info')) return void res.end(INFO);
    images(req, res);
  };

/** xrun against a fake daemon; a run still going after 5 s counts as hanging. */
async function against(daemon: Awaited<ReturnType<typeof fakeDaemon>>, args: string[]) {
  return xrun(args, { env: daemon.env, timeout: 5_000 });
}

test('a malformed reference is refused before the daemon is asked', async () => {
  const daemon = await fakeDaemon(() => undefined);
  try {
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
  } finally {
    await daemon.close();
  }
  recordFault('engine: malformed reference with a daemon that never answers');
});

test('a failure while another request is still out ends xrun at once', async () => {
  // /info fails; /images never answers: xrun must not wait for it.
  const daemon = await fakeDaemon((req, res) => {
    if (req.url?.endsWith('/info')) {
      res.statusCode = 500;
      res.end(JSON.stringify({ message: 'boom!' }));
    }
  });
  try {
    const r = await against(daemon, ['--rm', IMAGE]);
    assert.is(r.exitCode, 125);
    assert.is(
      r.stderr,
      'xrun: the Docker daemon failed to answer /info (HTTP 500): boom!',
    );
    assert.ok(daemon.paths.some((p) => p.startsWith('/images/')));
  } finally {
    await daemon.close();
  }
  recordFault('engine: an error from the daemon while another request hangs');
});

test('an image answer that is not JSON is one line, for a run and for inspect', async () => {
  const daemon = await fakeDaemon(infoThen((_req, res) => res.end('<html>not json')));
  try {
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
  } finally {
    await daemon.close();
  }
  recordFault('engine: an image answer that is not JSON');
});

test('an /info answer that is not JSON names the socket, not a command', async () => {
  const daemon = await fakeDaemon((_req, res) => res.end('{"OSType":'));
  try {
    const r = await against(daemon, ['--rm', IMAGE]);
    assert.is(r.exitCode, 125);
    assert.is(
      r.stderr,
      `xrun: unix://${daemon.socket} answered /info with something that is not JSON: ` +
        'check that DOCKER_HOST names a Docker daemon',
    );
  } finally {
    await daemon.close();
  }
  recordFault('engine: an /info answer that is not JSON');
});

test('a socket that does not speak HTTP is one line', async () => {
  const server = net.createServer((c) => c.end('HELLO THERE\r\n\r\n'));
  const daemon = await fakeDaemon(server);
  try {
    const r = await against(daemon, ['--rm', IMAGE]);
    assert.is(r.exitCode, 125);
    assert.match(
      r.stderr,
      new RegExp(
        `^xrun: unix://${daemon.socket} does not answer as a Docker daemon ` +
          '\\(HPE_[A-Z_]+\\): check that DOCKER_HOST names a Docker daemon$',
      ),
    );
  } finally {
    await daemon.close();
  }
  recordFault('engine: a socket that does not speak HTTP');
});

test('a daemon that closes the connection without answering is one line', async () => {
  const server = net.createServer((c) => c.once('data', () => c.destroy()));
  const daemon = await fakeDaemon(server);
  try {
    const r = await against(daemon, ['--rm', IMAGE]);
    assert.is(r.exitCode, 125);
    assert.match(
      r.stderr,
      new RegExp(
        `^xrun: the Docker daemon at unix://${daemon.socket} closed the connection ` +
          'before answering /(info|images/\\S+): check that DOCKER_HOST names a Docker daemon$',
      ),
    );
  } finally {
    await daemon.close();
  }
  recordFault('engine: a daemon that closes the connection');
});

test('a daemon that refuses (401, 403, 404) is one line, not an answer', async () => {
  for (const status of [401, 403, 404]) {
    const daemon = await fakeDaemon((_req, res) => {
      res.statusCode = status;
      res.end(JSON.stringify({ message: 'forbidden by proxy' }));
    });
    try {
      const r = await against(daemon, ['--dry-run', IMAGE]);
      assert.is(r.exitCode, 125);
      assert.is(
        r.stderr,
        `xrun: the Docker daemon refused /info (HTTP ${status}): forbidden by proxy`,
      );
      assert.is(r.stdout, '');
    } finally {
      await daemon.close();
    }
  }
  recordFault('engine: a daemon (or proxy) that refuses');
});

test('an /info of the wrong shape or types says the daemon gave no architecture', async () => {
  for (const body of ['[1,2]', '{"OSType":null,"Architecture":42}', '{}']) {
    const daemon = await fakeDaemon((_req, res) => res.end(body));
    try {
      const r = await against(daemon, ['--dry-run', IMAGE]);
      assert.is(r.exitCode, 125, body);
      assert.is(
        r.stderr,
        "xrun: the Docker daemon's answer to /info does not say its architecture: " +
          'check that DOCKER_HOST names a Docker daemon',
      );
    } finally {
      await daemon.close();
    }
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
  const daemon = await fakeDaemon(infoThen((_req, res) => res.end(image)));
  try {
    const r = await against(daemon, ['--dry-run', IMAGE]);
    assert.is(r.exitCode, 0, r.stderr);
    assert.is(r.stdout, `docker run ${IMAGE}`);
  } finally {
    await daemon.close();
  }
  recordFault('engine: image fields of the wrong types');
});

test("a daemon's message is one line with its control characters shown, not sent", async () => {
  const daemon = await fakeDaemon((_req, res) => {
    res.statusCode = 500;
    res.end(
      JSON.stringify({ message: 'boom\nsecond line \u001b]0;PWNED\u0007\u001b[31mred' }),
    );
  });
  try {
    const r = await against(daemon, ['--rm', IMAGE]);
    assert.is(r.exitCode, 125);
    assert.is(
      r.stderr,
      'xrun: the Docker daemon failed to answer /info (HTTP 500): boom second line ' +
        '\\x1b]0;PWNED\\x07\\x1b[31mred',
    );
  } finally {
    await daemon.close();
  }
  recordFault('engine: a daemon message with line breaks and escape sequences');
});

test('a platform with escape sequences is printed escaped', async () => {
  const info = JSON.stringify({ OSType: 'linux', Architecture: '\u001b[2Jevil' });
  const daemon = await fakeDaemon((req, res) =>
    res.end(
      req.url?.endsWith('/info')
        ? info
        : JSON.stringify({ Id: 'x', Os: 'linux', Architecture: 'amd64' }),
    ),
  );
  try {
    const r = await against(daemon, ['--verbose', '--dry-run', IMAGE]);
    assert.not.match(r.stderr + r.stdout, '\u001b');
    assert.match(r.stderr, 'linux/\\x1b[2jevil');
  } finally {
    await daemon.close();
  }
  recordFault('engine: a platform with escape sequences');
});

test.run();
