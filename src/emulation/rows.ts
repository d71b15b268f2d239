import type { BinfmtEntry } from './binfmt.js';
import type { Problem } from './checks.js';
import type { DoctorInput, PlatformReport } from './doctor.js';
import { probeProblem, type ProbeResult } from './probe.js';
import type { QemuProfile } from './profiles.js';

/** The warning for several handlers claiming the same programs. */
export function duplicateProblem(enabled: BinfmtEntry[], text: string): Problem {
  const names = enabled.map((e) => e.name);
  const list = `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const all = names.length === 2 ? 'both' : 'all';
  return {
    code: 'duplicate',
    severity: 'warning',
    message: `handlers ${list} ${all} claim ${text} programs; the last registered runs them`,
  };
}

/** A platform the host runs itself: natively, unless a handler captures it. */
export function nativeRow(
  row: PlatformReport,
  enabled: BinfmtEntry[],
  probe?: ProbeResult,
) {
  if (enabled.length > 0) {
    row.status = 'broken';
    row.problems = enabled.map((e) => ({
      code: 'captures-native',
      severity: 'error',
      handler: e.name,
      message:
        `handler ${e.name} captures this host's own ${row.platform} programs, which then ` +
        `run under ${e.interpreter} instead of natively`,
    }));
    row.fix = `xrun emulate --remove --force ${row.platform}`;
    return row;
  }
  if (probe && probe.verdict !== 'ok') {
    row.problems.push({
      code: 'not-native',
      severity: 'note',
      message: `this CPU cannot run ${row.platform} programs itself (the probe: ${probe.detail})`,
    });
    row.fix = `xrun emulate ${row.platform}`;
    return row;
  }
  row.status = 'native';
  row.via = 'native';
  return row;
}

/** What the probe adds when the entries themselves looked fine or it saw argv go wrong. */
export function addProbeProblem(row: PlatformReport, probe?: ProbeResult): void {
  if (!probe || probe.verdict === 'ok') return;
  const code = { 'argv-extra': 'p-unexpected', 'argv-short': 'p-missing' }[
    probe.verdict as string
  ];
  if (code && row.problems.some((p) => p.code === code)) return;
  if (!code && row.problems.some((p) => p.severity === 'error')) return;
  const message = probeProblem(probe, row.interpreter ?? undefined);
  row.problems.push({ code: code ?? 'probe-failed', severity: 'error', message });
}

/** The way to add a missing handler, or to get an emulator first. */
export function emulateFix(
  text: string,
  emulators: DoctorInput['emulators'],
  arch: string,
): string {
  if (emulators && !emulators[arch]) {
    return `apt-get install qemu-user-static, then xrun emulate ${text}`;
  }
  return `xrun emulate ${text}`;
}

/** B47: a handler xrun registered is gone, as binfmt_misc entries are after a reboot. */
export function lostNote(profile: QemuProfile, text: string): Problem {
  return {
    code: 'lost',
    severity: 'note',
    message:
      `xrun registered ${profile.handler} here before; binfmt_misc entries do not survive ` +
      `a reboot: "xrun emulate --persist ${text}" also registers it at boot`,
  };
}
