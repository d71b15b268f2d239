import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { recordFault } from '../helpers/figures.js';
import { BINFMT_DIR } from '../../src/emulation/binfmt.js';
import { handlersFor, register, withoutHandlers } from '../helpers/binfmt.js';
import { xrun } from '../helpers/xrun.js';

const root = mkdtempSync(path.join(tmpdir(), 'xrun-emulate-'));
const env = { XRUN_STATE_DIR: `${root}/state`, XRUN_BINFMT_D: `${root}/binfmt.d` };
test.after(() => rmSync(root, { recursive: true, force: true }));

const emulate = (args: string[]) => xrun(['emulate', ...args], { env });

const RISCV_MAGIC =
  '\\x7f\\x45\\x4c\\x46\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00' +
  '\\x02\\x00\\xf3\\x00';
const RISCV_MASK =
  '\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff' +
  '\\xfe\\xff\\xff\\xff';
const RISCV_LINE =
  `:qemu-riscv64:M::${RISCV_MAGIC}:${RISCV_MASK}:` +
  '/usr/libexec/qemu-binfmt/riscv64-binfmt-P:POCF';
const MIPS_MAGIC = RISCV_MAGIC.replace('\\xf3\\x00', '\\x08\\x00');
const MIPS_MASK =
  '\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xfe\\xff\\xff\\xff\\xff\\xff\\xff\\xff' +
  '\\xfe\\xff\\xff\\xff';

/** The records xrun keeps of what it registered. */
const records = () =>
  JSON.parse(readFileSync(`${root}/state/binfmt-handlers.json`, 'utf8'))
    .handlers as Array<{
    name: string;
    line: string;
  }>;

test('emulate writes the exact line; a second run changes nothing', async () => {
  await withoutHandlers(['riscv64'], async () => {
    const r = await emulate(['linux/riscv64']);
    assert.is(r.exitCode, 0, r.stderr);
    assert.is(
      r.stdout,
      'linux/riscv64: registered qemu-riscv64 (/usr/libexec/qemu-binfmt/riscv64-binfmt-P, ' +
        'flags POCF); the probe ran through it',
    );
    assert.equal(
      records().map((h) => [h.name, h.line]),
      [['qemu-riscv64', RISCV_LINE]],
    );
    assert.is(
      await readFile(path.join(BINFMT_DIR, 'qemu-riscv64'), 'utf8'),
      'enabled\ninterpreter /usr/libexec/qemu-binfmt/riscv64-binfmt-P\nflags: POCF\n' +
        'offset 0\nmagic 7f454c460201010000000000000000000200f300\n' +
        'mask ffffffffffffff00fffffffffffffffffeffffff\n',
    );
    const again = await emulate(['linux/riscv64']);
    assert.is(
      again.stdout,
      'linux/riscv64: qemu-riscv64 (/usr/libexec/qemu-binfmt/riscv64-binfmt-P, flags POCF) ' +
        'is registered already (nothing to do)',
    );

    const removed = await emulate(['--remove', 'linux/riscv64']);
    assert.is(removed.exitCode, 0, removed.stderr);
    assert.is(removed.stdout, 'linux/riscv64: removed qemu-riscv64');
    assert.equal(await handlersFor(['riscv64']), []);
    assert.equal(records(), []);
  });
});

test('--no-credentials registers without C and O', async () => {
  await withoutHandlers(['loong64'], async () => {
    const r = await emulate(['--no-credentials', 'linux/loong64']);
    assert.is(r.exitCode, 0, r.stderr);
    const [entry] = await handlersFor(['loong64']);
    assert.is(entry?.name, 'qemu-loongarch64');
    assert.is(entry?.flags, 'PF');
  });
});

test('a handler xrun did not register is removed only with --force', async () => {
  await withoutHandlers(['mips64le'], async () => {
    await register(
      `:qemu-mips64el:M::${MIPS_MAGIC}:${MIPS_MASK}:/usr/bin/qemu-mips64el-static:OCF`,
    );
    const r = await emulate(['--remove', 'linux/mips64le']);
    assert.is(r.exitCode, 125);
    assert.is(
      r.stderr,
      'xrun: handler qemu-mips64el for linux/mips64le was not registered by xrun, so it is ' +
        'left alone: add --force to remove it anyway',
    );
    assert.is((await handlersFor(['mips64le'])).length, 1);
    const forced = await emulate(['--remove', '--force', 'linux/mips64le']);
    assert.is(forced.stdout, 'linux/mips64le: removed qemu-mips64el');
    assert.equal(await handlersFor(['mips64le']), []);
  });
});

test('a broken handler of that name is replaced only with --yes off a terminal', async () => {
  await withoutHandlers(['mips64le'], async () => {
    await register(
      `:qemu-mips64el:M::${MIPS_MAGIC}:${MIPS_MASK}:/usr/bin/qemu-mips64el-static:OC`,
    );
    const r = await emulate(['linux/mips64le']);
    assert.is(r.exitCode, 125);
    assert.is(
      r.stderr,
      'xrun: a different handler qemu-mips64el is registered for linux/mips64le: replace ' +
        'it with "xrun emulate --yes linux/mips64le", or keep it',
    );
    const yes = await emulate(['--yes', 'linux/mips64le']);
    assert.is(yes.exitCode, 0, yes.stderr);
    assert.is(
      yes.stdout,
      'linux/mips64le: replaced the old handler with qemu-mips64el ' +
        '(/usr/libexec/qemu-binfmt/mips64el-binfmt-P, flags POCF); the probe ran through it',
    );
  });
  recordFault(
    'binfmt: a broken handler of that name is replaced only with --yes off a terminal',
  );
});

test('--persist writes a systemd-binfmt file that --remove deletes again', async () => {
  await withoutHandlers(['riscv64'], async () => {
    const r = await emulate(['--persist', 'linux/riscv64']);
    assert.is(r.exitCode, 0, r.stderr);
    const file = `${root}/binfmt.d/qemu-riscv64.conf`;
    assert.is(
      readFileSync(file, 'utf8'),
      '# Written by "xrun emulate --persist"; removed by "xrun emulate --remove".\n' +
        `${RISCV_LINE}\n`,
    );
    assert.match(r.stdout, `  note: wrote ${file}`);
    const removed = await emulate(['--remove', 'linux/riscv64']);
    assert.is(
      removed.stdout,
      `linux/riscv64: removed qemu-riscv64\nlinux/riscv64: deleted ${file}`,
    );
    assert.not.ok(existsSync(file));
  });
});

test('a platform this host runs itself is refused in one line, exit 125', async () => {
  const r = await emulate(['linux/386']);
  assert.is(r.exitCode, 125);
  assert.is(
    r.stderr,
    "xrun: linux/386 runs natively on linux/amd64: a handler would capture the host's own " +
      'programs, so none is registered',
  );
});

test('no platform, or an unknown option, is one line with the usage', async () => {
  const none = await emulate([]);
  assert.is(none.exitCode, 125);
  assert.is(
    none.stderr,
    'xrun: usage: xrun emulate [--no-credentials] [--persist] [--yes] PLATFORM... | ' +
      'xrun emulate --remove [--force] PLATFORM...',
  );
  const odd = await emulate(['--forever', 'linux/s390x']);
  assert.is(odd.exitCode, 125);
  assert.match(odd.stderr, /^xrun: unknown option --forever: this command takes /);
});

test.run();
