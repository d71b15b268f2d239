/** Marks a UserError from any copy of this module (the prompt is bundled apart). */
const BRAND = Symbol.for('xrun.UserError');

/** A failure the user can act on: one line, what is wrong and what to do. */
export class UserError extends Error {
  readonly [BRAND] = true;

  constructor(
    message: string,
    readonly exitCode = 125,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UserError';
  }

  /** `instanceof UserError` holds for one made by the prompt's bundle too. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== UserError)
      return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && BRAND in value;
  }
}

/** Exit codes shared with `docker run`. */
export const EXIT = {
  failure: 125,
  cannotInvoke: 126,
  notFound: 127,
  interrupted: 130,
} as const;
