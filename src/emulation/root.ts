import { UserError } from '../errors.js';

/** Writing binfmt_misc needs root; carries the exact command that would do it. */
export class NeedsRoot extends UserError {
  constructor(readonly command: string[]) {
    super(`changing binfmt_misc needs root: run "sudo ${command.join(' ')}"`);
    this.name = 'NeedsRoot';
  }
}
