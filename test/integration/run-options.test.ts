import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BUSYBOX, removeImages, xrun, XRUN } from '../helpers/xrun.js';

const ARM64 = 'sha256:80f957dc895e75f42686ebdd0e7450077c5eeca542ead062e77625643bd8245a';

test.before(() => removeImages());
test.after(() => removeImages());

test('--pull=never refuses to pull the chosen entry and says how to get it', async () => {
  const r = await xrun(['--pull=never', '--emulate', '--rm', `${BUSYBOX}:no-amd64`]);
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    `xrun: linux/arm64 of ${BUSYBOX}:no-amd64 is not here and --pull=never forbids pulling ` +
      `it: run "docker pull --platform linux/arm64 ${BUSYBOX}@${ARM64}" first, or drop ` +
      '--pull=never',
  );
});

test('-q keeps stderr free of pull progress and notes', async () => {
  const r = await xrun(['-q', '--rm', `${BUSYBOX}:multi`]);
  assert.is(r.stdout, 'x86_64');
  assert.is(r.stderr, '');
  assert.is(r.exitCode, 0);
});

test('asking for 386 on amd64 runs it with no "compatible" note', async () => {
  const r = await xrun(['--rm', '--platform', 'linux/386', `${BUSYBOX}:multi`, 'true']);
  assert.is(r.exitCode, 0);
  assert.not.match(r.stderr, 'note:');
  assert.match(r.stderr, 'using linux/386 (compatible)');
});

test('--native with a foreign --platform says the asked platform needs emulation', async () => {
  const r = await xrun([
    '--dry-run',
    '--native',
    '--platform',
    'linux/arm64',
    `${BUSYBOX}:multi`,
  ]);
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    'xrun: linux/arm64 needs emulation on linux/amd64, and --native forbids emulating the ' +
      'platform that was asked for',
  );
});

test('an out-of-range registry port is one line, not a crash', async () => {
  const r = await xrun(['--dry-run', 'localhost:99999/x:y', 'true']);
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    'xrun: invalid image reference "localhost:99999/x:y": port 99999 is not a port number ' +
      '(1 to 65535)',
  );
});

test('a platform with spaces is refused before docker sees it', async () => {
  const r = await xrun([
    '--platform',
    ' linux/amd64',
    '--rm',
    `${BUSYBOX}:amd64`,
    'true',
  ]);
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    'xrun: invalid platform " linux/amd64": it must not contain spaces',
  );
});

test('a bad DOCKER_DEFAULT_PLATFORM is named as the source', async () => {
  const r = await xrun(['--dry-run', `${BUSYBOX}:multi`], {
    env: { DOCKER_DEFAULT_PLATFORM: 'garbage' },
  });
  assert.is(r.exitCode, 125);
  assert.match(
    r.stderr,
    /^xrun: DOCKER_DEFAULT_PLATFORM: unknown architecture "garbage"/,
  );
});

test('each subcommand prints its usage with --help', async () => {
  const r = await xrun(['inspect', '--help']);
  assert.is(r.stdout, 'usage: xrun inspect [--json] [--size] [--verbose] IMAGE');
  assert.is(r.exitCode, 0);
});

test('xrun emulators refuses an argument it does not take', async () => {
  const r = await xrun(['emulators', 'extra']);
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    'xrun: xrun emulators takes no argument (got "extra"): usage: xrun emulators [--json]',
  );
});

test('bin/xrun runs through a symlink, also when Node keeps the symlink as the path', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'xrun-link-'));
  try {
    const link = path.join(dir, 'xrun');
    await symlink(XRUN, link);
    for (const options of ['', '--preserve-symlinks-main']) {
      const r = await execa(process.execPath, [link, '--version'], {
        reject: false,
        env: { NODE_OPTIONS: options },
      });
      assert.is(r.stdout, 'xrun 0.1.0', r.stderr);
      assert.is(r.exitCode, 0);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
