import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jsonRows, textLines } from '../../src/cli/emulators-command.js';
import { tableOf } from '../../src/emulation/binfmt.js';
import { parseListing } from '../../src/emulation/container-backend.js';
import { diagnose } from '../../src/emulation/doctor.js';
import { backendFor } from '../../src/emulation/select-backend.js';
import { UserError } from '../../src/errors.js';
import { parsePlatform } from '../../src/platform/platform.js';
import { kernelText, profile, profiles, STATIC } from './fixtures.js';

/** What the helper image's `list` printed on this machine (captured). */
const LISTING =
  'kernel 6.18.44-fc-v1252\n--- status\nenabled\n--- qemu-riscv64\nenabled\n' +
  'interpreter /usr/libexec/qemu-binfmt/riscv64-binfmt-P\nflags: POCF\noffset 0\n' +
  'magic 7f454c460201010000000000000000000200f300\n' +
  'mask ffffffffffffff00fffffffffffffffffeffffff\n';

test("the helper's listing reads as the kernel release and the table", () => {
  const { kernel, table } = parseListing(LISTING);
  assert.is(kernel, '6.18.44-fc-v1252');
  assert.is(table.state, 'ok');
  assert.ok(table.state === 'ok' && table.enabled);
  assert.equal(
    table.entries.map((e) => [e.name, e.flags, e.interpreter]),
    [['qemu-riscv64', 'POCF', '/usr/libexec/qemu-binfmt/riscv64-binfmt-P']],
  );
  const off = parseListing('kernel 5.4.0\n--- status\ndisabled\n');
  assert.ok(off.table.state === 'ok' && !off.table.enabled);
});

test('the backend: this kernel when shared, else the helper; the env decides first', () => {
  assert.is(backendFor({ env: {}, sharesKernel: true }).kind, 'host');
  assert.is(backendFor({ env: {}, sharesKernel: false }).kind, 'container');
  const forced = backendFor({
    env: { XRUN_EMULATION_BACKEND: 'container', XRUN_HELPER_IMAGE: 'me/helper:2' },
    sharesKernel: true,
  });
  assert.is(forced.where, "the daemon's kernel (through helper image me/helper:2)");
  assert.is(forced.target, 'docker:default');
  assert.is(
    backendFor({ env: { XRUN_EMULATION_BACKEND: 'host' }, sharesKernel: false }).kind,
    'host',
  );
  assert.throws(
    () => backendFor({ env: { XRUN_EMULATION_BACKEND: 'vm' }, sharesKernel: true }),
    (e: Error) =>
      e instanceof UserError &&
      e.message ===
        'XRUN_EMULATION_BACKEND is "vm": use host, container or leave it unset',
  );
});

const FOUND = diagnose({
  host: parsePlatform('linux/amd64'),
  profiles,
  snapshot: {
    mount: { state: 'mounted' },
    table: tableOf('enabled', [
      ['qemu-aarch64', kernelText(profile('arm64'), { flags: 'POCF' })],
      ['qemu-s390x', kernelText(profile('s390x'), { flags: 'OC' })],
      ['jar', 'enabled\ninterpreter /usr/bin/jexec\nflags: \noffset 0\nmagic 504b0304\n'],
    ]),
    kernel: '6.18.44',
  },
  dir: '/proc/sys/fs/binfmt_misc',
  interpreters: {
    '/usr/bin/qemu-aarch64-static': STATIC,
    '/usr/bin/qemu-s390x-static': STATIC,
  },
});

test('the text form: a state line, aligned rows, problems and fixes below', () => {
  assert.equal(textLines(FOUND, '/proc/sys/fs/binfmt_misc on this kernel'), [
    'binfmt_misc at /proc/sys/fs/binfmt_misc on this kernel: enabled',
    'linux/386       native',
    'linux/amd64     native',
    'linux/arm/v7    missing   fix: xrun emulate linux/arm/v7',
    'linux/arm64     emulated  qemu-aarch64  POCF  /usr/bin/qemu-aarch64-static',
    'linux/loong64   missing   fix: xrun emulate linux/loong64',
    'linux/mips64le  missing   fix: xrun emulate linux/mips64le',
    'linux/ppc64le   missing   fix: xrun emulate linux/ppc64le',
    'linux/riscv64   missing   fix: xrun emulate linux/riscv64',
    'linux/s390x     broken    qemu-s390x    OC    /usr/bin/qemu-s390x-static',
    '  error: handler qemu-s390x has no F flag, so containers fail with "no such file or ' +
      'directory" (the kernel looks for /usr/bin/qemu-s390x-static inside them)',
    '  fix: xrun emulate --yes linux/s390x',
    'other handlers, left alone: jar (/usr/bin/jexec)',
  ]);
});

test('the --json form has platform, status, handler and problems for each row', () => {
  const rows = jsonRows(FOUND) as Array<Record<string, unknown>>;
  assert.is(rows.length, 10);
  for (const row of rows) {
    for (const key of ['platform', 'status', 'handler', 'problems'])
      assert.ok(key in row, key);
  }
  const s390x = rows.find((r) => r.platform === 'linux/s390x');
  assert.is(s390x?.status, 'broken');
  assert.is(s390x?.handler, 'qemu-s390x');
  assert.equal(rows.at(-1), {
    platform: null,
    status: 'other',
    handler: 'jar',
    interpreter: '/usr/bin/jexec',
    flags: '',
    enabled: true,
    problems: [],
  });
});

test.run();
