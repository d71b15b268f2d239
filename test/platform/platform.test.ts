import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  formatPlatform,
  isNonstandardVariant,
  normalize,
  parsePlatform,
  samePlatform,
} from '../../src/platform/platform.js';
import { throwsUserError } from '../helpers/assert.js';

const parsed = (text: string) => formatPlatform(parsePlatform(text));
const norm = (architecture: string, variant?: string) =>
  formatPlatform(normalize({ os: 'linux', architecture, variant }));

test('uname and Debian spellings of x86-64 normalize to amd64', () => {
  assert.is(norm('x86_64'), 'linux/amd64');
  assert.is(norm('x86-64'), 'linux/amd64');
  assert.is(norm('AMD64'), 'linux/amd64');
});

test('aarch64 normalizes to arm64 and its default variant v8 is dropped', () => {
  assert.is(norm('aarch64'), 'linux/arm64');
  assert.is(norm('aarch64', 'v8'), 'linux/arm64');
  assert.is(norm('arm64', 'v8'), 'linux/arm64');
});

test('Debian and uname names for 32-bit Arm carry their variant', () => {
  assert.is(norm('armhf'), 'linux/arm/v7');
  assert.is(norm('armel'), 'linux/arm/v6');
  assert.is(norm('armv7l'), 'linux/arm/v7');
  assert.is(norm('armv6l'), 'linux/arm/v6');
});

test('plain arm with no variant means arm/v7', () => {
  assert.is(norm('arm'), 'linux/arm/v7');
  assert.is(parsed('linux/arm'), 'linux/arm/v7');
});

test('i386 and i686 both normalize to 386', () => {
  assert.is(norm('i386'), 'linux/386');
  assert.is(norm('i686'), 'linux/386');
});

test('ppc64le, s390x, riscv64 and mips64le keep their names', () => {
  for (const arch of ['ppc64le', 's390x', 'riscv64', 'mips64le']) {
    assert.is(norm(arch), `linux/${arch}`);
  }
});

test('the amd64 level v1 is dropped, higher levels are kept', () => {
  assert.is(norm('amd64', 'v1'), 'linux/amd64');
  assert.is(norm('amd64', 'v3'), 'linux/amd64/v3');
});

test('B02: an armv6l host is linux/arm/v6', () => {
  assert.is(parsed('armv6l'), 'linux/arm/v6');
});

test('B03: the image and host platforms of the mismatch warning parse cleanly', () => {
  assert.is(parsed('linux/arm64/v8'), 'linux/arm64');
  assert.equal(parsePlatform('linux/amd64/v4'), {
    os: 'linux',
    architecture: 'amd64',
    variant: 'v4',
  });
});

test('B03: amd64/v3 is a known platform, not an unknown architecture', () => {
  assert.is(parsed('linux/amd64/v3'), 'linux/amd64/v3');
});

test('B07: linux/riscv64 parses as a known platform', () => {
  assert.is(parsed('linux/riscv64'), 'linux/riscv64');
});

test('B08: linux/aarch64 equals the arm64 a local image inspect reports', () => {
  const requested = parsePlatform('linux/aarch64');
  assert.is(formatPlatform(requested), 'linux/arm64');
  assert.ok(samePlatform(requested, { os: 'linux', architecture: 'arm64' }));
});

test('B10: linux/arm64 and linux/arm64/v8 are equal in both directions', () => {
  const bare = { os: 'linux', architecture: 'arm64' };
  const v8 = { os: 'linux', architecture: 'arm64', variant: 'v8' };
  assert.ok(samePlatform(bare, v8));
  assert.ok(samePlatform(v8, bare));
});

test('B10: the variant spelling armv8 on arm64 reads as v8', () => {
  assert.is(norm('arm64', 'armv8'), 'linux/arm64');
  assert.ok(isNonstandardVariant('armv8'));
  assert.not.ok(isNonstandardVariant('v8'));
  assert.not.ok(isNonstandardVariant(undefined));
});

test('different variants of arm are different platforms', () => {
  assert.not.ok(
    samePlatform(parsePlatform('linux/arm/v7'), parsePlatform('linux/arm/v6')),
  );
  assert.not.ok(samePlatform(parsePlatform('linux/amd64'), parsePlatform('linux/arm64')));
});

test('B17: a request for linux/arm is normalized to linux/arm/v7', () => {
  assert.is(parsed('linux/arm'), 'linux/arm/v7');
});

test('a bare architecture means linux', () => {
  assert.is(parsed('arm64'), 'linux/arm64');
  assert.is(parsed('x86_64'), 'linux/amd64');
});

test('the os part is kept and lowercased', () => {
  assert.is(parsed('Windows/AMD64'), 'windows/amd64');
});

test('a numeric arm variant is written with its v', () => {
  assert.is(parsed('linux/arm/7'), 'linux/arm/v7');
});

test('empty parts and too many parts are refused with the expected form', () => {
  throwsUserError(() => parsePlatform('linux/'), /write it as os\/arch\[\/variant\]/);
  throwsUserError(() => parsePlatform('linux/arm/v7/x'), /invalid platform/);
  throwsUserError(() => parsePlatform(''), /invalid platform ""/);
});

test('an unknown architecture is refused and the known ones are listed', () => {
  throwsUserError(
    () => parsePlatform('linux/sparc64'),
    /unknown architecture "sparc64" in platform "linux\/sparc64": use one of 386, amd64/,
  );
});

test('formatPlatform prints os/arch and adds the variant only when present', () => {
  assert.is(formatPlatform({ os: 'linux', architecture: 's390x' }), 'linux/s390x');
  assert.is(
    formatPlatform({ os: 'linux', architecture: 'arm', variant: 'v6' }),
    'linux/arm/v6',
  );
});

test('a platform with control characters is refused, and shown escaped', () => {
  throwsUserError(
    () => parsePlatform('\u008c/x86'),
    /^invalid platform "\\x8c\/x86": it must not contain control characters$/,
  );
  assert.is(
    formatPlatform({ os: 'linux', architecture: '\u001b[2Jevil' }),
    'linux/\\x1b[2Jevil',
  );
});

test.run();
