import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../errors.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';

describe('the last-admin rule under concurrent requests', () => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  async function admins(count: number): Promise<TestDatabase> {
    db = await createTestDatabase();
    for (let i = 0; i < count; i += 1) await db.users.create({ username: `admin-${i}`, password: 'admin-password', role: 'admin' });
    return db;
  }

  it('of parallel demotions of every admin, exactly one is refused', async () => {
    const database = await admins(4);
    const results = await Promise.allSettled([0, 1, 2, 3].map((i) => database.users.update(`admin-${i}`, { role: 'user' })));
    // each outcome in words, so a failure shows what the refused calls met
    const outcomes = results.map((r) => (r.status === 'fulfilled' ? 'demoted' : String(r.reason))).sort();
    expect(outcomes).toEqual([String(new ConflictError('the last admin cannot be removed or demoted')), 'demoted', 'demoted', 'demoted']);
    expect(results.find((r) => r.status === 'rejected')?.reason).toBeInstanceOf(ConflictError);
    expect(await database.users.countAdmins()).toBe(1);
  });

  it('of parallel removals and demotions of the last two admins, one is refused', async () => {
    const database = await admins(2);
    const results = await Promise.allSettled([database.users.remove('admin-0'), database.users.update('admin-1', { role: 'user' })]);
    expect(results.map((r) => (r.status === 'fulfilled' ? 'done' : String(r.reason))).sort()).toEqual([
      String(new ConflictError('the last admin cannot be removed or demoted')),
      'done',
    ]);
    expect(await database.users.countAdmins()).toBe(1);
    // demoting a plain user, or changing the last admin's language, is never refused
    await database.users.create({ username: 'plain', password: 'user-password', role: 'user' });
    await expect(database.users.update('plain', { role: 'user' })).resolves.toMatchObject({ role: 'user' });
    const [last] = (await database.users.list()).filter((u) => u.role === 'admin');
    await expect(database.users.update(last!.username, { language: 'de' })).resolves.toMatchObject({ role: 'admin', language: 'de' });
    await expect(database.users.remove(last!.username)).rejects.toBeInstanceOf(ConflictError);
  });
});
