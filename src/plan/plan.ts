import { describe } from '../emulation/handlers.js';
import { profileFor, type QemuProfile } from '../emulation/profiles.js';
import { fitOf, nativePlatforms } from '../platform/compat.js';
import { formatPlatform, samePlatform, type Platform } from '../platform/platform.js';
import type { Facts, HandlerState, Option, Plan, PlatformRow } from './types.js';

interface Candidate {
  platform: Platform;
  digest?: string;
  local: boolean;
}

/** Builds the ranked options from the facts; touches nothing outside its arguments. */
export function plan(facts: Facts): Plan {
  const requested = facts.requested?.platform;
  const candidates = candidatesOf(facts);
  const rows = candidates.map((c) => rowOf(facts, c));
  const warnings: string[] = [];
  const ignored = facts.remote?.ignored ?? 0;
  if (ignored > 0)
    warnings.push(
      `${ignored} attestation ${ignored === 1 ? 'entry' : 'entries'} ignored`,
    );
  if (facts.remoteError) warnings.push(`registry not consulted: ${facts.remoteError}`);

  const wanted = requested
    ? candidates.filter((c) => samePlatform(c.platform, requested))
    : candidates;
  const options = rank(facts, [
    ...nativeOptions(facts, wanted),
    ...emulateOptions(facts, wanted),
  ]);
  const result: Plan = { host: facts.host, rows, ignored, options, warnings };
  if (requested) result.requested = requested;
  if (facts.local) result.local = facts.local;

  const best = options[0];
  if (best && best.kind !== 'emulate' && best.fit === 'compatible' && !requested) {
    warnings.push(compatibleWarning(facts.host, best.platform));
  }
  if (options.length === 0) result.failure = failureOf(facts, rows, requested);
  return result;
}

function candidatesOf(facts: Facts): Candidate[] {
  const list: Candidate[] = (facts.remote?.platforms ?? []).map((e) => ({
    platform: e.platform,
    digest: e.digest,
    local: facts.local !== undefined && samePlatform(e.platform, facts.local),
  }));
  if (facts.local && !list.some((c) => c.local)) {
    list.unshift({ platform: facts.local, local: true });
  }
  return list;
}

function rowOf(facts: Facts, c: Candidate): PlatformRow {
  const row: PlatformRow = {
    platform: c.platform,
    runnable: 'cannot-run',
    local: c.local,
  };
  if (c.digest) row.digest = c.digest;
  const { fit } = fitOf(facts.host, c.platform, facts.traits);
  if (fit !== 'foreign') {
    row.runnable = fit === 'exact' ? 'native' : 'compatible';
    return row;
  }
  const emu = emulationOf(facts, c.platform);
  if ('reason' in emu) row.reason = emu.reason;
  else
    row.runnable =
      emu.state === 'working' || emu.state === 'managed' ? 'emulated' : 'needs-emulation';
  return row;
}

function nativeOptions(facts: Facts, list: Candidate[]): Option[] {
  const options: Option[] = [];
  for (const c of list) {
    const { fit } = fitOf(facts.host, c.platform, facts.traits);
    if (fit === 'foreign') continue;
    if (c.local) options.push({ kind: 'local', platform: c.platform, fit });
    else if (c.digest)
      options.push({ kind: 'pull', platform: c.platform, digest: c.digest, fit });
  }
  return options;
}

function emulateOptions(facts: Facts, list: Candidate[]): Option[] {
  const options: Option[] = [];
  for (const c of list) {
    if (fitOf(facts.host, c.platform, facts.traits).fit !== 'foreign') continue;
    const emu = emulationOf(facts, c.platform);
    if ('reason' in emu) continue;
    const option: Option = {
      kind: 'emulate',
      platform: c.platform,
      architecture: emu.profile.architecture,
      handler: emu.profile.handler,
      qemu: `qemu-${emu.profile.qemu}`,
      state: emu.state,
    };
    if (!c.local && c.digest) option.digest = c.digest;
    if (emu.problem) option.problem = emu.problem;
    const emulator = facts.emulators[emu.profile.architecture];
    if (emulator) option.emulator = emulator;
    options.push(option);
  }
  return options;
}

type Emulation =
  { profile: QemuProfile; state: HandlerState; problem?: string } | { reason: string };

/** Whether and how a foreign platform can be emulated on this host. */
function emulationOf(facts: Facts, platform: Platform): Emulation {
  if (platform.os !== facts.host.os) {
    return { reason: `${platform.os} images cannot run on a ${facts.host.os} daemon` };
  }
  const profile = profileFor(platform, facts.profiles);
  if (!profile) return { reason: `no qemu profile emulates ${formatPlatform(platform)}` };
  const hostProfiles = nativePlatforms(facts.host, facts.traits).map((p) =>
    profileFor(p, facts.profiles),
  );
  if (hostProfiles.includes(profile)) {
    return {
      reason:
        `binfmt_misc cannot tell ${formatPlatform(platform)} binaries from this host's own ` +
        `(same ELF machine), so it cannot be emulated here`,
    };
  }
  if (facts.host.architecture === 'arm' && !['arm'].includes(profile.architecture)) {
    return {
      reason: 'a 32-bit Arm host cannot dependably emulate this: use a 64-bit OS',
    };
  }
  if (facts.emulationHost === 'desktop') return { profile, state: 'managed' };
  if (facts.emulationHost === 'remote') return { profile, state: 'unknown' };
  const status = facts.handlers[profile.architecture] ?? { state: 'missing' };
  if (status.state === 'broken')
    return { profile, state: 'broken', problem: describe(status) };
  if (status.state === 'missing' && !facts.emulators[profile.architecture]) {
    return {
      reason: `no static qemu-${profile.qemu} is installed (apt-get install qemu-user-static)`,
    };
  }
  return { profile, state: status.state };
}

const EMULATION_ORDER = ['amd64', 'arm64'];

/** Native before emulated; among emulated, a working handler, then amd64, arm64, index order. */
function rank(facts: Facts, options: Option[]): Option[] {
  const score = (o: Option, index: number): number[] => {
    if (o.kind !== 'emulate') {
      const { rank } = fitOf(facts.host, o.platform, facts.traits);
      return [0, rank, o.kind === 'local' ? 0 : 1, index];
    }
    const working = o.state === 'working' || o.state === 'managed' ? 0 : 1;
    const order = EMULATION_ORDER.indexOf(o.platform.architecture);
    return [1, working, order < 0 ? EMULATION_ORDER.length : order, index];
  };
  const scored = options.map((o, i) => ({ o, s: score(o, i) }));
  scored.sort((a, b) => {
    for (let k = 0; k < a.s.length; k++) {
      const d = (a.s[k] ?? 0) - (b.s[k] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  });
  return scored.map(({ o }) => o);
}

function compatibleWarning(host: Platform, platform: Platform): string {
  const h = formatPlatform(host);
  const p = formatPlatform(platform);
  if (host.architecture === 'arm64' && platform.architecture === 'arm') {
    return `running 32-bit ${p} on 64-bit ${h}: some arm64 CPUs cannot run 32-bit Arm code`;
  }
  return `no ${h} entry; running compatible ${p}`;
}

function failureOf(facts: Facts, rows: PlatformRow[], requested?: Platform) {
  const list = rows.map((r) => formatPlatform(r.platform)).join(', ') || 'none';
  const host = formatPlatform(facts.host);
  if (rows.length === 0) {
    return {
      code: 'no-platforms',
      message: facts.remoteError ?? 'the image lists no runnable platform',
    };
  }
  if (requested && !rows.some((r) => samePlatform(r.platform, requested))) {
    return {
      code: 'no-requested-entry',
      message: `the image has no ${formatPlatform(requested)} entry; it offers: ${list}`,
    };
  }
  const reasons = [...new Set(rows.map((r) => r.reason).filter(Boolean))].join('; ');
  return {
    code: 'no-compatible-entry',
    message:
      `nothing here can run this image on ${host}: it offers ${list}` +
      (reasons ? ` (${reasons})` : ''),
  };
}
