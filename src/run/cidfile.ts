import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';

/**
 * Where docker writes the container's id, so a stop signal can be sent to the
 * container itself: under -t docker does not pass signals on, and killing only
 * the client would leave the container running.
 */
export interface CidFile {
  /** `docker run` arguments with --cidfile added when the user gave none. */
  runArgs: string[];
  /** The container id, once docker has written it. */
  id(): string | undefined;
  /** Removes the temporary folder xrun made, if any. */
  dispose(): void;
}

/** Finds the user's --cidfile or adds one in a fresh temporary folder. */
export function cidFile(runArgs: string[], imageIndex: number): CidFile {
  const given = userCidFile(runArgs.slice(0, imageIndex));
  const dir = given ? undefined : tempDir();
  const file = given ?? path.join(dir ?? '', 'cid');
  return {
    runArgs: given ? runArgs : ['--cidfile', file, ...runArgs],
    id() {
      try {
        return readFileSync(file, 'utf8').trim() || undefined;
      } catch {
        return undefined;
      }
    },
    dispose() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh folder in TMPDIR, or in /tmp when TMPDIR cannot take one (docker needs neither). */
function tempDir(): string {
  for (const base of new Set([os.tmpdir(), '/tmp'])) {
    try {
      return mkdtempSync(path.join(base, 'xrun-'));
    } catch {
      /* the next place */
    }
  }
  throw new UserError(
    `cannot make a temporary folder in ${os.tmpdir()} or /tmp for the container id: ` +
      'set TMPDIR to a writable folder',
  );
}

function userCidFile(options: string[]): string | undefined {
  for (let i = 0; i < options.length; i++) {
    const arg = options[i] ?? '';
    if (arg === '--cidfile') return options[i + 1];
    if (arg.startsWith('--cidfile=')) return arg.slice('--cidfile='.length);
  }
  return undefined;
}
