import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadProfiles } from '../../src/emulation/profiles.js';
import { plan } from '../../src/plan/plan.js';
import type { Facts, Plan } from '../../src/plan/types.js';
import { formatPlatform, parsePlatform as P } from '../../src/platform/platform.js';
import type { RemoteImage } from '../../src/registry/resolve.js';

const D = (n: number | string) => `sha256:${String(n).repeat(64)}`;
const STATIC: Record<string, string> = {
  amd64: '/usr/bin/qemu-x86_64-static',
  arm64: '/usr/bin/qemu-aarch64-static',
  arm: '/usr/bin/qemu-arm-static',
  s390x: '/usr/bin/qemu-s390x-static',
};

/** An index from "platform=digit" words, e.g. "linux/amd64=1 linux/arm64=2". */
function index(spec: string, single = false, ignored = 0): RemoteImage {
  const platforms = spec.split(' ').map((word) => {
    const [p = '', n = ''] = word.split('=');
    return { platform: P(p), digest: D(n), mediaType: '', size: 500 };
  });
  return { reference: 'app', digest: D(9), mediaType: '', single, platforms, ignored };
}

/** Facts for a host and an index as in index(); more overrides any field. */
function facts(host: string, spec?: string, more: Partial<Facts> = {}): Facts {
  const f: Facts = {
    host: P(host),
    emulationHost: 'local-kernel',
    profiles: loadProfiles(),
    handlers: {},
    emulators: STATIC,
  };
  if (spec) f.remote = index(spec);
  return { ...f, ...more };
}

const flag = (p: string) => ({ requested: { platform: P(p), source: 'flag' as const } });
const env = (p: string) => ({ requested: { platform: P(p), source: 'env' as const } });
const cached = (p: string) => ({ local: P(p) });

/** The best option written the way cases.md names decisions. */
function decision(p: Plan): string {
  const best = p.options[0];
  if (!best) return `fail:${p.failure?.code}`;
  const platform = formatPlatform(best.platform);
  if (best.kind === 'local') return 'native';
  if (best.kind === 'pull') return `pull ${platform}@${best.digest}`;
  const pull = best.digest ? ` pulling ${best.digest}` : '';
  return `emulate ${platform} via ${best.qemu}${pull}`;
}

function decides(title: string, f: Facts, expected: string): void {
  test(title, () => assert.is(decision(plan(f)), expected));
}

decides(
  'B03: an arm64-only index on an amd64/v4 host is emulated through qemu-aarch64',
  facts('linux/amd64/v4', 'linux/arm64=1'),
  `emulate linux/arm64 via qemu-aarch64 pulling ${D(1)}`,
);
decides(
  'B03: on an amd64/v4 host the highest amd64 level it runs is picked',
  facts('linux/amd64/v4', 'linux/amd64=1 linux/amd64/v3=2'),
  `pull linux/amd64/v3@${D(2)}`,
);
decides(
  'on an arm64 host arm/v7 is preferred to arm/v5 whatever the index order',
  facts('linux/arm64', 'linux/arm/v5=1 linux/arm/v7=2'),
  `pull linux/arm/v7@${D(2)}`,
);
decides(
  'B05: an s390x host pulls the s390x entry by digest',
  facts('linux/s390x', 'linux/amd64=1 linux/arm64=2 linux/s390x=4'),
  `pull linux/s390x@${D(4)}`,
);
decides(
  'B07: an amd64 image on a riscv64 host is emulated through qemu-x86_64',
  facts('linux/riscv64', 'linux/amd64=1'),
  `emulate linux/amd64 via qemu-x86_64 pulling ${D(1)}`,
);
decides(
  'B09: an arm64/v8 host selects the variant-less arm64 entry',
  facts('linux/arm64/v8', 'linux/amd64=1 linux/arm64=2 linux/arm/v7=3 linux/s390x=5'),
  `pull linux/arm64@${D(2)}`,
);
decides(
  'B14: on an arm64 CPU without 32-bit Arm the arm/v7 entry goes through qemu-arm',
  facts('linux/arm64', 'linux/arm/v7=5', { traits: { no32BitArm: true } }),
  `emulate linux/arm/v7 via qemu-arm pulling ${D(5)}`,
);
decides(
  'B16: --platform linux/amd64 with arm64 cached on arm64 emulates the amd64 entry',
  facts('linux/arm64', 'linux/amd64=1 linux/arm64=2', {
    ...flag('linux/amd64'),
    ...cached('linux/arm64'),
  }),
  `emulate linux/amd64 via qemu-x86_64 pulling ${D(1)}`,
);
decides(
  'B17: --platform linux/arm with amd64 cached on amd64 emulates the arm/v7 entry',
  facts('linux/amd64', 'linux/amd64=1 linux/arm/v7=2 linux/arm64=3', {
    ...flag('linux/arm'),
    ...cached('linux/amd64'),
  }),
  `emulate linux/arm/v7 via qemu-arm pulling ${D(2)}`,
);
decides(
  'B19: DOCKER_DEFAULT_PLATFORM=linux/amd64 with arm64 cached emulates the amd64 entry',
  facts('linux/arm64', 'linux/amd64=1 linux/arm64=2', {
    ...env('linux/amd64'),
    ...cached('linux/arm64'),
  }),
  `emulate linux/amd64 via qemu-x86_64 pulling ${D(1)}`,
);
decides(
  'B21: a single-platform arm64 image on amd64 is emulated through qemu-aarch64',
  facts('linux/amd64', undefined, { remote: index('linux/arm64=7', true) }),
  `emulate linux/arm64 via qemu-aarch64 pulling ${D(7)}`,
);
decides(
  'B24: an s390x-only repository on amd64 is emulated, pulling that entry',
  facts('linux/amd64', 'linux/s390x=6'),
  `emulate linux/s390x via qemu-s390x pulling ${D(6)}`,
);
decides(
  'B26: amd64 and s390x on a ppc64le host offer qemu-x86_64',
  facts('linux/ppc64le', 'linux/amd64=1 linux/s390x=2'),
  `emulate linux/amd64 via qemu-x86_64 pulling ${D(1)}`,
);

test('B02: an amd64, arm/v7 and arm64 index on an arm/v6 host has no compatible entry', () => {
  const p = plan(facts('armv6l', 'linux/amd64=1 linux/arm/v7=2 linux/arm64=3'));
  assert.is(decision(p), 'fail:no-compatible-entry');
  const message = p.failure?.message ?? '';
  assert.match(
    message,
    'on linux/arm/v6: it offers linux/amd64, linux/arm/v7, linux/arm64 (',
  );
  assert.match(message, "linux/arm/v7 binaries from this host's own (same ELF machine)");
});

test('B05: without s390x and without emulators the failure lists what exists', () => {
  const p = plan(facts('linux/s390x', 'linux/amd64=1 linux/arm64=2', { emulators: {} }));
  assert.is(decision(p), 'fail:no-compatible-entry');
  assert.match(
    p.failure?.message ?? '',
    'on linux/s390x: it offers linux/amd64, linux/arm64',
  );
});

test('B08: --platform linux/aarch64 runs a local arm64 image unchanged, no warning', () => {
  const p = plan(
    facts('linux/arm64', undefined, { ...flag('aarch64'), ...cached('arm64') }),
  );
  assert.is(decision(p), 'native');
  assert.equal(p.warnings, []);
});

test('B14: an arm/v7-only image on arm64 is pulled with a 32-bit warning, no qemu-arm', () => {
  const p = plan(facts('linux/arm64', 'linux/arm/v7=5'));
  assert.is(decision(p), `pull linux/arm/v7@${D(5)}`);
  assert.equal(p.warnings, [
    'running 32-bit linux/arm/v7 on 64-bit linux/arm64: ' +
      'some arm64 CPUs cannot run 32-bit Arm code',
  ]);
  assert.is(p.options.length, 1);
  assert.is(p.rows[0]?.runnable, 'compatible');
});

test('B15: an arm64-only image on an armv7l host fails and points to a 64-bit OS', () => {
  const p = plan(facts('armv7l', 'linux/arm64=1'));
  assert.is(decision(p), 'fail:no-compatible-entry');
  assert.match(
    p.failure?.message ?? '',
    'cannot dependably emulate this: use a 64-bit OS',
  );
});

test('B16: without the registry a cached arm64 image never satisfies an amd64 request', () => {
  const more = {
    ...flag('linux/amd64'),
    ...cached('linux/arm64'),
    remoteError: 'timed out',
  };
  const p = plan(facts('linux/arm64', undefined, more));
  assert.is(decision(p), 'fail:no-requested-entry');
  assert.is(
    p.failure?.message,
    'the image has no linux/amd64 entry; it offers: linux/arm64',
  );
  assert.equal(p.warnings, ['registry not consulted: timed out']);
});

test('B22: one ignored attestation is reported and only arm64 is shown', () => {
  const p = plan(
    facts('linux/amd64', undefined, { remote: index('linux/arm64=1', false, 1) }),
  );
  assert.is(decision(p), `emulate linux/arm64 via qemu-aarch64 pulling ${D(1)}`);
  assert.equal(p.warnings, ['1 attestation entry ignored']);
  assert.equal(
    p.rows.map((r) => formatPlatform(r.platform)),
    ['linux/arm64'],
  );
});

test('B29: an arm64 request against a single-platform amd64 image fails as such', () => {
  const more = { ...flag('linux/arm64'), remote: index('linux/amd64=1', true) };
  const p = plan(facts('linux/arm64', undefined, more));
  assert.is(decision(p), 'fail:no-requested-entry');
  assert.is(
    p.failure?.message,
    'the image has no linux/arm64 entry; it offers: linux/amd64',
  );
});

test('386 on amd64 runs natively as a compatible fallback, never through qemu-i386', () => {
  const p = plan(facts('linux/amd64', 'linux/386=1'));
  assert.is(decision(p), `pull linux/386@${D(1)}`);
  assert.equal(p.warnings, ['no linux/amd64 entry; running compatible linux/386']);
});

test('a foreign entry without handler or static emulator says how to install one', () => {
  const p = plan(facts('linux/amd64', 'linux/arm64=1', { emulators: {} }));
  assert.is(decision(p), 'fail:no-compatible-entry');
  assert.is(
    p.rows[0]?.reason,
    'no static qemu-aarch64 is installed (apt-get install qemu-user-static)',
  );
});

test('an image for another os is shown but never offered', () => {
  const p = plan(facts('linux/amd64', 'windows/amd64=1'));
  assert.is(decision(p), 'fail:no-compatible-entry');
  assert.is(p.rows[0]?.reason, 'windows images cannot run on a linux daemon');
});

test.run();
