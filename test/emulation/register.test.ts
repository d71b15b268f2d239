import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseEntry } from '../../src/emulation/binfmt.js';
import { ensureHandler, type EnsureOptions } from '../../src/emulation/register.js';
import { HandlerState } from '../../src/emulation/state.js';
import { parsePlatform } from '../../src/platform/platform.js';
import { FakeBackend, kernelText, profile, profiles, STATIC } from './fixtures.js';
import { failureOf } from '../helpers/assert.js';

const WRAPPER = '/usr/libexec/qemu-binfmt/s390x-binfmt-P';
const MAGIC =
  '\\x7f\\x45\\x4c\\x46\\x02\\x02\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00' +
  '\\x00\\x02\\x00\\x16';
const MASK =
  '\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfc\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff' +
  '\\xff\\xfe\\xff\\xff';
const LINE = `:qemu-s390x:M::${MAGIC}:${MASK}:${WRAPPER}:POCF`;

/** A fake kernel with Debian's static s390x emulator and its -binfmt-P wrapper. */
function kernel(): FakeBackend {
  const backend = new FakeBackend();
  backend.files = { [WRAPPER]: STATIC, '/usr/bin/qemu-s390x-static': STATIC };
  return backend;
}

const temp = () => mkdtempSync(path.join(tmpdir(), 'xrun-register-'));

/** ensureHandler for s390x on an amd64 host with the given changes. */
function ensure(backend: FakeBackend, more: Partial<EnsureOptions> = {}) {
  return ensureHandler(profile('s390x'), {
    backend,
    host: parsePlatform('linux/amd64'),
    profiles,
    state: new HandlerState(temp()),
    ...more,
  });
}

/** The one-line message an awaited call fails with. */
const failure = failureOf;

test('registers the exact POCF line for the -binfmt-P wrapper and records it', async () => {
  const backend = kernel();
  const state = new HandlerState(temp());
  const result = await ensure(backend, { state });
  assert.equal(backend.written, [LINE]);
  assert.is(result.action, 'registered');
  assert.is(result.entry.flags, 'POCF');
  assert.is(result.entry.interpreter, WRAPPER);
  assert.is(result.probed, true);
  const [record] = await state.list();
  assert.is(record?.line, LINE);
  assert.is(record?.target, 'host');
});

test('--no-credentials leaves C and O out; no P for emulators not expecting it', async () => {
  const a = kernel();
  await ensure(a, { credentials: false });
  assert.is(a.written[0]?.split(':').pop(), 'PF');
  const b = kernel();
  b.files = { '/usr/bin/qemu-s390x-static': STATIC };
  await ensure(b);
  assert.is(
    b.written[0],
    `:qemu-s390x:M::${MAGIC}:${MASK}:/usr/bin/qemu-s390x-static:OCF`,
  );
});

test('B43: a dynamically linked emulator is refused with the reason', async () => {
  const backend = kernel();
  backend.files = {
    '/usr/bin/qemu-s390x': { isElf: true, interpreter: '/lib64/ld-linux-x86-64.so.2' },
  };
  assert.is(
    await failure(ensure(backend)),
    'no static qemu-s390x emulator on the fake kernel: /usr/bin/qemu-s390x is dynamically ' +
      'linked (needs /lib64/ld-linux-x86-64.so.2), so it cannot start inside containers; ' +
      'install a static build with "apt-get install qemu-user-static"',
  );
  assert.equal(backend.written, []);
});

test('an identical handler is left alone', async () => {
  const backend = kernel();
  await backend.register(LINE);
  backend.written = [];
  const result = await ensure(backend);
  assert.is(result.action, 'unchanged');
  assert.equal(backend.written, []);
});

test('a working handler of another name is kept', async () => {
  const backend = kernel();
  backend.entries.push(parseEntry('s390x-other', kernelText(profile('s390x'))));
  const result = await ensure(backend);
  assert.is(result.action, 'working');
  assert.is(result.entry.name, 's390x-other');
});

test('a different handler of the same name is replaced only after consent', async () => {
  const old = () =>
    parseEntry('qemu-s390x', kernelText(profile('s390x'), { flags: 'OC' }));
  const refused = kernel();
  refused.entries.push(old());
  assert.is(
    await failure(ensure(refused)),
    'a different handler qemu-s390x is registered for linux/s390x: replace it with ' +
      '"xrun emulate --yes linux/s390x", or keep it',
  );
  assert.equal(refused.removed, []);

  const agreed = kernel();
  agreed.entries.push(old());
  const questions: string[] = [];
  const consent = async (q: string) => questions.push(q) > 0;
  const result = await ensure(agreed, { consent });
  assert.equal(questions, [
    'replace handler qemu-s390x (/usr/bin/qemu-s390x-static, flags OC) with ' +
      `xrun's ${WRAPPER} POCF?`,
  ]);
  assert.equal(agreed.removed, ['qemu-s390x']);
  assert.is(result.action, 'replaced');
  assert.is(result.entry.flags, 'POCF');
});

test('never registers for a platform the host runs natively', async () => {
  const message = await failure(
    ensureHandler(profile('386'), {
      backend: kernel(),
      host: parsePlatform('linux/amd64'),
      profiles,
    }),
  );
  assert.is(
    message,
    "linux/386 runs natively on linux/amd64: a handler would capture the host's own " +
      'programs, so none is registered',
  );
});

test('without root it names the exact command, unless nothing needs changing', async () => {
  const backend = kernel();
  backend.uid = 1000;
  assert.is(
    await failure(ensure(backend)),
    'changing binfmt_misc needs root: run "sudo xrun emulate linux/s390x"',
  );
  await backend.register(LINE);
  assert.is((await ensure(backend)).action, 'unchanged');
});

test('an unmounted binfmt_misc is mounted; a disabled one is left to the user', async () => {
  const unmounted = kernel();
  unmounted.mounted = false;
  assert.is((await ensure(unmounted)).action, 'registered');
  assert.ok(unmounted.mounted);

  const off = kernel();
  off.enabled = false;
  assert.is(
    await failure(ensure(off)),
    'binfmt_misc is disabled as a whole: enable it with ' +
      '"echo 1 > /proc/sys/fs/binfmt_misc/status"; xrun never changes it itself',
  );
});

test('each kernel refusal is one line with its cause', async () => {
  const expected: Record<string, string> = {
    EINVAL:
      'the kernel refused handler qemu-s390x (EINVAL): the line is malformed or names ' +
      'an unknown flag; check qemu-profiles/s390x.json',
    EEXIST:
      'the kernel refused handler qemu-s390x (EEXIST): a handler of that name appeared ' +
      'meanwhile (another tool?); run "xrun emulators" to see it',
    ENOENT:
      `the kernel refused handler qemu-s390x (ENOENT): it cannot open ${WRAPPER} to hold ` +
      'it (F flag); install it with "apt-get install qemu-user-static"',
    EACCES:
      'the kernel refused handler qemu-s390x (EACCES): writing binfmt_misc needs ' +
      'CAP_SYS_ADMIN in the initial user namespace on the fake kernel, with binfmt_misc ' +
      'mounted read-write',
  };
  for (const [code, message] of Object.entries(expected)) {
    const backend = kernel();
    backend.refuse = code;
    assert.is(await failure(ensure(backend)), message, code);
  }
});

test('a handler that does not pass the probe right after registering is reported', async () => {
  const backend = kernel();
  backend.probeResults = { s390x: { verdict: 'argv-short', detail: 'exited 41' } };
  assert.is(
    await failure(ensure(backend)),
    `registered qemu-s390x but it does not work: the probe lost an argument: ${WRAPPER} ` +
      'expects preserve-argv0 but P is not set, so multi-call programs like busybox ' +
      'fail ("applet not found")',
  );
});

test('a working but different handler of that name is kept unless replacing is agreed', async () => {
  const other = () =>
    parseEntry('qemu-s390x', kernelText(profile('s390x'), { flags: 'F' }));
  const kept = kernel();
  kept.entries.push(other());
  const result = await ensure(kept);
  assert.is(result.action, 'working');
  assert.equal(kept.written, []);
  assert.equal(result.notes, [
    'qemu-s390x keeps its flags F (xrun would write POCF): add --yes to replace it',
  ]);

  const replaced = kernel();
  replaced.entries.push(other());
  const again = await ensure(replaced, { consent: async () => true });
  assert.is(again.action, 'replaced');
  assert.equal(replaced.written, [LINE]);
});

test('--persist writes the line for systemd-binfmt, under the vendor file name', async () => {
  const dir = temp();
  const result = await ensure(kernel(), { persistDir: dir });
  const file = path.join(dir, 'qemu-s390x.conf');
  assert.is(
    readFileSync(file, 'utf8'),
    `# Written by "xrun emulate --persist"; removed by "xrun emulate --remove".\n${LINE}\n`,
  );
  assert.equal(result.notes, [
    `wrote ${file}`,
    `systemd-binfmt registers it at boot; with the F flag ${WRAPPER} must be on a file ` +
      'system mounted by then (systemd/systemd#21178)',
  ]);
});

test.run();
