import { parseArgs } from 'node:util';
import type { Database } from '../database.ts';
import { InvalidInputError } from '../errors.ts';
import type { CliIo } from './output.ts';

const USAGE = 'usage: token create --user <name> --name <label> [--expires <2027-01-31 or 2027-01-31T18:00:00Z>]';
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** An ISO date (midnight UTC) or time with offset, as the API's `expiresAt` takes it. */
function parseExpiry(text: string): Date {
  const at = ISO_TIME.test(text) ? new Date(text) : new Date(Number.NaN);
  // a day the month does not have (2027-02-30) is refused, not moved into the next month
  if (Number.isNaN(at.getTime()) || (text.length === 10 && at.toISOString().slice(0, 10) !== text)) throw new InvalidInputError(`--expires: "${text}" is not a date (2027-01-31) or a time with offset (2027-01-31T18:00:00Z)`);
  return at;
}

/**
 * `token create --user <name> --name <label> [--expires <time>]`: prints the token once, alone on the last line. An
 * expiry must lie in the future (the rule of `POST /api/v1/tokens`); without one the token is valid until revoked.
 */
export async function tokenCommand(db: Database, args: string[], io: CliIo): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { user: { type: 'string' }, name: { type: 'string' }, expires: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (action !== 'create' || positionals.length > 0 || !values.user || !values.name) {
    throw new InvalidInputError(USAGE);
  }
  const expiresAt = values.expires === undefined ? null : parseExpiry(values.expires);
  const { token } = await db.apiTokens.create(values.user, values.name, { expiresAt });
  const until = expiresAt ? `, valid until ${expiresAt.toISOString()}` : '';
  io.out(`Created API token "${values.name}" for ${values.user}${until}. It is shown only now; store it safely:`);
  io.out(token);
}
