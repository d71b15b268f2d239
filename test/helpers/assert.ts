import * as assert from 'uvu/assert';
import { UserError } from '../../src/errors.js';

/** Asserts that fn throws xrun's user-facing error with a message matching pattern. */
export function throwsUserError(fn: () => unknown, pattern: RegExp, what = 'it'): void {
  try {
    fn();
  } catch (error) {
    assert.instance(error, UserError);
    assert.match((error as Error).message, pattern);
    return;
  }
  assert.unreachable(`${what} should be refused with a UserError`);
}

/** The message of the error a promise rejects with; fails when it resolves. */
export async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a failure');
}
