import { readdirSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatSize, inspectCommand } from '../../src/cli/inspect-command.js';
import type { Io } from '../../src/cli/io.js';
import { DockerEngine } from '../../src/engine/docker.js';
import { fixture } from '../helpers/registry-fixture.js';
import { BUSYBOX, xrun } from '../helpers/xrun.js';

const short = (digest: string) => digest.replace('sha256:', '').slice(0, 12);
const FOREIGN = /^(needs emulation|emulated) \(qemu-(aarch64|arm|ppc64le|s390x)\)$/;

interface Json {
  reference: string;
  digest: string;
  mediaType: string;
  host: string;
  platforms: {
    platform: string;
    digest: string;
    runnable: string;
    chosen: boolean;
    size?: number;
  }[];
  ignored: number;
}

/** The table rows of `xrun inspect` as [mark, platform, digest, what the host can do]. */
function rows(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((l) => /^[* ] linux\//.test(l))
    .map((l) => {
      const [, mark = '', platform = '', digest = '', can = ''] =
        /^([* ]) (\S+) +([a-f0-9]{12})  (.*)$/.exec(l) ?? [];
      return [mark, platform, digest, can];
    });
}

test('the list: six platforms, amd64 picked, 386 compatible, the rest foreign', async () => {
  const { digest, entries } = await fixture('multi');
  const r = await xrun(['inspect', `${BUSYBOX}:multi`]);
  assert.is(r.exitCode, 0, r.stderr);
  assert.is(r.stderr, '');
  const lines = r.stdout.split('\n');
  assert.is(lines[0], `${BUSYBOX}:multi`);
  assert.is(lines[1], `digest ${digest}, Docker manifest list`);
  const table = rows(r.stdout);
  assert.equal(
    table.map(([, platform, digest]) => [platform, digest]),
    [...entries].map(([platform, d]) => [platform, short(d)]),
  );
  assert.equal(table[0], [
    '*',
    'linux/amd64',
    short(entries.get('linux/amd64') ?? ''),
    'native',
  ]);
  assert.equal(table[3]?.slice(3), ['compatible']);
  for (const i of [1, 2, 4, 5]) assert.match(table[i]?.[3] ?? '', FOREIGN);
  assert.is(lines.at(-1), '* the entry xrun would run');
});

test('B22: the OCI index counts its attestation as ignored, never as a platform', async () => {
  const r = await xrun(['inspect', `${BUSYBOX}:oci-multi`]);
  assert.is(r.exitCode, 0, r.stderr);
  assert.is(rows(r.stdout).length, 6);
  assert.ok(!r.stdout.includes('unknown'));
  assert.match(r.stdout, /^1 attestation entry ignored$/m);
  const json = JSON.parse(
    (await xrun(['inspect', '--json', `${BUSYBOX}:oci-multi`])).stdout,
  ) as Json;
  assert.is(json.ignored, 1);
  assert.is(json.mediaType, 'application/vnd.oci.image.index.v1+json');
});

test('--json has reference, digest, mediaType, platforms and ignored', async () => {
  const { digest, entries } = await fixture('no-amd64');
  const r = await xrun(['inspect', '--json', `${BUSYBOX}:no-amd64`]);
  assert.is(r.exitCode, 0, r.stderr);
  const json = JSON.parse(r.stdout) as Json;
  assert.is(json.reference, `${BUSYBOX}:no-amd64`);
  assert.is(json.digest, digest);
  assert.is(json.mediaType, 'application/vnd.docker.distribution.manifest.list.v2+json');
  assert.is(json.host, 'linux/amd64');
  assert.equal(
    json.platforms.map((p) => [p.platform, p.digest]),
    [...entries],
  );
  assert.ok(
    json.platforms.every((p) => ['emulated', 'needs-emulation'].includes(p.runnable)),
  );
  assert.is(json.platforms.filter((p) => p.chosen).length, 1);
  assert.is(json.ignored, 0);
  if (!readdirSync('/proc/sys/fs/binfmt_misc').some((n) => n.startsWith('qemu-'))) {
    assert.equal(json.platforms.find((p) => p.chosen)?.platform, 'linux/arm64');
  }
});

test('a single-platform tag is one image whose platform comes from its config', async () => {
  const { digest } = await fixture('s390x');
  const r = await xrun(['inspect', `${BUSYBOX}:s390x`]);
  assert.is(r.exitCode, 0, r.stderr);
  assert.is(
    r.stdout.split('\n')[1],
    `digest ${digest}, Docker image manifest (one platform)`,
  );
  assert.equal(
    rows(r.stdout).map((row) => row.slice(1, 3)),
    [['linux/s390x', short(digest)]],
  );
});

test('a reference by the digest of one entry inspects that entry', async () => {
  const { entries } = await fixture('multi');
  const arm = entries.get('linux/arm/v7') ?? '';
  const r = await xrun(['inspect', '--json', `${BUSYBOX}@${arm}`]);
  assert.is(r.exitCode, 0, r.stderr);
  const json = JSON.parse(r.stdout) as Json;
  assert.is(json.digest, arm);
  assert.equal(
    json.platforms.map((p) => p.platform),
    ['linux/arm/v7'],
  );
});

test('with size, each entry shows the sum of its compressed layers', async () => {
  const { entries } = await fixture('multi');
  const expected = await Promise.all(
    [...entries.values()].map(async (d) => (await fixture(d)).layers),
  );
  const out: string[] = [];
  const io: Io = {
    env: process.env,
    stdout: (line) => out.push(line),
    stderr: (line) => out.push(`stderr: ${line}`),
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    json: true,
    noCredentials: false,
  };
  const engine = new DockerEngine('docker', process.env);
  assert.is(
    await inspectCommand(`${BUSYBOX}:multi`, true, engine, io, { size: true }),
    0,
  );
  const json = JSON.parse(out.join('\n')) as Json;
  assert.equal(
    json.platforms.map((p) => p.size),
    expected,
  );
  assert.ok(expected.every((size) => size > 500_000));

  out.length = 0;
  await inspectCommand(`${BUSYBOX}:multi`, false, engine, io, { size: true });
  assert.match(out[4] ?? '', /^ {2}PLATFORM +DIGEST +SIZE +ON THIS HOST$/);
  const size = formatSize(expected[0] ?? 0).padEnd(11);
  assert.match(
    out[5] ?? '',
    new RegExp(`^\\* linux/amd64 +[a-f0-9]{12}  ${size}native$`),
  );
});

test('an unknown tag is one line and 125', async () => {
  const r = await xrun(['inspect', `${BUSYBOX}:no-such-tag`]);
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    `xrun: no such tag: localhost:5000/xrun/busybox has no tag "no-such-tag" (check the tag)`,
  );
});

test('with the daemon down, inspect lists the platforms for this machine and says so', async () => {
  const env = { DOCKER_HOST: 'unix:///nonexistent/xrun-inspect.sock' };
  const r = await xrun(['inspect', `${BUSYBOX}:multi`], { env });
  assert.is(r.exitCode, 0, r.stderr);
  assert.is(
    r.stderr,
    'xrun: note: the Docker daemon is not reachable (Cannot connect to the Docker daemon ' +
      'at unix:///nonexistent/xrun-inspect.sock (ENOENT)); showing what this machine ' +
      '(linux/amd64) can do, without local images',
  );
  const lines = r.stdout.split('\n');
  assert.is(lines[2], 'host linux/amd64');
  assert.match(lines[5] ?? '', /^\* linux\/amd64 +37c57bbd3aec +native$/);
  // A run still needs the daemon: it says so in one line.
  const run = await xrun(['--rm', `${BUSYBOX}:multi`], { env });
  assert.is(run.exitCode, 125);
  assert.match(run.stderr, /^xrun: the Docker daemon is not reachable/);
});

test.run();
