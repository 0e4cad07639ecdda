import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { knex } from '@mikro-orm/knex';
import { createTestDatabase } from '../testing/index.ts';
import { hashUserPassword, userPasswordNeedsRehash, verifyUserPassword } from './user-password.ts';

/** A hash in the stored format with the parameters this app used before (N=2^14). */
function legacyHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', 16384, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

describe('user password hashes', () => {
  it('hashes with OWASP’s scrypt parameters (N=2^17, r=8, p=1) and still verifies old hashes', async () => {
    const hash = await hashUserPassword('correct horse');
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(userPasswordNeedsRehash(hash)).toBe(false);
    const old = legacyHash('correct horse');
    expect(await verifyUserPassword('correct horse', old)).toBe(true);
    expect(await verifyUserPassword('wrong horse', old)).toBe(false);
    expect(userPasswordNeedsRehash(old)).toBe(true);
  });

  it('refuses malformed or absurdly expensive stored hashes without deriving', async () => {
    const [, , , , salt, key] = legacyHash('x').split('$');
    for (const bad of ['', 'bcrypt$x', `scrypt$1000$8$1$${salt}$${key}`, `scrypt$${2 ** 24}$8$1$${salt}$${key}`, `scrypt$16384$8$1$${salt}$${key}$extra`]) {
      expect(await verifyUserPassword('x', bad), bad).toBe(false);
      expect(userPasswordNeedsRehash(bad)).toBe(true);
    }
  });

  it('re-hashes an old hash on a successful sign-in, and only then', async () => {
    const db = await createTestDatabase();
    const url = new URL(db.url);
    const sql = url.protocol === 'sqlite:'
      ? knex({ client: 'sqlite3', connection: { filename: decodeURIComponent(url.pathname) }, useNullAsDefault: true })
      : knex({ client: 'pg', connection: db.url });
    try {
      await db.users.create({ username: 'old-timer', password: 'correct horse', role: 'user' });
      const old = legacyHash('correct horse');
      await sql('app_user').where({ username: 'old-timer' }).update({ password_hash: old });
      const stored = async () => (await sql('app_user').where({ username: 'old-timer' }).first<{ password_hash: string }>())!.password_hash;
      expect(await db.users.verifyLogin('old-timer', 'wrong horse', new Date())).toBeNull();
      expect(await stored()).toBe(old);
      expect(await db.users.verifyLogin('old-timer', 'correct horse', new Date())).not.toBeNull();
      const upgraded = await stored();
      expect(upgraded).toMatch(/^scrypt\$131072\$/);
      expect(await db.users.verifyLogin('old-timer', 'correct horse', new Date())).not.toBeNull();
      expect(await stored()).toBe(upgraded); // a current hash is left alone
    } finally {
      await sql.destroy();
      await db.close();
    }
  });
});
