import { mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import { execa } from 'execa';
import * as assert from 'uvu/assert';
import { recordFault } from '../helpers/figures.js';
import { PrivateDaemon } from '../helpers/private-daemon.js';
import { slowRegistry } from '../helpers/slow-registry.js';
import { PtySession, slowTerminal, withXrunPty } from '../helpers/pty.js';
import { BUSYBOX, XRUN } from '../helpers/xrun.js';

const IMAGE = `${BUSYBOX}:amd64`;

function modes(session: PtySession, which: 'BEFORE' | 'AFTER'): string {
  return new RegExp(`MODES-${which} (\\S+)`).exec(session.raw)?.[1] ?? '';
}

function assertRestored(session: PtySession): void {
  assert.ok(modes(session, 'BEFORE').length > 0);
  assert.is(modes(session, 'AFTER'), modes(session, 'BEFORE'));
}

test('a window resize reaches the container and exit restores the terminal', async () => {
  await withXrunPty(['-it', '--rm', IMAGE, 'sh'], {}, async (session) => {
    await session.waitFor(/^\/ # /);
    session.resize(120, 40);
    // The new size travels xrun -> docker -> daemon -> container: ask until it has arrived.
    for (let i = 0; i < 20 && !session.screen().some((l) => l === '40 120'); i++) {
      session.type('stty size\r');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await session.waitFor(/^40 120$/, 1_000);
    session.type('exit 0\r');
    await session.waitFor('MODES-AFTER');
    assert.match(session.raw, 'XRUN-EXIT 0');
    assertRestored(session);
  });
});

test('under -t the output goes straight to the terminal and the input through the pty', async () => {
  await withXrunPty(['-it', '--rm', IMAGE, 'sh'], {}, async (session) => {
    await session.waitFor(/^\/ # /);
    const xrun = await session.xrunPid();
    const { stdout } = await execa('pgrep', ['-P', String(xrun)]);
    const docker = Number(stdout.trim());
    const fd = (pid: number, n: number) => readlinkSync(`/proc/${pid}/fd/${n}`);
    assert.match(fd(xrun, 1), /^\/dev\/pts\/\d+$/);
    assert.is(fd(docker, 1), fd(xrun, 1));
    assert.match(fd(docker, 0), /^\/dev\/pts\/\d+$/);
    assert.is.not(fd(docker, 0), fd(xrun, 0));
    assert.is(fd(docker, 2), fd(docker, 0));
    session.type('exit 0\r');
    await session.waitFor('MODES-AFTER');
    assert.match(session.raw, 'XRUN-EXIT 0');
    assertRestored(session);
  });
});

test('-it passes the bytes through unchanged: no second \\r, as with docker', async () => {
  const args = ['-it', '--rm', IMAGE, 'printf', 'a\\nb\\n'];
  await withXrunPty(args, {}, async (session) => {
    await session.waitFor('MODES-AFTER');
    assert.match(session.raw, 'a\r\nb\r\n');
    assert.not.match(session.raw, '\r\r\n');
    assertRestored(session);
  });
});

test('-t without -i leaves the terminal alone: what is typed meanwhile stays for the shell', async () => {
  const run = `"${process.execPath}" "${XRUN}" -t --rm ${IMAGE} sh -c 'echo STARTED; sleep 2'`;
  const session = new PtySession('/bin/sh', [
    '-c',
    `${run}; read -r typed; echo "TYPED=$typed"`,
  ]);
  try {
    await session.waitFor('STARTED');
    session.type('hello\r');
    await session.waitFor('TYPED=hello', 20_000);
    assert.is(await session.exited, 0);
  } finally {
    session.kill();
  }
});

test("docker's own errors under -t go to stderr, not to the terminal's output", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xrun-tty-stderr-'));
  const errors = path.join(dir, 'stderr');
  const run = `"${process.execPath}" "${XRUN}" -it --rm ${IMAGE} no-such-command`;
  const session = new PtySession('/bin/sh', [
    '-c',
    `${run} 2>"${errors}"; echo "XRUN-EXIT $?"`,
  ]);
  try {
    await session.waitFor('XRUN-EXIT');
    assert.match(session.raw, 'XRUN-EXIT 127');
    assert.not.match(session.raw, 'no-such-command');
    assert.match(
      readFileSync(errors, 'utf8'),
      /(^|\n)docker: Error response from daemon: .*no-such-command/,
    );
  } finally {
    session.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('output copied through xrun (stdout opened as /dev/tty) keeps its tail on a slow terminal', async () => {
  // The copy is the way when the terminal cannot be reopened; /dev/tty is one such case.
  const run = `"${process.execPath}" "${XRUN}" -it --rm ${IMAGE} sh -c 'seq 1 200000; echo TAIL'`;
  // sleep: node-pty stops reading 200 ms after its program ends, the test's as well.
  const raw = await slowTerminal(`${run} >/dev/tty; echo "XRUN-EXIT $?"; sleep 1`);
  const tail = '199999\r\n200000\r\nTAIL\r\nXRUN-EXIT 0';
  assert.ok(
    raw.includes(tail),
    `the output ended with ${JSON.stringify(raw.slice(-300))}`,
  );
});

test("with -it, docker's own errors still start each line at its beginning", async () => {
  await withXrunPty(
    ['-it', '--rm', '--bogus-flag', IMAGE, 'true'],
    {},
    async (session) => {
      await session.waitFor('MODES-AFTER');
      assert.match(session.raw, "Run 'docker run --help' for more information\r\n");
      assert.match(session.raw, 'XRUN-EXIT 125');
      assertRestored(session);
    },
  );
});

test('-itd prints the container id as docker does and leaves the terminal alone', async () => {
  const name = `xrun-tty-detached-${process.pid}`;
  try {
    await withXrunPty(['-itd', '--name', name, IMAGE, 'sh'], {}, async (session) => {
      await session.waitFor('MODES-AFTER');
      assert.match(session.raw, /\r\n[0-9a-f]{64}\r\nXRUN-EXIT 0\r\n/);
      assertRestored(session);
    });
  } finally {
    await execa('docker', ['rm', '-f', name], { reject: false });
  }
});

test('Ctrl-Z during -t without -i does not stop xrun, as it does not stop docker', async () => {
  const args = [
    XRUN,
    '-t',
    '--rm',
    IMAGE,
    'sh',
    '-c',
    'echo STARTED; sleep 2; echo DONE',
  ];
  const session = new PtySession(process.execPath, args);
  try {
    await session.waitFor('STARTED');
    session.type('\x1a');
    const late = new Promise((resolve) =>
      setTimeout(() => resolve('still running'), 20_000),
    );
    assert.is(await Promise.race([session.exited, late]), 0);
    assert.match(session.raw, 'DONE');
  } finally {
    session.kill();
  }
});

test('a TMPDIR that cannot be used does not stop a -t run', async () => {
  const args = ['-it', '--rm', IMAGE, 'echo', 'ran'];
  await withXrunPty(args, { TMPDIR: '/nonexistent/xrun-tmp' }, async (session) => {
    await session.waitFor('MODES-AFTER');
    assert.match(session.raw, 'ran\r\n');
    assert.match(session.raw, 'XRUN-EXIT 0');
  });
});

test('arguments with spaces and quotes reach the container unchanged under -t', async () => {
  const args = ['-t', '--rm', IMAGE, 'echo', 'a  b', "it's", '$HOME', ''];
  await withXrunPty(args, {}, async (session) => {
    await session.waitFor('MODES-AFTER');
    // The last space is the empty argument; the terminal adds its own \r to \r\n.
    assert.match(session.raw, /\r\na {2}b it's \$HOME \r+\n/);
    assert.match(session.raw, 'XRUN-EXIT 0');
  });
});

test('Ctrl-C during a -t run stops the container, exits 130 and restores the terminal', async () => {
  const args = ['-it', '--rm', '--init', IMAGE, 'sh', '-c', 'echo READY; exec sleep 30'];
  await withXrunPty(args, {}, async (session) => {
    await session.waitFor('READY');
    session.press('ctrlC');
    await session.waitFor('MODES-AFTER', 15_000);
    assert.match(session.raw, 'XRUN-EXIT 130');
    assertRestored(session);
  });
});

test('a container that fails under -t passes its code on and restores the terminal', async () => {
  await withXrunPty(['-it', '--rm', IMAGE, 'sh', '-c', 'exit 7'], {}, async (session) => {
    await session.waitFor('MODES-AFTER');
    assert.match(session.raw, 'XRUN-EXIT 7');
    assertRestored(session);
  });
});

test('xrun failing before the run leaves the terminal as it was', async () => {
  const args = ['-it', '--rm', '--platform', 'linux/nope', IMAGE, 'sh'];
  await withXrunPty(args, {}, async (session) => {
    await session.waitFor('MODES-AFTER');
    assert.match(session.raw, 'XRUN-EXIT 125');
    assertRestored(session);
  });
});

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  test(`${signal} to xrun during a -t run reaches the container and restores the terminal`, async () => {
    const name = `xrun-tty-${signal}-${process.pid}`;
    // Each signal has its own exit code, so the code says which one arrived.
    const script =
      'trap "exit 130" INT; trap "exit 143" TERM; trap "exit 129" HUP; ' +
      'echo READY; sleep 30 & wait';
    const args = ['-it', '--rm', '--name', name, IMAGE, 'sh', '-c', script];
    await withXrunPty(args, {}, async (session) => {
      await session.waitFor('READY');
      await session.signalXrun(signal);
      await session.waitFor('MODES-AFTER', 20_000);
      assert.match(session.raw, `XRUN-EXIT ${code}`);
      assertRestored(session);
    });
    const left = await execa('docker', ['ps', '-aq', '--filter', `name=${name}`]);
    assert.is(left.stdout, '');
    recordFault(`terminal: ${signal} during a -t run`);
  });
}

for (const [signal, code] of [
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  test(`${signal} during the pull under a terminal exits ${code} and restores the terminal`, async () => {
    const daemon = await PrivateDaemon.start();
    const registry = await slowRegistry(4_000);
    try {
      const image = `${registry.host}/xrun/busybox:multi`;
      await withXrunPty(
        ['-it', '--rm', image],
        { DOCKER_HOST: daemon.host },
        async (session) => {
          await session.waitFor('xrun: pulling');
          for (let i = 0; i < 200 && registry.blobRequests() === 0; i++) {
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          await session.signalXrun(signal);
          await session.waitFor('MODES-AFTER', 20_000);
          assert.match(session.raw, `XRUN-EXIT ${code}`);
          assertRestored(session);
        },
      );
      assert.is((await daemon.docker(['images', '-q'])).stdout, '');
      recordFault(`terminal: ${signal} during a pull`);
    } finally {
      await registry.close();
      await daemon.stop();
    }
  });
}

test.run();
