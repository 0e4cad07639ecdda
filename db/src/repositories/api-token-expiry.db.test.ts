import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';

describe('API tokens with an optional expiry', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.users.create({ username: 'integrator', password: 'integrator-password', role: 'user' });
  });
  afterAll(() => db?.close());

  it('accepts a token until its expiry and refuses it from then on; a token without expiry stays valid', async () => {
    const t0 = new Date('2026-11-29T04:00:00Z');
    const expiresAt = new Date(t0.getTime() + 3_600_000);
    const { token, record } = await db.apiTokens.create('integrator', 'nightly export', { expiresAt, now: t0 });
    expect(record.expiresAt).toEqual(expiresAt);
    expect((await db.apiTokens.list('integrator')).map((t) => t.expiresAt)).toEqual([expiresAt]);
    expect(await db.apiTokens.authenticate(token, new Date(expiresAt.getTime() - 1))).toMatchObject({ username: 'integrator' });
    expect(await db.apiTokens.authenticate(token, expiresAt)).toBeNull();
    expect(await db.apiTokens.authenticate(token, new Date(expiresAt.getTime() + 86_400_000))).toBeNull();

    const forever = await db.apiTokens.create('integrator', 'monitoring');
    expect(forever.record.expiresAt).toBeNull();
    expect(await db.apiTokens.authenticate(forever.token, new Date('2100-01-01T00:00:00Z'))).toMatchObject({ username: 'integrator' });
  });

  it('refuses an expiry that is not in the future', async () => {
    const now = new Date();
    await expect(db.apiTokens.create('integrator', 'stale', { expiresAt: now, now })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(db.apiTokens.create('integrator', 'stale', { expiresAt: new Date(now.getTime() - 1), now })).rejects.toBeInstanceOf(InvalidInputError);
  });
});
