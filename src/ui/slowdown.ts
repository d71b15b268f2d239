import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stateDir } from '../emulation/state.js';

/** Emulation slowdown factors measured on this machine by `npm run bench`. */
export type Slowdowns = Record<string, number>;

/** Reads the measured factors; none when the bench has not run here. */
export function readSlowdowns(env: NodeJS.ProcessEnv = process.env): Slowdowns {
  try {
    const file = path.join(stateDir(env), 'slowdown.json');
    const data = JSON.parse(readFileSync(file, 'utf8')) as { factors?: unknown };
    const factors = data.factors;
    if (!factors || typeof factors !== 'object') return {};
    const valid = Object.entries(factors).filter(
      ([, factor]) => typeof factor === 'number' && Number.isFinite(factor) && factor > 0,
    );
    return Object.fromEntries(valid) as Slowdowns;
  } catch {
    return {};
  }
}

/** "about 8x slower (measured)", or a plain warning when nothing was measured. */
export function slowdownText(platform: string, slowdowns: Slowdowns): string {
  const factor = slowdowns[platform];
  if (!factor) return 'slower than native';
  return `about ${factor >= 10 ? Math.round(factor) : factor.toFixed(1)}x slower, measured`;
}
