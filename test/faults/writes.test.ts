import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withoutHandlers } from '../helpers/binfmt.js';
import { BUSYBOX, XRUN } from '../helpers/xrun.js';

const WRITES =
  /^(\d+)\s+(openat|open|creat|rename|renameat2?|unlink|unlinkat|mkdir|mkdirat)\((.*)\)\s+=\s+(\d+)/;

/** The paths xrun's own process changed, from an strace log (children that exec'd left out). */
function writtenPaths(log: string): string[] {
  const others = new Set<string>();
  const paths: string[] = [];
  for (const line of log.split('\n')) {
    const exec = /^(\d+)\s+execve\("([^"]+)"/.exec(line);
    if (exec && !exec[2]?.endsWith('/node')) others.add(exec[1] ?? '');
    const match = WRITES.exec(line);
    if (!match || others.has(match[1] ?? '')) continue;
    const [, , call, args = ''] = match;
    if (call?.startsWith('open') && !/O_WRONLY|O_RDWR|O_CREAT|O_TRUNC/.test(args))
      continue;
    for (const quoted of args.matchAll(/"([^"]*)"/g)) paths.push(quoted[1] ?? '');
  }
  return paths;
}

test('an emulated run writes only to binfmt_misc, its state folder and its temporary folder', async () => {
  const state = await mkdtemp(path.join(os.tmpdir(), 'xrun-state-'));
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'xrun-tmp-'));
  const log = path.join(tmp, 'strace.log');
  try {
    await withoutHandlers(['s390x'], async () => {
      const syscalls =
        'trace=execve,openat,open,creat,rename,renameat,renameat2,unlink,unlinkat,mkdir,mkdirat';
      const args = ['--rm', '--emulate', '--platform', 'linux/s390x', `${BUSYBOX}:multi`];
      const r = await execa(
        'strace',
        ['-f', '-qq', '-e', syscalls, '-o', log, process.execPath, XRUN, ...args],
        { reject: false, stdin: 'ignore', env: { XRUN_STATE_DIR: state, TMPDIR: tmp } },
      );
      assert.is(r.stdout, 's390x');
    });
    const allowed = [
      '/proc/sys/fs/binfmt_misc/',
      `${state}/`,
      `${tmp}/`,
      '/dev/null',
      '/dev/tty',
    ];
    const paths = writtenPaths(await readFile(log, 'utf8'));
    assert.ok(paths.some((p) => p === '/proc/sys/fs/binfmt_misc/register'));
    assert.ok(paths.some((p) => p.startsWith(`${state}/`)));
    assert.equal(
      paths.filter((p) => !allowed.some((a) => p.startsWith(a))),
      [],
    );
  } finally {
    await rm(state, { recursive: true, force: true });
    await rm(tmp, { recursive: true, force: true });
  }
});

test('the state file is replaced by rename, never written in place', async () => {
  const state = await mkdtemp(path.join(os.tmpdir(), 'xrun-state-'));
  const log = path.join(state, '..', `xrun-strace-${process.pid}.log`);
  try {
    await withoutHandlers(['s390x'], async () => {
      await execa(
        'strace',
        [
          '-f',
          '-qq',
          '-e',
          'trace=openat,rename',
          '-o',
          log,
          process.execPath,
          XRUN,
          'emulate',
          'linux/s390x',
        ],
        { reject: false, stdin: 'ignore', env: { XRUN_STATE_DIR: state } },
      );
    });
    const text = await readFile(log, 'utf8');
    const file = `${state}/binfmt-handlers.json`;
    assert.not.match(text, `openat(AT_FDCWD, "${file}", O_WRONLY`);
    assert.match(text, `, "${file}") = 0`);
  } finally {
    await rm(state, { recursive: true, force: true });
    await rm(log, { force: true });
  }
});

test.run();
