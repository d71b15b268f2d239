import { randomInt } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Where the suite's reliability figures are collected across test files. */
export function figuresFile(name: 'fuzz-counts' | 'faults', env = process.env): string {
  return path.join(env.TMPDIR || '/tmp', `xrun-${name}.json`);
}

/** Sets one key of a JSON object file, replacing the file by rename. */
export function mergeRecord(file: string, key: string, value: unknown): void {
  let record: Record<string, unknown> = {};
  try {
    const read: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (read && typeof read === 'object' && !Array.isArray(read)) {
      record = read as Record<string, unknown>;
    }
  } catch {
    // No file yet, or a torn one: start again.
  }
  record[key] = value;
  const temporary = `${file}.${process.pid}.${randomInt(1e9)}`;
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(temporary, file);
}

/** Counts one injected fault and whether it ended with something lost. */
export function recordFault(name: string, lost = false): void {
  mergeRecord(figuresFile('faults'), name, { lost });
}
