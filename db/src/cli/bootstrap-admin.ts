import type { Database } from '../database.ts';
import { InvalidInputError } from '../errors.ts';
import { generatePassword } from '../secrets/user-password.ts';
import type { CliIo } from './output.ts';

/**
 * Creates the first admin unless one exists: `ADMIN_USERNAME` (default `admin`) with `ADMIN_PASSWORD`, or a generated
 * password printed once. Run by `npm start` on every start, so it must be silent-ish and idempotent.
 */
export async function bootstrapAdmin(db: Database, io: CliIo): Promise<void> {
  if ((await db.users.countAdmins()) > 0) return;
  const username = io.env.ADMIN_USERNAME || 'admin';
  if (await db.users.get(username)) {
    throw new InvalidInputError(`user "${username}" exists but is not an admin; set ADMIN_USERNAME to another name`);
  }
  const given = io.env.ADMIN_PASSWORD;
  const password = given || generatePassword();
  await db.users.create({ username, password, role: 'admin' });
  if (given) {
    io.out(`Created admin user "${username}" with the password from ADMIN_PASSWORD.`);
    return;
  }
  io.out('');
  io.out(`Created admin user "${username}". Its generated password is shown only this once:`);
  io.out('');
  io.out(`    ${password}`);
  io.out('');
  io.out('Sign in and change it, or recreate the user with csms-db user add.');
  io.out('');
}
