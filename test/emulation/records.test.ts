import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseEntry, registrationLine } from '../../src/emulation/binfmt.js';
import { flagsFor, parseLine, sameAsLine } from '../../src/emulation/line.js';
import {
  binfmtDDir,
  persistHandler,
  persistText,
  unpersist,
} from '../../src/emulation/persist.js';
import { HandlerState, stateDir } from '../../src/emulation/state.js';
import { kernelText, profile } from './fixtures.js';

const temp = () => mkdtempSync(path.join(tmpdir(), 'xrun-records-'));
const arm = profile('arm');
const LINE = registrationLine({
  ...arm,
  name: 'qemu-arm',
  interpreter: '/usr/libexec/qemu-binfmt/arm-binfmt-P',
  flags: 'POCF',
});

test('flags: F always, C with O unless left out, P only when expected', () => {
  assert.is(flagsFor(true, true), 'POCF');
  assert.is(flagsFor(false, true), 'OCF');
  assert.is(flagsFor(true, false), 'PF');
  assert.is(flagsFor(false, false), 'F');
});

test('a registration line reads back into its fields', () => {
  const f = parseLine(LINE);
  assert.is(f.name, 'qemu-arm');
  assert.is(f.offset, 0);
  assert.is(f.magic.toString('hex'), arm.magic.toString('hex'));
  assert.is(f.mask.toString('hex'), arm.mask.toString('hex'));
  assert.is(f.interpreter, '/usr/libexec/qemu-binfmt/arm-binfmt-P');
  assert.is(f.flags, 'POCF');
});

test('an entry is the same as a line when every field and flag agrees (C implies O)', () => {
  const shown = (flags: string, enabled = true) =>
    parseEntry(
      'qemu-arm',
      kernelText(arm, {
        interpreter: '/usr/libexec/qemu-binfmt/arm-binfmt-P',
        flags,
        enabled,
      }),
    );
  assert.ok(sameAsLine(shown('POCF'), LINE));
  assert.ok(sameAsLine(shown('POCF'), LINE.replace(/POCF$/, 'PCF')));
  assert.not.ok(sameAsLine(shown('OCF'), LINE));
  assert.not.ok(sameAsLine(shown('POCF', false), LINE));
});

test('the state folder: XRUN_STATE_DIR, then XDG_STATE_HOME, then ~/.local/state', () => {
  assert.is(stateDir({ XRUN_STATE_DIR: '/s', XDG_STATE_HOME: '/x', HOME: '/h' }), '/s');
  assert.is(stateDir({ XDG_STATE_HOME: '/x', HOME: '/h' }), '/x/xrun');
  assert.is(stateDir({ HOME: '/h' }), '/h/.local/state/xrun');
});

test('records are kept per target and name, renamed into place', async () => {
  const dir = temp();
  const state = new HandlerState(path.join(dir, 'deep'));
  const rec = { target: 'host', name: 'qemu-arm', line: LINE, registeredAt: 't1' };
  await state.record(rec);
  await state.record({ ...rec, target: 'docker:default' });
  await state.record({ ...rec, registeredAt: 't2' });
  assert.equal(
    (await state.list()).map((r) => `${r.target} ${r.registeredAt}`),
    ['docker:default t1', 'host t2'],
  );
  assert.equal(readdirSync(path.join(dir, 'deep')), ['binfmt-handlers.json']);
  await state.forget('host', 'qemu-arm');
  assert.equal(await state.find('host', 'qemu-arm'), undefined);
  assert.is(JSON.parse(readFileSync(state.file, 'utf8')).version, 1);
});

test('a state file that is not JSON is one line saying which file', async () => {
  const dir = temp();
  const state = new HandlerState(dir);
  writeFileSync(state.file, '{ nope');
  try {
    await state.list();
    assert.unreachable('must fail');
  } catch (error) {
    assert.is(
      (error as Error).message,
      `${state.file} is not valid JSON: fix or delete it (it lists handlers xrun registered)`,
    );
  }
});

test('boot files go to XRUN_BINFMT_D or /etc/binfmt.d; foreign ones stay', async () => {
  assert.is(binfmtDDir({}), '/etc/binfmt.d');
  assert.is(binfmtDDir({ XRUN_BINFMT_D: '/t' }), '/t');
  const dir = temp();
  const { file } = await persistHandler('qemu-arm', LINE, dir);
  assert.is(readFileSync(file, 'utf8'), persistText(LINE));
  writeFileSync(path.join(dir, 'qemu-s390x.conf'), ':qemu-s390x:M::...\n');
  try {
    await persistHandler('qemu-s390x', LINE, dir);
    assert.unreachable('must refuse');
  } catch (error) {
    assert.is(
      (error as Error).message,
      `${path.join(dir, 'qemu-s390x.conf')} exists and was not written by xrun: ` +
        'remove it or leave out --persist',
    );
  }
  assert.not.ok(await unpersist(path.join(dir, 'qemu-s390x.conf')));
  assert.ok(await unpersist(file));
});

test.run();
