import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BinfmtEntry } from '../../src/emulation/binfmt.js';
import { loadProfiles } from '../../src/emulation/profiles.js';
import { choose, type Choice, type Policy } from '../../src/plan/choose.js';
import { plan } from '../../src/plan/plan.js';
import type { Facts, Plan } from '../../src/plan/types.js';
import { formatPlatform, parsePlatform as P } from '../../src/platform/platform.js';

const D = (n: number | string) => `sha256:${String(n).repeat(64)}`;
const STATIC = {
  amd64: '/usr/bin/qemu-x86_64-static',
  arm64: '/usr/bin/qemu-aarch64-static',
};

function facts(host: string, spec: string, more: Partial<Facts> = {}): Facts {
  const platforms = spec.split(' ').map((word) => {
    const [p = '', n = ''] = word.split('=');
    return { platform: P(p), digest: D(n), mediaType: '', size: 500 };
  });
  const remote = {
    reference: 'app',
    digest: D(9),
    mediaType: '',
    single: false,
    platforms,
  };
  return {
    host: P(host),
    emulationHost: 'local-kernel',
    profiles: loadProfiles(),
    handlers: {},
    emulators: STATIC,
    remote: { ...remote, ignored: 0 },
    ...more,
  };
}

const NONE: Policy = {
  emulate: false,
  native: false,
  yes: false,
  explicit: false,
  interactive: false,
};
const decide = (f: Facts, policy: Partial<Policy> = {}) =>
  choose(plan(f), { ...NONE, ...policy });
const entry = (flags: string): BinfmtEntry => ({
  name: 'qemu-aarch64',
  enabled: true,
  interpreter: STATIC.arm64,
  flags,
  offset: 0,
});
const WORKING = { arm64: { state: 'working' as const, entry: entry('OCF') } };

/** Which platform and how a "go" choice runs, or the failure code. */
function outcome(c: Choice): string {
  if (c.action === 'prompt') return 'prompt';
  if (c.action === 'fail') return `fail:${c.code}`;
  const how =
    c.option.kind === 'emulate' ? `emulate via ${c.option.qemu}` : c.option.kind;
  return `${how} ${formatPlatform(c.option.platform)}`;
}

test('B02: the plan failure is the choice, whatever the flags say', () => {
  const c = decide(facts('armv6l', 'linux/amd64=1 linux/arm/v7=2 linux/arm64=3'), {
    yes: true,
  });
  assert.is(outcome(c), 'fail:no-compatible-entry');
});

test('a plan with neither options nor failure fails rather than guessing', () => {
  const empty: Plan = {
    host: P('linux/amd64'),
    rows: [],
    ignored: 0,
    options: [],
    warnings: [],
  };
  assert.equal(choose(empty, NONE), {
    action: 'fail',
    code: 'no-option',
    message: 'nothing can run this image',
  });
});

test('B09: a native entry is taken without asking, even with --native', () => {
  const f = facts('linux/arm64/v8', 'linux/amd64=1 linux/arm64=2');
  assert.is(outcome(decide(f)), 'pull linux/arm64');
  assert.is(outcome(decide(f, { native: true, interactive: true })), 'pull linux/arm64');
});

test('B03: declining emulation with --native fails with no-native-entry', () => {
  const c = decide(facts('linux/amd64/v4', 'linux/arm64=1'), { native: true });
  assert.equal(c, {
    action: 'fail',
    code: 'no-native-entry',
    message:
      'linux/arm64 needs emulation on linux/amd64/v4, and --native forbids it: ' +
      'the image offers no native entry (it offers linux/arm64)',
  });
});

test('B25: with --native on s390x the failure lists both platforms on offer', () => {
  const c = decide(facts('linux/s390x', 'linux/amd64=1 linux/arm64=2'), { native: true });
  assert.is(outcome(c), 'fail:no-native-entry');
  assert.ok(
    c.action === 'fail' && c.message.includes('linux/arm64'),
    'linux/arm64 is listed',
  );
});

test('B25: with no decision and no terminal the options are printed instead of a guess', () => {
  const c = decide(facts('linux/s390x', 'linux/amd64=1 linux/arm64=2'));
  assert.equal(c, {
    action: 'fail',
    code: 'needs-decision',
    message:
      'linux/amd64 needs emulation on linux/s390x and no binfmt handler for amd64 is ' +
      'registered: run again with --emulate to register qemu-x86_64 and run it ' +
      '(or --platform with one of linux/amd64, linux/arm64)',
  });
});

test('B16: an explicit platform with no handler still asks before registering one', () => {
  const f = facts('linux/arm64', 'linux/amd64=1 linux/arm64=2', {
    requested: { platform: P('linux/amd64'), source: 'flag' },
  });
  assert.is(outcome(decide(f, { explicit: true })), 'fail:needs-decision');
  assert.is(outcome(decide(f, { explicit: true, interactive: true })), 'prompt');
  assert.is(
    outcome(decide(f, { explicit: true, emulate: true })),
    'emulate via qemu-x86_64 linux/amd64',
  );
});

test('--emulate and --yes each allow registering a missing handler', () => {
  const f = facts('linux/amd64', 'linux/arm64=1');
  assert.is(
    outcome(decide(f, { emulate: true })),
    'emulate via qemu-aarch64 linux/arm64',
  );
  assert.is(outcome(decide(f, { yes: true })), 'emulate via qemu-aarch64 linux/arm64');
});

test('on a terminal with no flags the user is asked', () => {
  assert.is(
    outcome(decide(facts('linux/amd64', 'linux/arm64=1'), { interactive: true })),
    'prompt',
  );
});

test('an explicit platform with a working handler runs without asking', () => {
  const f = facts('linux/amd64', 'linux/arm64=1', { handlers: WORKING });
  assert.is(
    outcome(decide(f, { explicit: true })),
    'emulate via qemu-aarch64 linux/arm64',
  );
  assert.is(outcome(decide(f)), 'fail:needs-decision');
});

test('a native entry beats emulation even when a working handler is listed first', () => {
  const f = facts('linux/amd64', 'linux/arm64=1 linux/amd64=2', { handlers: WORKING });
  assert.is(outcome(decide(f)), 'pull linux/amd64');
});

test('among foreign entries one with a working handler comes first', () => {
  const f = facts('linux/s390x', 'linux/amd64=1 linux/arm64=2', { handlers: WORKING });
  assert.is(outcome(decide(f, { yes: true })), 'emulate via qemu-aarch64 linux/arm64');
});

test('a broken handler stops the run even with --emulate and names the problem', () => {
  const problem =
    'handler qemu-aarch64 lacks the F flag, so containers cannot reach its interpreter';
  const handlers = { arm64: { state: 'broken' as const, entry: entry('OC'), problem } };
  const c = decide(facts('linux/amd64', 'linux/arm64=1', { handlers }), {
    emulate: true,
  });
  assert.equal(c, {
    action: 'fail',
    code: 'broken-handler',
    message:
      `linux/arm64 needs emulation on linux/amd64, but ${problem}: ` +
      'fix or remove that handler, then run again',
  });
});

test('B30: Docker Desktop emulation runs an explicit amd64 request without asking', () => {
  const f = facts('linux/arm64', 'linux/amd64=1', {
    emulationHost: 'desktop',
    emulators: {},
  });
  const c = decide(f, { explicit: true });
  assert.is(outcome(c), 'emulate via qemu-x86_64 linux/amd64');
  assert.is(
    c.action === 'go' && c.option.kind === 'emulate' && c.option.state,
    'managed',
  );
});

test('B30: Docker Desktop emulation without a request asks to allow it', () => {
  const f = facts('linux/arm64', 'linux/amd64=1', {
    emulationHost: 'desktop',
    emulators: {},
  });
  assert.equal(decide(f), {
    action: 'fail',
    code: 'needs-decision',
    message:
      'the image has no linux/arm64 entry; linux/amd64 would run under qemu-x86_64: ' +
      'run again with --emulate to allow it',
  });
});

test('a remote daemon with unknown handlers is not trusted as ready', () => {
  const f = facts('linux/amd64', 'linux/arm64=1', {
    emulationHost: 'remote',
    emulators: {},
  });
  assert.is(outcome(decide(f, { explicit: true })), 'fail:needs-decision');
});

test.run();
