import { printable } from './text.js';
/** Areas that write debug lines. */
export type LogArea = 'registry' | 'engine' | 'binfmt' | 'plan' | 'run';

let enabled = Boolean(process.env.XRUN_DEBUG);
let sink: (line: string) => void = (line) => process.stderr.write(printable(line) + '\n');

/** Turns the debug log on (`--verbose` or `XRUN_DEBUG`) and optionally redirects it. */
export function setLogging(on: boolean, write?: (line: string) => void): void {
  enabled = on || Boolean(process.env.XRUN_DEBUG);
  if (write) sink = write;
}

/** One debug line, silent unless asked for. */
export function log(area: LogArea, message: string): void {
  if (enabled) sink(`xrun ${area}: ${message}`);
}
