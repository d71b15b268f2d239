import { parseReference } from '../../src/reference/reference.js';
import { throwsUserError } from './assert.js';

/** Two well-formed digests for references in tests. */
export const D1 = `sha256:${'1'.repeat(64)}`;
export const D2 = `sha256:${'2'.repeat(64)}`;

/** Asserts that parseReference refuses `text` with a UserError matching `pattern`. */
export function refused(text: string, pattern: RegExp): void {
  throwsUserError(() => parseReference(text), pattern, `"${text}" should be refused`);
}
