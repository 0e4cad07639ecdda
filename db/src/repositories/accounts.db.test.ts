import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';

describe('tags, users and API tokens', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it('authorizes tags: accepted with group, blocked, expired, unknown', async () => {
    const now = new Date('2026-05-01T00:00:00Z');
    await db.chargeTags.create('GROUP1', { name: 'Fleet' });
    await db.chargeTags.create('TAG-A', { name: 'Anna', parentTagId: 'GROUP1', expiresAt: new Date('2026-06-01T00:00:00Z') });
    await db.chargeTags.create('TAG-B', { name: 'Bob', blocked: true });
    await db.chargeTags.create('TAG-C', { name: 'Carl', expiresAt: new Date('2026-04-30T23:59:59Z') });
    expect(await db.chargeTags.authorize('TAG-A', now)).toEqual({
      status: 'Accepted',
      tagId: 'TAG-A',
      parentTagId: 'GROUP1',
      expiresAt: new Date('2026-06-01T00:00:00Z'),
    });
    expect((await db.chargeTags.authorize('TAG-B', now)).status).toBe('Blocked');
    expect((await db.chargeTags.authorize('TAG-C', now)).status).toBe('Expired');
    expect((await db.chargeTags.authorize('nobody', now)).status).toBe('Invalid');
    await expect(db.chargeTags.create('TAG-A', { name: 'dup' })).rejects.toBeInstanceOf(ConflictError);
    await expect(db.chargeTags.create('has space', { name: 'x' })).rejects.toBeInstanceOf(InvalidInputError);
    await db.chargeTags.update('TAG-B', { blocked: false });
    expect((await db.chargeTags.authorize('TAG-B', now)).status).toBe('Accepted');
    await db.chargeTags.remove('TAG-C');
    expect((await db.chargeTags.list()).map((t) => t.tagId)).toEqual(['GROUP1', 'TAG-A', 'TAG-B']);
    await expect(db.chargeTags.remove('TAG-C')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('stores users with scrypt hashes and verifies logins', async () => {
    const user = await db.users.create({ username: 'alice', password: 'correct horse', role: 'admin' });
    expect(user).not.toHaveProperty('passwordHash');
    expect(await db.users.countAdmins()).toBe(1);
    expect(await db.users.verifyLogin('alice', 'wrong password', new Date())).toBeNull();
    const at = new Date('2026-05-02T10:00:00Z');
    expect((await db.users.verifyLogin('alice', 'correct horse', at))?.lastLoginAt).toEqual(at);
    expect((await db.users.get('alice'))?.lastLoginAt).toEqual(at);
    await expect(db.users.create({ username: 'alice', password: 'whatever1', role: 'user' })).rejects.toBeInstanceOf(ConflictError);
    await expect(db.users.create({ username: 'bob', password: 'whatever1', role: 'root' as 'user' })).rejects.toThrow(/unknown role/);
    await expect(db.users.create({ username: 'bob', password: 'short', role: 'user' })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('issues tokens shown once, stored hashed, revocable, gone with their user', async () => {
    await db.users.create({ username: 'carol', password: 'pa55word!', role: 'user' });
    const { token, record } = await db.apiTokens.create('carol', 'ci');
    expect(token).toMatch(/^csms_[A-Za-z0-9_-]{43}$/);
    const owner = await db.apiTokens.authenticate(token, new Date());
    expect(owner).toEqual({ tokenId: record.id, userId: record.userId, username: 'carol', role: 'user' });
    expect(await db.apiTokens.authenticate(token.slice(0, -1) + 'x', new Date())).toBeNull();
    expect((await db.apiTokens.list('carol'))[0]?.lastUsedAt).toBeInstanceOf(Date);
    await expect(db.apiTokens.create('nobody', 'x')).rejects.toBeInstanceOf(NotFoundError);
    await db.users.remove('carol');
    expect(await db.apiTokens.authenticate(token, new Date())).toBeNull();
  });
});
