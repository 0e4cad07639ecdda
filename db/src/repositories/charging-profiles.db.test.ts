import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import type { ChargingProfileInput } from './charging-profiles.ts';

const schedule = { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] };
const txDefault = (chargePointId: string, stackLevel: number, connectorId = 1): ChargingProfileInput => ({
  chargePointId,
  connectorId,
  stackLevel,
  purpose: 'TxDefaultProfile',
  kind: 'Relative',
  schedule,
  origin: 'Operator',
  createdBy: 'admin',
});

describe('charging profile store', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.chargePoints.create('CP-A', { name: 'A' });
    await db.chargePoints.create('CP-B', { name: 'B' });
  });
  afterAll(() => db?.close());

  it('allocates profile ids per station, one after the other, and keeps the schedule as sent', async () => {
    const a1 = await db.chargingProfiles.allocate(txDefault('CP-A', 0));
    const a2 = await db.chargingProfiles.allocate({ ...txDefault('CP-A', 1), validFrom: new Date('2026-11-29T12:00:00Z'), recurrencyKind: null });
    const b1 = await db.chargingProfiles.allocate(txDefault('CP-B', 0));
    expect([a1.chargingProfileId, a2.chargingProfileId, b1.chargingProfileId]).toEqual([1, 2, 1]);
    expect(a1).toMatchObject({ status: 'Sent', schedule, purpose: 'TxDefaultProfile', origin: 'Operator', transactionId: null });
    expect(a2.validFrom).toEqual(new Date('2026-11-29T12:00:00Z'));
    // concurrent allocations for one station never share an id
    const many = await Promise.all(Array.from({ length: 6 }, (_, i) => db.chargingProfiles.allocate(txDefault('CP-B', 10 + i))));
    expect(new Set(many.map((p) => p.chargingProfileId)).size).toBe(6);
  });

  it('records the answer; an accepted profile replaces the one of the same connector, purpose and stack level', async () => {
    const old = await db.chargingProfiles.allocate(txDefault('CP-A', 5));
    await db.chargingProfiles.answer('CP-A', old.chargingProfileId, 'Accepted');
    const otherConnector = await db.chargingProfiles.allocate(txDefault('CP-A', 5, 2));
    await db.chargingProfiles.answer('CP-A', otherConnector.chargingProfileId, 'Accepted');
    const rejected = await db.chargingProfiles.allocate(txDefault('CP-A', 5));
    expect(await db.chargingProfiles.answer('CP-A', rejected.chargingProfileId, 'Rejected')).toMatchObject({ status: 'Rejected' });
    expect((await db.chargingProfiles.get('CP-A', old.chargingProfileId))?.status).toBe('Accepted');
    const newer = await db.chargingProfiles.allocate(txDefault('CP-A', 5));
    await db.chargingProfiles.answer('CP-A', newer.chargingProfileId, 'Accepted');
    expect(await db.chargingProfiles.get('CP-A', old.chargingProfileId)).toMatchObject({ status: 'Replaced', statusDetail: `replaced by profile ${newer.chargingProfileId}` });
    expect((await db.chargingProfiles.get('CP-A', otherConnector.chargingProfileId))?.status).toBe('Accepted');
  });

  it('clears by id, by criteria, or all, and says which stored profiles it cleared', async () => {
    await db.chargePoints.create('CP-C', { name: 'C' });
    const ids: number[] = [];
    for (const level of [0, 1, 2]) {
      const p = await db.chargingProfiles.allocate(txDefault('CP-C', level));
      await db.chargingProfiles.answer('CP-C', p.chargingProfileId, 'Accepted');
      ids.push(p.chargingProfileId);
    }
    const max = await db.chargingProfiles.allocate({ ...txDefault('CP-C', 0, 0), purpose: 'ChargePointMaxProfile' });
    await db.chargingProfiles.answer('CP-C', max.chargingProfileId, 'Accepted');

    expect((await db.chargingProfiles.clear('CP-C', { id: ids[0]!, stackLevel: 99 }, 'by id')).map((p) => p.chargingProfileId)).toEqual([ids[0]]);
    expect(await db.chargingProfiles.matching('CP-C', { connectorId: 1, purpose: 'TxDefaultProfile', stackLevel: 1 })).toHaveLength(1);
    expect((await db.chargingProfiles.clear('CP-C', { connectorId: 1, purpose: 'TxDefaultProfile', stackLevel: 1 }, 'by criteria')).map((p) => p.chargingProfileId)).toEqual([ids[1]]);
    expect((await db.chargingProfiles.clear('CP-C', {}, 'all')).map((p) => p.chargingProfileId)).toEqual([ids[2], max.chargingProfileId]);
    expect(await db.chargingProfiles.list('CP-C', { inForce: true })).toEqual([]);
    const all = await db.chargingProfiles.list('CP-C');
    expect(all.map((p) => [p.chargingProfileId, p.status, p.statusDetail])).toEqual([
      [max.chargingProfileId, 'Cleared', 'all'],
      [ids[2], 'Cleared', 'all'],
      [ids[1], 'Cleared', 'by criteria'],
      [ids[0], 'Cleared', 'by id'],
    ]);
    // a cleared profile is not cleared again
    expect(await db.chargingProfiles.clear('CP-C', {}, 'again')).toEqual([]);
  });

  it('goes with its station when the station is purged', async () => {
    await db.chargePoints.create('CP-D', { name: 'D' });
    await db.chargingProfiles.allocate(txDefault('CP-D', 0));
    await db.chargePoints.remove('CP-D', { purge: true });
    expect(await db.chargingProfiles.list('CP-D')).toEqual([]);
  });
});
