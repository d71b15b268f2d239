import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitOf, nativePlatforms, runsNatively } from '../../src/platform/compat.js';
import { formatPlatform, parsePlatform } from '../../src/platform/platform.js';

const natives = (host: string, no32BitArm = false) =>
  nativePlatforms(parsePlatform(host), { no32BitArm }).map(formatPlatform);
const fit = (host: string, image: string, no32BitArm = false) =>
  fitOf(parsePlatform(host), parsePlatform(image), { no32BitArm });

test('an amd64 host runs amd64 and then 386', () => {
  assert.equal(natives('linux/amd64'), ['linux/amd64', 'linux/386']);
});

test('an amd64/v3 host runs v3, v2, plain amd64 and 386, best first', () => {
  assert.equal(natives('linux/amd64/v3'), [
    'linux/amd64/v3',
    'linux/amd64/v2',
    'linux/amd64',
    'linux/386',
  ]);
});

test('an arm64 host runs arm64 and 32-bit arm from v8 down to v5', () => {
  assert.equal(natives('linux/arm64'), [
    'linux/arm64',
    'linux/arm/v8',
    'linux/arm/v7',
    'linux/arm/v6',
    'linux/arm/v5',
  ]);
});

test('an arm64 CPU without 32-bit Arm runs arm64 alone', () => {
  assert.equal(natives('linux/arm64', true), ['linux/arm64']);
});

test('an arm/v7 host runs v7, v6 and v5', () => {
  assert.equal(natives('linux/arm/v7'), ['linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5']);
});

test('B02: an arm/v6 host runs only v6 and v5, never v7', () => {
  assert.equal(natives('armv6l'), ['linux/arm/v6', 'linux/arm/v5']);
  assert.equal(fit('armv6l', 'linux/arm/v7').fit, 'foreign');
});

test('s390x, ppc64le and riscv64 hosts run only themselves', () => {
  assert.equal(natives('linux/s390x'), ['linux/s390x']);
  assert.equal(natives('linux/ppc64le'), ['linux/ppc64le']);
  assert.equal(natives('linux/riscv64'), ['linux/riscv64']);
});

test('the same platform is an exact fit with rank 0', () => {
  assert.equal(fit('linux/amd64', 'linux/amd64'), { fit: 'exact', rank: 0 });
  assert.equal(fit('linux/s390x', 's390x'), { fit: 'exact', rank: 0 });
});

test('B09: an arm64/v8 host fits a variant-less arm64 entry exactly', () => {
  assert.equal(fit('linux/arm64/v8', 'linux/arm64'), { fit: 'exact', rank: 0 });
});

test('386 on amd64 is a compatible fit ranked after amd64', () => {
  assert.equal(fit('linux/amd64', 'linux/386'), { fit: 'compatible', rank: 1 });
});

test('B14: arm/v7 on an arm64 host is compatible', () => {
  assert.equal(fit('linux/arm64', 'linux/arm/v7'), { fit: 'compatible', rank: 2 });
});

test('arm/v7 on an arm64 CPU without 32-bit Arm is foreign', () => {
  assert.is(fit('linux/arm64', 'linux/arm/v7', true).fit, 'foreign');
});

test('B15: arm64 on an armv7l host is foreign', () => {
  assert.equal(fit('armv7l', 'linux/arm64'), {
    fit: 'foreign',
    rank: Number.POSITIVE_INFINITY,
  });
});

test('B03: arm64 on an amd64/v4 host is foreign, amd64 levels order below v4', () => {
  assert.is(fit('linux/amd64/v4', 'linux/arm64').fit, 'foreign');
  const v3 = fit('linux/amd64/v4', 'linux/amd64/v3');
  const v1 = fit('linux/amd64/v4', 'linux/amd64');
  assert.is(v3.fit, 'compatible');
  assert.is(v1.fit, 'compatible');
  assert.ok(v3.rank < v1.rank);
});

test('a higher amd64 level than the host has is foreign', () => {
  assert.is(fit('linux/amd64/v2', 'linux/amd64/v3').fit, 'foreign');
});

test('a lower host variant does not run a higher one (no upward fallback)', () => {
  assert.is(fit('linux/arm/v5', 'linux/arm/v6').fit, 'foreign');
});

test('another os never fits', () => {
  assert.is(fit('linux/amd64', 'windows/amd64').fit, 'foreign');
});

test('runsNatively says whether the host captures the binaries itself', () => {
  assert.ok(runsNatively(parsePlatform('linux/amd64'), parsePlatform('linux/386')));
  assert.ok(runsNatively(parsePlatform('linux/arm64'), parsePlatform('linux/arm/v6')));
  assert.not.ok(runsNatively(parsePlatform('linux/amd64'), parsePlatform('linux/arm64')));
  assert.not.ok(
    runsNatively(parsePlatform('linux/arm64'), parsePlatform('linux/arm/v6'), {
      no32BitArm: true,
    }),
  );
});

test.run();
