import { write } from 'node:fs';

/** Where bytes read from the pseudo-terminal go, and how to wait until they are out. */
export interface Relay {
  write(data: Buffer): void;
  /** Resolves once everything written so far has reached its target. */
  drained(): Promise<void>;
}

/** Bytes queued before the reader is asked to pause, and to go on again. */
export const HIGH_WATER = 8 * 2 ** 20;
export const LOW_WATER = 2 ** 20;

/**
 * Writes to a file descriptor from Node's thread pool, so reading the
 * pseudo-terminal never waits for a slow terminal: node-pty stops reading
 * 200 ms after the program exits, and output still unread then is lost.
 * Past HIGH_WATER bytes queued, `pause(true)` asks the reader to stop (the
 * pty then holds the program back); below LOW_WATER, `pause(false)`.
 * A target that is gone (EIO, EPIPE) drops what is left.
 */
export function fdRelay(fd: number, pause: (on: boolean) => void): Relay {
  let queue: Buffer[] = [];
  let queued = 0;
  let busy = false;
  let paused = false;
  let gone = false;
  let waiters: (() => void)[] = [];

  const settle = () => {
    busy = false;
    for (const waiter of waiters.splice(0)) waiter();
  };
  const next = () => {
    if (paused && queued < LOW_WATER) pause((paused = false));
    if (gone || queue.length === 0) {
      queue = [];
      queued = 0;
      return settle();
    }
    busy = true;
    const out = queue.length === 1 ? queue[0]! : Buffer.concat(queue);
    queue = [];
    send(out, out.length);
  };
  // Sends `out`, the unsent end of a batch of `size` bytes.
  const send = (out: Buffer, size: number) =>
    write(fd, out, 0, out.length, null, (error, n) => {
      if (error?.code === 'EAGAIN') return void setTimeout(() => send(out, size), 5);
      if (error) gone = true;
      else if (n < out.length) return send(out.subarray(n), size);
      queued -= size;
      next();
    });

  return {
    write(data) {
      if (gone) return;
      queue.push(data);
      queued += data.length;
      if (!paused && queued > HIGH_WATER) pause((paused = true));
      if (!busy) next();
    },
    drained: () => new Promise((resolve) => (busy ? waiters.push(resolve) : resolve())),
  };
}

/** A relay into a stream that is not one of ours (tests, embedding). */
export function streamRelay(stream: NodeJS.WritableStream): Relay {
  return {
    write: (data) => void stream.write(data),
    drained: () => Promise.resolve(),
  };
}
