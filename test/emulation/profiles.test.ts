import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  loadProfiles,
  PROFILE_DIR,
  profileFor,
  validateProfile,
} from '../../src/emulation/profiles.js';
import { UserError } from '../../src/errors.js';
import { formatPlatform, parsePlatform } from '../../src/platform/platform.js';

const dir = mkdtempSync(path.join(tmpdir(), 'xrun-profiles-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const good = () => JSON.parse(readFileSync(path.join(PROFILE_DIR, 's390x.json'), 'utf8'));

function broken(doc: unknown, message: string, file = 'bad.json'): void {
  try {
    validateProfile(file, doc);
  } catch (error) {
    assert.instance(error, UserError);
    assert.is((error as Error).message, `qemu profile ${file} is broken: ${message}`);
    return;
  }
  assert.unreachable(`expected: ${message}`);
}

test('all shipped profiles load, one per architecture', () => {
  assert.equal(
    loadProfiles().map((p) => p.architecture),
    [
      '386',
      'amd64',
      'arm',
      'arm64',
      'loong64',
      'mips64le',
      'ppc64le',
      'riscv64',
      's390x',
    ],
  );
});

test('every profile emulates its own architecture under its qemu handler name', () => {
  for (const p of loadProfiles()) {
    assert.is(p.handler, `qemu-${p.qemu}`);
    assert.ok(
      p.platforms.every((q) => q.architecture === p.architecture),
      p.architecture,
    );
    assert.is(p.magic.length, 20, p.architecture);
    assert.is(p.mask.length, 20, p.architecture);
    assert.is(p.magic.subarray(0, 4).toString('latin1'), '\x7fELF');
  }
});

test('B46: only the *-binfmt-P wrappers are marked as expecting the P flag', () => {
  for (const p of loadProfiles()) {
    for (const e of p.emulators)
      assert.is(e.preserveArgv0, e.path.endsWith('-binfmt-P'), e.path);
  }
});

test("magic, mask and P interpreter agree with Debian's qemu-user-static descriptions", () => {
  let compared = 0;
  for (const p of loadProfiles()) {
    const file = `/usr/share/binfmts/qemu-${p.qemu}`;
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const field = (name: string) => {
      const raw = new RegExp(`^${name} (.*)$`, 'm').exec(text)?.[1] ?? '';
      return raw.replace(/\\x([0-9a-f]{2})/g, (_, h: string) =>
        String.fromCharCode(parseInt(h, 16)),
      );
    };
    assert.is(
      Buffer.from(field('magic'), 'latin1').toString('hex'),
      p.magic.toString('hex'),
      file,
    );
    assert.is(
      Buffer.from(field('mask'), 'latin1').toString('hex'),
      p.mask.toString('hex'),
      file,
    );
    assert.is(p.emulators[0]?.path, field('interpreter'), file);
    compared++;
  }
  assert.ok(compared >= 7, `only ${compared} Debian descriptions were found`);
});

test('profileFor finds arm for every arm variant and nothing for amd64 levels', () => {
  const arch = (text: string) => profileFor(parsePlatform(text))?.architecture;
  assert.is(arch('linux/arm/v6'), 'arm');
  assert.is(arch('linux/arm'), 'arm');
  assert.is(arch('linux/arm64/v8'), 'arm64');
  assert.is(arch('linux/386'), '386');
  assert.is(arch('linux/amd64/v3'), undefined);
  assert.is(arch('windows/amd64'), undefined);
});

test('a valid document gives the profile with parsed platforms and bytes', () => {
  const p = validateProfile('s390x.json', good());
  assert.equal(p.platforms.map(formatPlatform), ['linux/s390x']);
  assert.is(p.mask.toString('hex'), 'fffffffffffffffcfffffffffffffffffffeffff');
});

test('a document that is not an object names the root', () => {
  broken(null, 'field "(root)" must be an object');
});

test('uppercase or odd-length magic names the magic field', () => {
  broken(
    { ...good(), magic: '7F454C46' },
    'field "magic" must be an even-length lowercase hex string',
  );
  broken(
    { ...good(), magic: '7f454c460' },
    'field "magic" must be an even-length lowercase hex string',
  );
});

test('a mask of another length than magic names the mask field', () => {
  broken({ ...good(), mask: 'ffffffff' }, 'field "mask" must be as long as magic');
});

test('an empty or unknown platform list names the platforms field', () => {
  broken({ ...good(), platforms: [] }, 'field "platforms" must be a non-empty list');
  broken(
    { ...good(), platforms: ['linux/sparc64'] },
    'field "platforms" has an unknown platform "linux/sparc64"',
  );
});

test('a relative emulator path or a missing preserveArgv0 names the emulators field', () => {
  broken(
    { ...good(), emulators: [{ path: 'qemu-s390x', preserveArgv0: false }] },
    'field "emulators" needs an absolute "path" in every entry',
  );
  broken(
    { ...good(), emulators: [{ path: '/usr/bin/qemu-s390x-static' }] },
    'field "emulators" needs "preserveArgv0": true or false in every entry',
  );
  broken({ ...good(), emulators: [] }, 'field "emulators" must be a non-empty list');
});

test('a handler name with a separator in it names the handler field', () => {
  broken({ ...good(), handler: 'qemu:s390x' }, 'field "handler" must be a plain name');
});

test('an unknown field, a magic that is not ELF or a platform of another arch is named', () => {
  broken(
    { ...good(), preserve: true },
    'field "preserve" is not known: use architecture, qemu, platforms, handler, magic, ' +
      'mask, emulators',
  );
  broken(
    { ...good(), magic: '4d5a0000' + '00'.repeat(16) },
    'field "magic" must start with the ELF magic 7f454c46',
  );
  broken(
    { ...good(), platforms: ['linux/s390x', 'linux/arm64'] },
    'field "platforms" has linux/arm64, which is not s390x',
  );
});

test('each profile serves the OCI platforms the issue asks for', () => {
  const served = loadProfiles().flatMap((p) => p.platforms.map(formatPlatform));
  for (const platform of [
    'linux/amd64',
    'linux/386',
    'linux/arm64',
    'linux/arm/v5',
    'linux/arm/v6',
    'linux/arm/v7',
    'linux/ppc64le',
    'linux/s390x',
    'linux/riscv64',
    'linux/mips64le',
    'linux/loong64',
  ]) {
    assert.ok(served.includes(platform), platform);
  }
});

test('loading a folder names the file whose JSON is invalid', () => {
  writeFileSync(path.join(dir, 'a.json'), JSON.stringify(good()));
  writeFileSync(path.join(dir, 'b.json'), '{ not json');
  try {
    loadProfiles(dir);
  } catch (error) {
    assert.is(
      (error as Error).message,
      'qemu profile b.json is broken: field "(root)" is not valid JSON',
    );
    return;
  }
  assert.unreachable('b.json must be refused');
});

test('loading a folder of valid profiles reads only its .json files', () => {
  const only = mkdtempSync(path.join(dir, 'ok-'));
  writeFileSync(path.join(only, 's390x.json'), JSON.stringify(good()));
  writeFileSync(path.join(only, 'README.md'), '# notes');
  assert.equal(
    loadProfiles(only).map((p) => p.architecture),
    ['s390x'],
  );
});

test.run();
