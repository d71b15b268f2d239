import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withoutHandlers } from '../helpers/binfmt.js';
import { BUSYBOX, removeImages, xrun } from '../helpers/xrun.js';

const AMD64 = 'sha256:37c57bbd3aec70841a684fe0556ddf612c6c0bf56e6de618d9bd00e7bc8da382';
// The plans below are for images not yet pulled: start from none.
test.before(() => removeImages());

const S390X = 'sha256:3dee1e7ca680893f062327a412a2adf05615eab6d22383033eb321773bb8006f';

test('--dry-run prints the pull and the run of the native entry, pinned by digest', async () => {
  const r = await xrun([
    '--dry-run',
    '--rm',
    '-e',
    'A=b c',
    `${BUSYBOX}:multi`,
    'echo',
    'hi',
  ]);
  assert.is(r.exitCode, 0);
  const pinned = `${BUSYBOX}@${AMD64}`;
  assert.equal(r.stdout.split('\n'), [
    `docker pull --platform linux/amd64 ${pinned}`,
    `docker run --platform linux/amd64 --rm -e 'A=b c' ${pinned} echo hi`,
  ]);
});

test('DOCKER_DEFAULT_PLATFORM chooses the platform when no flag does', async () => {
  await withoutHandlers(['s390x'], async () => {
    const r = await xrun(['--dry-run', '--json', '--emulate', `${BUSYBOX}:multi`], {
      env: { DOCKER_DEFAULT_PLATFORM: 'linux/s390x' },
    });
    assert.is(r.exitCode, 0);
    const out = JSON.parse(r.stdout);
    assert.equal(out.chosen.platform, { os: 'linux', architecture: 's390x' });
    assert.is(out.chosen.kind, 'emulate');
    assert.is(out.chosen.state, 'missing');
    assert.is(out.chosen.digest, S390X);
    assert.equal(out.plan.requested, { os: 'linux', architecture: 's390x' });
  });
});

test('--platform wins over DOCKER_DEFAULT_PLATFORM', async () => {
  const r = await xrun(['--dry-run', '--platform', 'linux/amd64', `${BUSYBOX}:multi`], {
    env: { DOCKER_DEFAULT_PLATFORM: 'linux/s390x' },
  });
  assert.is(r.exitCode, 0);
  assert.is(
    r.stdout.split('\n').at(-1),
    `docker run --platform linux/amd64 ${BUSYBOX}@${AMD64}`,
  );
});

test('--dry-run changes nothing even when emulation would be registered', async () => {
  await withoutHandlers(['s390x'], async () => {
    const r = await xrun([
      '--dry-run',
      '--emulate',
      '--platform',
      'linux/s390x',
      `${BUSYBOX}:multi`,
    ]);
    assert.is(r.exitCode, 0);
    assert.is(r.stdout.split('\n')[0], 'xrun emulate linux/s390x');
    assert.is(
      r.stdout.split('\n').at(-1),
      `docker run --platform linux/s390x ${BUSYBOX}@${S390X}`,
    );
  });
});

test('--native refuses an image with only foreign entries', async () => {
  const r = await xrun(['--native', '--rm', `${BUSYBOX}:no-amd64`]);
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    'xrun: linux/arm64 needs emulation on linux/amd64, and --native forbids it: the image ' +
      'offers no native entry (it offers linux/arm64, linux/s390x, linux/ppc64le)',
  );
});

test('--dry-run --json on a plan with no way to run prints the plan and the reason', async () => {
  const r = await xrun(['--dry-run', '--json', '--native', `${BUSYBOX}:no-amd64`]);
  assert.is(r.exitCode, 125);
  const reason =
    'linux/arm64 needs emulation on linux/amd64, and --native forbids it: the image ' +
    'offers no native entry (it offers linux/arm64, linux/s390x, linux/ppc64le)';
  assert.is(r.stderr, `xrun: ${reason}`);
  const out = JSON.parse(r.stdout);
  assert.is(out.chosen, null);
  assert.is(out.error, reason);
  assert.equal(out.plan.host, { os: 'linux', architecture: 'amd64' });
  assert.equal(
    out.plan.options.map((o: { kind: string }) => o.kind),
    ['emulate', 'emulate', 'emulate'],
  );
});

test('--native with --emulate, and --json without --dry-run, are refused before any work', async () => {
  // A daemon that is not there: the refusal comes first, from the options alone.
  const env = { DOCKER_HOST: 'unix:///nonexistent/xrun-test.sock' };
  const both = await xrun(['--native', '--emulate', `${BUSYBOX}:multi`], { env });
  assert.is(both.exitCode, 125);
  assert.is(
    both.stderr,
    'xrun: --native and --emulate contradict each other: keep --native to never ' +
      'emulate, or --emulate to allow it',
  );
  const json = await xrun(['--json', '--rm', `${BUSYBOX}:multi`], { env });
  assert.is(json.exitCode, 125);
  assert.is(
    json.stderr,
    'xrun: --json prints a plan, so it needs --dry-run: xrun --dry-run --json ' +
      '[OPTIONS] IMAGE (inspect and emulators take --json too)',
  );
  assert.is(both.stdout + json.stdout, '');
});

test('--verbose explains the decision in plain text on stderr', async () => {
  const r = await xrun(['--verbose', '--dry-run', `${BUSYBOX}:oci-multi`]);
  assert.is(r.exitCode, 0);
  assert.match(r.stderr, '  host      linux/amd64');
  assert.match(r.stderr, '  note      1 attestation entry ignored');
  assert.match(r.stderr, '  best      Pull linux/amd64 (native) and run it');
});

test('--version prints the package version', async () => {
  const r = await xrun(['--version']);
  assert.is(r.stdout, 'xrun 0.1.0');
  assert.is(r.exitCode, 0);
});

test.run();
