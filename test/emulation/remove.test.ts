import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseEntry, registrationLine } from '../../src/emulation/binfmt.js';
import { persistText } from '../../src/emulation/persist.js';
import { removeHandlers } from '../../src/emulation/remove.js';
import { HandlerState } from '../../src/emulation/state.js';
import { FakeBackend, kernelText, profile } from './fixtures.js';

const temp = () => mkdtempSync(path.join(tmpdir(), 'xrun-remove-'));
const riscv = profile('riscv64');
const LINE = registrationLine({
  ...riscv,
  name: 'qemu-riscv64',
  interpreter: '/usr/bin/qemu-riscv64-static',
  flags: 'OCF',
});

/** A fake kernel holding xrun's riscv64 handler, recorded as xrun's. */
async function registered() {
  const backend = new FakeBackend();
  backend.files = { '/usr/bin/qemu-riscv64-static': { isElf: true } };
  await backend.register(LINE);
  const state = new HandlerState(temp());
  await state.record({
    target: 'host',
    name: 'qemu-riscv64',
    line: LINE,
    registeredAt: 'x',
  });
  return { backend, state };
}

test('removes a handler xrun registered, forgets it and deletes its boot file', async () => {
  const { backend, state } = await registered();
  const persistDir = temp();
  const conf = path.join(persistDir, 'qemu-riscv64.conf');
  writeFileSync(conf, persistText(LINE));
  const lines = await removeHandlers(riscv, { backend, state, persistDir });
  assert.equal(lines, [
    'linux/riscv64: removed qemu-riscv64',
    `linux/riscv64: deleted ${conf}`,
  ]);
  assert.equal(backend.removed, ['qemu-riscv64']);
  assert.equal(await state.list(), []);
  assert.not.ok(existsSync(conf));
});

test('a boot file xrun did not write is left in place', async () => {
  const { backend, state } = await registered();
  const persistDir = temp();
  const conf = path.join(persistDir, 'qemu-riscv64.conf');
  writeFileSync(conf, `${LINE}\n`);
  await removeHandlers(riscv, { backend, state, persistDir });
  assert.ok(existsSync(conf));
});

test("a handler changed since xrun registered it is not xrun's any more", async () => {
  const { backend, state } = await registered();
  backend.entries = [parseEntry('qemu-riscv64', kernelText(riscv, { flags: 'F' }))];
  try {
    await removeHandlers(riscv, { backend, state });
    assert.unreachable('must refuse');
  } catch (error) {
    assert.is(
      (error as Error).message,
      'handler qemu-riscv64 for linux/riscv64 was not registered by xrun, so it is left ' +
        'alone: add --force to remove it anyway',
    );
  }
  assert.equal(backend.removed, []);
  await removeHandlers(riscv, { backend, state, force: true });
  assert.equal(backend.removed, ['qemu-riscv64']);
});

test("xrun's own handler goes and another claiming the same platform stays", async () => {
  const { backend, state } = await registered();
  backend.entries.push(parseEntry('xrdup', kernelText(riscv, { flags: 'F' })));
  const lines = await removeHandlers(riscv, { backend, state });
  assert.equal(lines, [
    'linux/riscv64: left xrdup alone (not registered by xrun; --force removes it)',
    'linux/riscv64: removed qemu-riscv64',
  ]);
  assert.equal(backend.removed, ['qemu-riscv64']);
});

test('with --force every handler claiming the platform goes, whatever its name', async () => {
  const backend = new FakeBackend();
  backend.entries = [
    parseEntry('a-riscv', kernelText(riscv)),
    parseEntry('b-riscv', kernelText(riscv, { enabled: false })),
    parseEntry(
      'WSLInterop',
      'enabled\ninterpreter /init\nflags: PF\noffset 0\nmagic 4d5a\n',
    ),
  ];
  const lines = await removeHandlers(riscv, {
    backend,
    state: new HandlerState(temp()),
    force: true,
  });
  assert.equal(lines, [
    'linux/riscv64: removed a-riscv',
    'linux/riscv64: removed b-riscv',
  ]);
  assert.equal(
    backend.entries.map((e) => e.name),
    ['WSLInterop'],
  );
});

test('nothing to remove is said, and removing needs root', async () => {
  const empty = new FakeBackend();
  const state = new HandlerState(temp());
  assert.equal(await removeHandlers(riscv, { backend: empty, state }), [
    'linux/riscv64: no handler to remove',
  ]);
  const { backend, state: mine } = await registered();
  backend.uid = 1000;
  try {
    await removeHandlers(riscv, { backend, state: mine, force: true });
    assert.unreachable('must need root');
  } catch (error) {
    assert.is(
      (error as Error).message,
      'changing binfmt_misc needs root: run "sudo xrun emulate --remove --force linux/riscv64"',
    );
  }
});

test.run();
