import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emulateCommand, type EmulateOptions } from '../../src/cli/emulate-command.js';
import type { Io } from '../../src/cli/io.js';
import { parseEntry } from '../../src/emulation/binfmt.js';
import { hostTraits } from '../../src/emulation/verify.js';
import { parsePlatform } from '../../src/platform/platform.js';
import { FakeBackend, kernelText, profile, STATIC } from './fixtures.js';

const ARM64 = parsePlatform('linux/arm64');
const AMD64 = parsePlatform('linux/amd64');

/** Plain-value Io that keeps what was printed. */
function io(tty = false) {
  const out: string[] = [];
  const value: Io = {
    env: { XRUN_STATE_DIR: mkdtempSync(path.join(tmpdir(), 'xrun-cmd-')) },
    stdout: (l) => out.push(l),
    stderr: (l) => out.push(`ERR ${l}`),
    stdinIsTTY: tty,
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    json: false,
    noCredentials: false,
  };
  return { io: value, out };
}

/** A fake kernel with Debian's static riscv64 emulator. */
function kernel(): FakeBackend {
  const backend = new FakeBackend();
  backend.files = { '/usr/libexec/qemu-binfmt/riscv64-binfmt-P': STATIC };
  return backend;
}

const run = (
  backend: FakeBackend,
  words: string[],
  more: Partial<EmulateOptions> = {},
) => {
  const { io: value, out } = io(more.ask !== undefined);
  const done = emulateCommand(
    AMD64,
    words,
    { credentials: true, backend, ...more },
    value,
  );
  return { done, out };
};

test('an arm64 CPU that cannot run the arm probe has no 32-bit Arm (Apple M-series)', async () => {
  const backend = new FakeBackend();
  backend.probeResults = { arm: { verdict: 'no-handler', detail: 'exec format error' } };
  assert.equal(await hostTraits(ARM64, backend), { no32BitArm: true });
  backend.probeResults = { arm: { verdict: 'ok', detail: 'exited 42' } };
  assert.equal(await hostTraits(ARM64, backend), {});
  assert.equal(await hostTraits(AMD64, backend), {});
});

test('an arm handler on arm64 hides what the CPU does: nothing is concluded', async () => {
  const backend = new FakeBackend();
  backend.entries = [parseEntry('qemu-arm', kernelText(profile('arm')))];
  backend.probeResults = { arm: { verdict: 'no-handler', detail: 'exec format error' } };
  assert.equal(await hostTraits(ARM64, backend), {});
});

test('emulate prints one line per platform and nothing else', async () => {
  const { done, out } = run(kernel(), ['linux/riscv64']);
  assert.is(await done, 0);
  assert.equal(out, [
    'linux/riscv64: registered qemu-riscv64 (/usr/libexec/qemu-binfmt/riscv64-binfmt-P, ' +
      'flags POCF); the probe ran through it',
  ]);
});

test('without root on a terminal it offers sudo, and a no keeps the one-line error', async () => {
  const backend = kernel();
  backend.uid = 1000;
  const questions: string[] = [];
  const ask = async (q: string) => questions.push(q) < 0;
  const { done } = run(backend, ['linux/riscv64'], { ask });
  try {
    await done;
    assert.unreachable('must need root');
  } catch (error) {
    assert.is(
      (error as Error).message,
      'changing binfmt_misc needs root: run "sudo xrun emulate linux/riscv64"',
    );
  }
  assert.equal(questions, [
    'xrun: Changing binfmt_misc needs root: run "sudo xrun emulate linux/riscv64" now?',
  ]);
});

test('a platform xrun has no profile for is named', async () => {
  const { done } = run(kernel(), ['linux/riscv32']);
  try {
    await done;
    assert.unreachable('must fail');
  } catch (error) {
    assert.match((error as Error).message, /riscv32/);
  }
});

test('--remove of a native platform is allowed (it removes a capturing handler)', async () => {
  const backend = kernel();
  backend.entries = [parseEntry('qemu-i386', kernelText(profile('386')))];
  const { done, out } = run(backend, ['linux/386'], { remove: true, force: true });
  assert.is(await done, 0);
  assert.equal(out, ['linux/386: removed qemu-i386']);
});

test.run();
