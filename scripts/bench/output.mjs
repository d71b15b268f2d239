// Where the figures go: bench-results/, xrun's state folder and a Markdown table.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Writes JSON through a temporary file and a rename, so readers never see half of it.
export function writeJsonAtomic(file, data) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(data, null, 2) + '\n');
  renameSync(temp, file);
}

// Writes bench-results/latest.json and a copy named after the time; returns both paths.
export function writeResults(dir, results) {
  const stamp = results.measuredAt.replace(/[:.]/g, '-');
  const files = [path.join(dir, 'latest.json'), path.join(dir, `bench-${stamp}.json`)];
  for (const file of files) writeJsonAtomic(file, results);
  return files;
}

// Writes the emulation slowdown factors where xrun's prompt reads them: xrun's state
// folder (XRUN_STATE_DIR, else $XDG_STATE_HOME/xrun, else ~/.local/state/xrun).
export function writeSlowdown(measuredAt, factors, env = process.env) {
  const base = env.XDG_STATE_HOME || path.join(env.HOME || os.homedir(), '.local/state');
  const file = path.join(env.XRUN_STATE_DIR || path.join(base, 'xrun'), 'slowdown.json');
  writeJsonAtomic(file, { measuredAt, factors });
  return file;
}

// The word for a goal's outcome.
export const verdict = (met) => (met === true ? 'yes' : met === false ? 'no' : '—');

// The Markdown table of all rows, with the machine line under it.
export function markdownTable(rows, machine) {
  const head = ['figure', 'xrun', 'reference', 'ratio/difference', 'goal', 'met'];
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [
    line(head),
    line(head.map(() => '---')),
    ...rows.map((r) =>
      line([r.figure, r.xrun, r.reference, r.compare, r.goal, verdict(r.met)]),
    ),
    '',
    `Machine: ${machine}`,
  ].join('\n');
}
