/** The worker's error types (DESIGN.md §7: classes with `name`, `code`, `cause`), translated at the activity edge. */
import type { InvalidCommandReason } from '@csms/temporal';

/** A command that cannot be expressed for this station; becomes an `InvalidCommand` failure. */
export class UnsupportedCommandError extends Error {
  readonly code = 'UNSUPPORTED_COMMAND';
  constructor(
    message: string,
    readonly reason: InvalidCommandReason = 'NotSupported',
  ) {
    super(message);
    this.name = new.target.name;
  }
}
