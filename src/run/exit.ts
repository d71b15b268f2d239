import os from 'node:os';

/** docker-style exit code for a child that ended with a code or a signal. */
export function exitCodeOf(
  code: number | null | undefined,
  signal?: string | number | null,
) {
  if (typeof code === 'number') return code;
  if (typeof signal === 'number' && signal > 0) return 128 + signal;
  if (typeof signal === 'string') {
    const number = os.constants.signals[signal as NodeJS.Signals];
    if (number) return 128 + number;
  }
  return 125;
}
