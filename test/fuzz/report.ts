/** How a failing input is told: shown short, and cut down to what still fails. */

/** A failure shrinks for at most this long. */
const SHRINK_MS = 1_000;

/** An exception as one line: its class and message. */
export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.constructor.name}: ${error.message}`;
  return String(error);
}

/** What an input looks like in a report: JSON, cut short when long. */
export function show(input: unknown): string {
  const text = Buffer.isBuffer(input)
    ? JSON.stringify(input.toString('latin1'))
    : (JSON.stringify(input) ?? String(input));
  return text.length > 400 ? `${text.slice(0, 400)}... (${text.length} chars)` : text;
}

/** Shrinkable inputs first, smallest first. */
export function weight(input: unknown): number {
  return shrinkable(input)
    ? (input as { length: number }).length
    : 1e12 + show(input).length;
}

function shrinkable(input: unknown): boolean {
  return typeof input === 'string' || Array.isArray(input) || Buffer.isBuffer(input);
}

/** Removes pieces of a failing string, Buffer or array while it still fails. */
export function shrink<T>(input: T, fails: (candidate: T) => boolean): T {
  if (!shrinkable(input)) return input;
  type Cut = { length: number; slice(a: number, b?: number): T };
  let best = input as unknown as Cut;
  const until = performance.now() + SHRINK_MS;
  const more = () => performance.now() < until;
  for (let chunk = Math.ceil(best.length / 2); chunk >= 1 && more();) {
    let cut = false;
    for (let at = 0; at < best.length && more(); at += chunk) {
      const candidate = join(best.slice(0, at), best.slice(at + chunk));
      if (fails(candidate)) {
        best = candidate as unknown as Cut;
        cut = true;
        at -= chunk;
      }
    }
    if (!cut) chunk = Math.floor(chunk / 2);
  }
  return best as unknown as T;
}

function join<T>(a: T, b: T): T {
  if (typeof a === 'string') return (a + (b as string)) as T;
  if (Buffer.isBuffer(a)) return Buffer.concat([a, b as Buffer]) as T;
  return [...(a as unknown[]), ...(b as unknown[])] as T;
}
