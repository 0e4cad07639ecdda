import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiToken } from '../secrets/api-token.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { TOKEN_USE_RESOLUTION_MS } from './api-tokens.ts';

describe('what the web app needs: sessions, history filters, cheap token use', () => {
  let db: TestDatabase;
  const t0 = new Date('2026-03-01T10:00:00.000Z');
  const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.users.create({ username: 'dora', password: 'pa55word!', role: 'admin' });
    await db.users.create({ username: 'eve', password: 'pa55word!', role: 'user' });
  });
  afterAll(() => db.close());

  it('finds a session by its hash until expiry or idle timeout, and ends it on logout or with its user', async () => {
    const hash = hashApiToken('cookie-value-1');
    await db.webSessions.create('dora', hash, t0, minutes(60));
    const found = await db.webSessions.find(hash, minutes(1), minutes(-30));
    expect(found?.user).toMatchObject({ username: 'dora', role: 'admin' });
    expect(await db.webSessions.find(hash, minutes(61), minutes(31))).toBeNull(); // expired
    expect(await db.webSessions.find(hash, minutes(40), minutes(10))).toBeNull(); // idle since 10:00
    await db.webSessions.touch(found!.session.id, minutes(20));
    expect(await db.webSessions.find(hash, minutes(40), minutes(10))).not.toBeNull();
    await db.webSessions.remove(hash);
    expect(await db.webSessions.find(hash, minutes(1), minutes(-30))).toBeNull();

    await db.webSessions.create('eve', hashApiToken('a'), t0, minutes(60));
    await db.webSessions.create('eve', hashApiToken('b'), t0, minutes(60));
    expect(await db.webSessions.removeForUser('eve')).toBe(2);
    await db.webSessions.create('eve', hashApiToken('c'), t0, minutes(5));
    await db.webSessions.create('dora', hashApiToken('d'), t0, minutes(60));
    expect(await db.webSessions.removeExpired(minutes(10), minutes(-1))).toBe(1);
    await db.users.remove('eve');
    expect(await db.webSessions.find(hashApiToken('c'), t0, minutes(-1))).toBeNull();
    await expect(db.webSessions.create('nobody', hashApiToken('e'), t0, minutes(1))).rejects.toThrow(/does not exist/);
  });

  it('filters transactions by tag and open/closed, and counts them', async () => {
    await db.chargePoints.create('CP-W', { name: 'W' });
    const start = (key: string, tag: string, at: Date) =>
      db.transactions.start({ chargePointId: 'CP-W', evseId: 1, startKey: key, startTag: tag, startedAt: at, meterStartWh: 0 });
    const { transaction: a } = await start('a', 'T1', minutes(0));
    await start('b', 'T2', minutes(10));
    await start('c', 'T1', minutes(20));
    await db.transactions.stop(a.id, { stoppedAt: minutes(5), meterStopWh: 100, stopTag: 'T3' });
    expect(await db.transactions.count({ chargePointId: 'CP-W' })).toBe(3);
    expect(await db.transactions.count({ open: true })).toBe(2);
    expect((await db.transactions.list({ open: false })).map((t) => t.id)).toEqual([a.id]);
    expect(await db.transactions.count({ tag: 'T1' })).toBe(2);
    expect(await db.transactions.count({ tag: 'T3' })).toBe(1);
    expect(await db.transactions.count({ tag: 'T1', open: true, from: minutes(15) })).toBe(1);
    expect((await db.transactions.list({ limit: 1, offset: 1 })).map((t) => t.startTag)).toEqual(['T2']);
  });

  it('filters the message log by action, direction, type and time', async () => {
    const entry = (n: number, action: string, direction: 'in' | 'out') => ({
      loggedAt: minutes(n), chargePointId: 'CP-W', direction, messageType: 'CALL' as const, action, uniqueId: `u${n}`,
    });
    await db.messageLog.insertMany([entry(1, 'Heartbeat', 'in'), entry(2, 'Reset', 'out'), entry(3, 'Heartbeat', 'in')]);
    expect((await db.messageLog.list({ action: 'Heartbeat' })).map((e) => e.uniqueId)).toEqual(['u3', 'u1']);
    expect((await db.messageLog.list({ direction: 'out' })).map((e) => e.uniqueId)).toEqual(['u2']);
    expect((await db.messageLog.list({ from: minutes(2), to: minutes(3) })).map((e) => e.uniqueId)).toEqual(['u2']);
    expect(await db.messageLog.list({ messageType: 'CALLERROR' })).toEqual([]);
  });

  it('records token use at most once per resolution interval', async () => {
    const { token } = await db.apiTokens.create('dora', 'ci');
    await db.apiTokens.authenticate(token, t0);
    await db.apiTokens.authenticate(token, new Date(t0.getTime() + 1000));
    expect((await db.apiTokens.list('dora'))[0]?.lastUsedAt).toEqual(t0);
    const later = new Date(t0.getTime() + TOKEN_USE_RESOLUTION_MS);
    await db.apiTokens.authenticate(token, later);
    expect((await db.apiTokens.list('dora'))[0]?.lastUsedAt).toEqual(later);
  });
});
