import { parseArgs } from 'node:util';
import type { Database } from '../database.ts';
import { InvalidInputError } from '../errors.ts';
import { assertUserRole } from '../repositories/users.ts';
import { generatePassword } from '../secrets/user-password.ts';
import { day, table, type CliIo } from './output.ts';

/** `user add <name> --role admin|user [--password <pw>] | list | remove <name>`. */
export async function userCommand(db: Database, args: string[], io: CliIo): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { role: { type: 'string' }, password: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  switch (action) {
    case 'add': {
      const [username] = positionals;
      if (!username) throw new InvalidInputError('usage: user add <name> --role admin|user [--password <pw>]');
      if (values.role === undefined) throw new InvalidInputError('user add needs --role admin|user');
      assertUserRole(values.role);
      const password = values.password ?? generatePassword();
      await db.users.create({ username, password, role: values.role });
      io.out(`Added ${values.role} ${username}.`);
      if (values.password === undefined) {
        io.out(`Generated password (shown once):`);
        io.out(password);
      }
      return;
    }
    case 'list': {
      const users = await db.users.list();
      if (users.length === 0) {
        io.out('No users.');
        return;
      }
      for (const line of table(['USER', 'ROLE', 'LANGUAGE', 'LAST LOGIN'], users.map((u) => [u.username, u.role, u.language, day(u.lastLoginAt)]))) {
        io.out(line);
      }
      return;
    }
    case 'remove': {
      const [username] = positionals;
      if (!username) throw new InvalidInputError('usage: user remove <name>');
      await db.users.remove(username);
      io.out(`Removed user ${username} and their API tokens.`);
      return;
    }
    default:
      throw new InvalidInputError('usage: user add|list|remove');
  }
}
