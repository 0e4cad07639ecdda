import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.ts';
import { importChargePointsCsv } from '../fleet/charge-point-csv.ts';
import { importChargeTagsCsv } from '../fleet/charge-tag-csv.ts';
import type { SecretKey } from '../secrets/secret-key.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { containsPattern, type ListQuery } from './list-query.ts';
import type { ChargePointSort } from './charge-points.ts';
import type { ChargeTagSort } from './charge-tags.ts';

const query = (over: Partial<ListQuery<ChargePointSort>> = {}): ListQuery<ChargePointSort> => ({
  q: '', sort: 'id', dir: 'asc', page: 1, size: 10, ...over,
});

let db: TestDatabase;
// one database for the file: creating one on PostgreSQL is the slow part
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

describe('paged lists (station list)', () => {
  beforeAll(async () => {
    // one multi-row import: load-1 … load-25 named "Site <n>", plus ids that look like LIKE wildcards
    const lines = ['id,name'];
    for (let n = 1; n <= 25; n++) lines.push(`load-${n},Site ${26 - n}`);
    lines.push('a_b,Under score', 'a~b,Tilde', 'Zed,100%');
    await importChargePointsCsv(db, lines.join('\n'), { secretKey: {} as SecretKey });
    await db.chargePoints.remove('load-25');
  });

  it('pages with the total of the filter, and sorts ids naturally', async () => {
    const first = await db.chargePoints.page(query({ q: 'load' }));
    expect(first.total).toBe(24);
    expect(first.rows.map((r) => r.id)).toEqual(['load-1', 'load-2', 'load-3', 'load-4', 'load-5', 'load-6', 'load-7', 'load-8', 'load-9', 'load-10']);
    const third = await db.chargePoints.page(query({ q: 'load', page: 3 }));
    expect(third.rows.map((r) => r.id)).toEqual(['load-21', 'load-22', 'load-23', 'load-24']);
    const past = await db.chargePoints.page(query({ q: 'load', page: 9 }));
    expect(past).toEqual({ rows: [], total: 24 });
    const down = await db.chargePoints.page(query({ q: 'load', dir: 'desc', size: 3 }));
    expect(down.rows.map((r) => r.id)).toEqual(['load-24', 'load-23', 'load-22']);
  });

  it('sorts by name naturally too, and searches id and name case-insensitively', async () => {
    const byName = await db.chargePoints.page(query({ q: 'SITE', sort: 'name', size: 3 }));
    expect(byName.rows.map((r) => r.name)).toEqual(['Site 2', 'Site 3', 'Site 4']); // Site 1 was load-25, deleted
    expect((await db.chargePoints.page(query({ q: 'zED' }))).rows.map((r) => r.id)).toEqual(['Zed']);
  });

  it('takes % _ and \\ in the search literally', async () => {
    expect((await db.chargePoints.page(query({ q: '_' }))).rows.map((r) => r.id)).toEqual(['a_b']);
    expect((await db.chargePoints.page(query({ q: '%' }))).rows.map((r) => r.id)).toEqual(['Zed']);
    expect((await db.chargePoints.page(query({ q: '\\' }))).total).toBe(0);
    expect(containsPattern('A%_\\')).toBe('%a\\%\\_\\\\%');
  });

  it('refuses a sort key outside the whitelist and bad page numbers', async () => {
    await expect(db.chargePoints.page(query({ sort: 'basic_auth_password_hash' as ChargePointSort }))).rejects.toBeInstanceOf(InvalidInputError);
    await expect(db.chargePoints.page(query({ sort: 'constructor' as ChargePointSort }))).rejects.toBeInstanceOf(InvalidInputError);
    await expect(db.chargePoints.page(query({ page: 0 }))).rejects.toBeInstanceOf(InvalidInputError);
    await expect(db.chargePoints.page(query({ size: 1001 }))).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('paged lists (tag list) and tag groups', () => {
  beforeAll(async () => {
    const lines = ['tagId,name,parentTagId'];
    for (let n = 1; n <= 12; n++) lines.push(`CARD-${n},Driver ${n},${n <= 3 ? 'FLEET-A' : ''}`);
    await importChargeTagsCsv(db, lines.join('\n'));
  });

  const tags = (over: Partial<ListQuery<ChargeTagSort>> = {}) => db.chargeTags.page({ q: '', sort: 'tagId', dir: 'asc', page: 1, size: 5, ...over });

  it('pages, sorts naturally and searches id, name and group', async () => {
    expect((await tags()).rows.map((r) => r.tagId)).toEqual(['CARD-1', 'CARD-2', 'CARD-3', 'CARD-4', 'CARD-5']);
    expect((await tags({ dir: 'desc', size: 2 })).rows.map((r) => r.tagId)).toEqual(['CARD-12', 'CARD-11']);
    expect(await tags({ q: 'fleet-a' })).toMatchObject({ total: 3 });
    expect((await tags({ q: 'driver 1', sort: 'name' })).rows.map((r) => r.name)).toEqual(['Driver 1', 'Driver 10', 'Driver 11', 'Driver 12']);
  });

  it('sets and clears the group of many tags in one statement', async () => {
    expect(await db.chargeTags.setGroup(['CARD-4', 'CARD-5', 'CARD-5', 'NO-SUCH'], 'FLEET-B')).toBe(2);
    expect((await db.chargeTags.get('CARD-5'))?.parentTagId).toBe('FLEET-B');
    expect(await tags({ q: 'fleet-b' })).toMatchObject({ total: 2 });
    expect(await db.chargeTags.setGroup(['CARD-1', 'CARD-4'], null)).toBe(2);
    expect((await db.chargeTags.get('CARD-1'))?.parentTagId).toBeNull();
    expect((await db.chargeTags.get('CARD-2'))?.parentTagId).toBe('FLEET-A');
    await expect(db.chargeTags.setGroup(['CARD-2'], 'has space')).rejects.toBeInstanceOf(InvalidInputError);
    expect(await db.chargeTags.setGroup([], 'X')).toBe(0);
  });
});

describe('paged lists (connector list)', () => {
  beforeAll(async () => {
    const at = new Date('2026-11-01T10:00:00Z');
    for (const [id, evse] of [['load-3', 1], ['load-3', 2], ['load-20', 1], ['load-24', 0], ['load-24', 1]] as const) {
      await db.connectors.recordStatus({ chargePointId: id, evseId: evse }, { ocppStatus: evse === 2 ? 'Faulted' : 'Available', at });
    }
    await db.chargePoints.remove('load-20');
  });

  it('pages the connectors of stations that are not deleted, without EVSE 0, station ids sorted naturally', async () => {
    const page = await db.connectors.page({ q: '', sort: 'chargePoint', dir: 'asc', page: 1, size: 10 });
    expect(page.total).toBe(3);
    expect(page.rows.map((c) => `${c.chargePointId}/${c.evseId}`)).toEqual(['load-3/1', 'load-3/2', 'load-24/1']);
    expect((await db.connectors.page({ q: 'faulted', sort: 'status', dir: 'asc', page: 1, size: 10 })).rows.map((c) => c.evseId)).toEqual([2]);
  });
});

describe('paged lists (transaction list)', () => {
  beforeAll(async () => {
    const starts = [['load-3', 'CARD-1', 1], ['load-21', 'CARD-2', 2], ['load-4', 'CARD-1', 3]] as const;
    for (const [id, tag, hour] of starts) {
      await db.transactions.start({ chargePointId: id, evseId: 1, startKey: `${id}|${hour}`, startTag: tag, startedAt: new Date(Date.UTC(2026, 10, 1, hour)), meterStartWh: 0 });
    }
  });

  it('pages newest first, sorts stations naturally and searches station and tag', async () => {
    const newest = await db.transactions.page({ q: '', sort: 'startedAt', dir: 'desc', page: 1, size: 2 });
    expect(newest.total).toBe(3);
    expect(newest.rows.map((tx) => tx.chargePointId)).toEqual(['load-4', 'load-21']);
    const byStation = await db.transactions.page({ q: '', sort: 'chargePoint', dir: 'asc', page: 1, size: 10 });
    expect(byStation.rows.map((tx) => tx.chargePointId)).toEqual(['load-3', 'load-4', 'load-21']);
    expect((await db.transactions.page({ q: 'card-1', sort: 'id', dir: 'asc', page: 1, size: 10 })).rows.map((tx) => tx.chargePointId)).toEqual(['load-3', 'load-4']);
  });
});

describe('paged lists (user list)', () => {
  beforeAll(async () => {
    for (const username of ['ops-10', 'ops-9', 'admin']) await db.users.create({ username, password: 'a-long-password-1', role: username === 'admin' ? 'admin' : 'user' });
  });

  it('sorts names naturally and searches name and role', async () => {
    expect((await db.users.page({ q: 'ops', sort: 'username', dir: 'asc', page: 1, size: 10 })).rows.map((u) => u.username)).toEqual(['ops-9', 'ops-10']);
    expect((await db.users.page({ q: 'ADMIN', sort: 'role', dir: 'asc', page: 1, size: 10 })).total).toBe(1);
  });
});

describe('paged lists (payment list)', () => {
  beforeAll(async () => {
    const base = { currency: 'EUR', holdAmountMinor: 900, pricing: { pricePerMwhMinor: 40_000 } };
    await db.payments.create({ ...base, chargePointId: 'load-3', workflowId: 'pay/1', sessionId: 'a'.repeat(22), evseId: 1 });
    await db.payments.create({ ...base, chargePointId: 'load-21', workflowId: 'pay/2', sessionId: 'b'.repeat(22), evseId: 1 });
    const third = await db.payments.create({ ...base, chargePointId: 'load-4', workflowId: 'pay/3', sessionId: 'c'.repeat(22), evseId: 1 });
    await db.payments.update(third.id, { status: 'Failed' });
  });

  it('pages newest first, sorts stations naturally, filters by status and searches', async () => {
    const all = await db.payments.page({ q: '', sort: 'id', dir: 'desc', page: 1, size: 10 });
    expect(all.rows.map((p) => p.chargePointId)).toEqual(['load-4', 'load-21', 'load-3']);
    expect((await db.payments.page({ q: '', sort: 'chargePoint', dir: 'asc', page: 1, size: 10 })).rows.map((p) => p.chargePointId)).toEqual(['load-3', 'load-4', 'load-21']);
    expect((await db.payments.page({ q: '', sort: 'id', dir: 'asc', page: 1, size: 10 }, { status: 'Failed' })).rows.map((p) => p.chargePointId)).toEqual(['load-4']);
    expect((await db.payments.page({ q: 'PAY/2', sort: 'id', dir: 'asc', page: 1, size: 10 })).total).toBe(1);
  });
});

describe('paged lists (token list)', () => {
  it('sorts token names naturally and searches them', async () => {
    for (const name of ['ci-10', 'ci-9', 'deploy']) await db.apiTokens.create('ops-9', name);
    const page = await db.apiTokens.page({ q: 'CI', sort: 'name', dir: 'asc', page: 1, size: 10 });
    expect(page.rows.map((t) => t.name)).toEqual(['ci-9', 'ci-10']);
    expect(page.total).toBe(2);
  });
});
