/** What is still open when xrun is done: requests nobody waits for any more. */
const closers = new Set<() => void>();

/** Registers `close` to run when xrun is done; returns what unregisters it. */
export function onDone(close: () => void): () => void {
  closers.add(close);
  return () => closers.delete(close);
}

/**
 * Closes all that is still open, so the process ends with its answer: after
 * a failure, a request that went out alongside the failed one would keep
 * xrun waiting for its time limit.
 */
export function closeAll(): void {
  for (const close of closers) close();
  closers.clear();
}
