/** A failure the user can act on: one line, what is wrong and what to do. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 125,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UserError';
  }
}

/** Exit codes shared with `docker run`. */
export const EXIT = {
  failure: 125,
  cannotInvoke: 126,
  notFound: 127,
  interrupted: 130,
} as const;
