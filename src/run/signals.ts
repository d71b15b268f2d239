import os from 'node:os';
import { UserError } from '../errors.js';

export const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Calls handler on INT, TERM or HUP until the returned function is called. */
export function onStopSignal(handler: (signal: NodeJS.Signals) => void): () => void {
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
}

/** The error that ends xrun after a stop signal: exit 128 + N, as a shell reports it. */
export function stoppedBy(signal: NodeJS.Signals, during: string): UserError {
  const number = os.constants.signals[signal] ?? 15;
  return new UserError(
    `stopped by ${signal} during ${during}; nothing was changed`,
    128 + number,
  );
}
