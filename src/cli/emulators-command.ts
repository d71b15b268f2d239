import type { EmulationBackend } from '../emulation/backend.js';
import type { Diagnosis, PlatformReport } from '../emulation/doctor.js';
import { inspectEmulation } from '../emulation/inspect.js';
import { loadProfiles } from '../emulation/profiles.js';
import { HandlerState, stateDir } from '../emulation/state.js';
import type { HostTraits } from '../platform/compat.js';
import type { Platform } from '../platform/platform.js';
import type { Io } from './io.js';

export interface EmulatorsOptions {
  json: boolean;
  backend: EmulationBackend;
  traits?: HostTraits;
}

/** `xrun emulators`: each platform's state on the daemon's kernel, and what to fix. */
export async function emulatorsCommand(
  host: Platform,
  options: EmulatorsOptions,
  io: Io,
): Promise<number> {
  const { backend } = options;
  const records = await new HandlerState(stateDir(io.env)).list();
  const found = await inspectEmulation(backend, {
    host,
    ...(options.traits ? { traits: options.traits } : {}),
    profiles: loadProfiles(),
    registered: records.filter((r) => r.target === backend.target).map((r) => r.name),
  });
  const lines = options.json
    ? [JSON.stringify(jsonRows(found), null, 2)]
    : textLines(found, `${backend.dir} on ${backend.where}`);
  for (const line of lines) io.stdout(line);
  return 0;
}

/** The --json form: one object per platform, then one per other handler. */
export function jsonRows(found: Diagnosis): object[] {
  const others = found.others.map((o) => ({
    platform: null,
    status: 'other',
    handler: o.name,
    interpreter: o.interpreter,
    flags: o.flags,
    enabled: o.enabled,
    problems: [],
  }));
  return [...found.platforms, ...others];
}

/** The plain-text form: a state line, one line per platform, problems indented below. */
export function textLines(found: Diagnosis, where: string): string[] {
  const lines: string[] = [];
  const state = found.global.find((g) => g.severity === 'error') ? 'unusable' : 'enabled';
  lines.push(`binfmt_misc at ${where}: ${state}`);
  for (const g of found.global) lines.push(`  ${g.severity}: ${g.message}`);

  const cells = found.platforms.map(rowCells);
  const widths = [0, 1, 2, 3].map((i) =>
    Math.max(...cells.map((c) => (c[i] ?? '').length)),
  );
  for (const [i, row] of found.platforms.entries()) {
    const cell = cells[i] ?? [];
    const padded = cell.map((c, k) => (k < 4 ? c.padEnd(widths[k] ?? 0) : c));
    const inline = row.problems.length === 0 && row.fix !== null && !row.handler;
    if (inline) padded.splice(2, 3, `fix: ${row.fix}`);
    lines.push(padded.join('  ').trimEnd());
    for (const p of row.problems) {
      if (!found.global.some((g) => g.message === p.message)) {
        lines.push(`  ${p.severity}: ${p.message}`);
      }
    }
    if (row.fix && !inline) lines.push(`  fix: ${row.fix}`);
  }
  if (found.others.length > 0) {
    const list = found.others.map((o) => `${o.name} (${o.interpreter})`).join(', ');
    lines.push(`other handlers, left alone: ${list}`);
  }
  return lines;
}

/** Platform, status (with how), handler, flags, interpreter. */
function rowCells(row: PlatformReport): string[] {
  const status = row.via === 'rosetta' ? 'emulated (rosetta)' : row.status;
  if (row.status === 'native') return [row.platform, status, '', '', ''];
  return [
    row.platform,
    status,
    row.handler ?? '',
    row.handler ? row.flags || '-' : '',
    row.interpreter ?? '',
  ];
}
