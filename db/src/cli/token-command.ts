import { parseArgs } from 'node:util';
import type { Database } from '../database.ts';
import { InvalidInputError } from '../errors.ts';
import type { CliIo } from './output.ts';

/** `token create --user <name> --name <label>`: prints the token once, alone on the last line. */
export async function tokenCommand(db: Database, args: string[], io: CliIo): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { user: { type: 'string' }, name: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (action !== 'create' || positionals.length > 0 || !values.user || !values.name) {
    throw new InvalidInputError('usage: token create --user <name> --name <label>');
  }
  const { token } = await db.apiTokens.create(values.user, values.name);
  io.out(`Created API token "${values.name}" for ${values.user}. It is shown only now; store it safely:`);
  io.out(token);
}
