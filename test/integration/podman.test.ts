import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BUSYBOX, xrun } from '../helpers/xrun.js';

let dir = '';
let env: Record<string, string> = {};

test.before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xrun-podman-'));
  // This sandbox refuses podman's default rlimits (nofile, nproc); lower ones are allowed.
  const conf = path.join(dir, 'containers.conf');
  await writeFile(
    conf,
    '[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]\n',
  );
  env = { CONTAINERS_CONF: conf };
  await execa('podman', ['rmi', '--all', '--force'], { reject: false, env });
});

test.after(async () => {
  await execa('podman', ['rmi', '--all', '--force'], { reject: false, env });
  await rm(dir, { recursive: true, force: true });
});

test('--engine podman pulls the native entry with podman and runs it', async () => {
  const r = await xrun(['--engine', 'podman', '--rm', `${BUSYBOX}:multi`], { env });
  assert.is(r.stdout, 'x86_64');
  assert.is(r.exitCode, 0);
  const images = await execa(
    'podman',
    ['images', '--digests', '--format', '{{.Digest}}'],
    { env },
  );
  assert.match(
    images.stdout,
    'sha256:37c57bbd3aec70841a684fe0556ddf612c6c0bf56e6de618d9bd00e7bc8da382',
  );
});

test("podman's container exit code becomes xrun's", async () => {
  const r = await xrun(
    ['--engine', 'podman', '--rm', `${BUSYBOX}:multi`, 'sh', '-c', 'exit 4'],
    {
      env,
    },
  );
  assert.is(r.exitCode, 4);
});

test('podman is used when docker is not on PATH (after the first test pulled)', async () => {
  const bin = path.join(dir, 'bin');
  await execa('mkdir', ['-p', bin]);
  await symlink('/usr/bin/podman', path.join(bin, 'podman'));
  const r = await xrun(['--verbose', '--dry-run', `${BUSYBOX}:multi`], {
    env: { ...env, PATH: `${bin}:/usr/sbin:/sbin` },
  });
  assert.is(r.exitCode, 0);
  assert.match(r.stderr, 'xrun engine: podman info --format json');
  const pinned = `${BUSYBOX}@sha256:37c57bbd3aec70841a684fe0556ddf612c6c0bf56e6de618d9bd00e7bc8da382`;
  assert.is(r.stdout, `podman run --platform linux/amd64 ${pinned}`);
});

test('an unknown engine is one line and 125', async () => {
  const r = await xrun(['--engine', 'lxc', `${BUSYBOX}:multi`]);
  assert.is(r.exitCode, 125);
  assert.is(r.stderr, 'xrun: unknown engine "lxc": use docker or podman');
});

test.run();
