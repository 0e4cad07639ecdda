import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';

describe('reservations', () => {
  let db: TestDatabase;
  const t0 = new Date('2026-11-29T12:00:00Z');
  const inMinutes = (n: number) => new Date(t0.getTime() + n * 60_000);
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.chargePoints.create('CP-R', { name: 'R' });
    await db.chargePoints.create('CP-S', { name: 'S' });
  });
  afterAll(() => db?.close());

  it('allocates a distinct reservationId per reservation and records the station’s answer in words', async () => {
    const a = await db.reservations.create({ chargePointId: 'CP-R', connectorId: 1, idTag: 'TAG-A', expiresAt: inMinutes(30), now: t0 });
    const b = await db.reservations.create({ chargePointId: 'CP-R', connectorId: 0, idTag: 'TAG-B', parentIdTag: 'FLEET', expiresAt: inMinutes(30), now: t0 });
    expect(a).toMatchObject({ status: 'Requested', answer: null, connectorId: 1, parentIdTag: null });
    expect(b.id).not.toBe(a.id);
    expect(await db.reservations.recordAnswer(a.id, 'Accepted', t0)).toMatchObject({ status: 'Reserved', answer: 'Accepted' });
    expect(await db.reservations.recordAnswer(b.id, 'Occupied', t0)).toMatchObject({ status: 'Rejected', answer: 'Occupied' });
    // a late second answer changes nothing
    expect(await db.reservations.recordAnswer(a.id, 'Faulted', t0)).toMatchObject({ status: 'Reserved', answer: 'Accepted' });
    expect((await db.reservations.list('CP-R', { now: t0 })).map((r) => r.id)).toEqual([b.id, a.id]);
    expect((await db.reservations.list('CP-R', { active: true, now: t0 })).map((r) => r.id)).toEqual([a.id]);
    expect(await db.reservations.list('CP-S', { now: t0 })).toEqual([]);
    expect(await db.reservations.get('CP-S', a.id, t0)).toBeNull();
  });

  it('reads a reservation past its expiry as Expired, and a cancelled one stays Cancelled', async () => {
    const short = await db.reservations.create({ chargePointId: 'CP-S', connectorId: 1, idTag: 'TAG-A', expiresAt: inMinutes(5), now: t0 });
    await db.reservations.recordAnswer(short.id, 'Accepted', t0);
    const cancelled = await db.reservations.create({ chargePointId: 'CP-S', connectorId: 2, idTag: 'TAG-A', expiresAt: inMinutes(5), now: t0 });
    await db.reservations.recordAnswer(cancelled.id, 'Accepted', t0);
    expect(await db.reservations.cancel(cancelled.id, inMinutes(1))).toMatchObject({ status: 'Cancelled' });
    expect(await db.reservations.get('CP-S', short.id, inMinutes(4))).toMatchObject({ status: 'Reserved' });
    expect(await db.reservations.get('CP-S', short.id, inMinutes(5))).toMatchObject({ status: 'Expired' });
    expect((await db.reservations.list('CP-S', { now: inMinutes(6) })).map((r) => r.status)).toEqual(['Cancelled', 'Expired']);
    // an expired one cannot be cancelled any more
    expect(await db.reservations.cancel(short.id, inMinutes(6))).toMatchObject({ status: 'Expired' });
  });

  it('is used by a start of the reserved tag or its group, never by another tag or station', async () => {
    const reservation = await db.reservations.create({ chargePointId: 'CP-R', connectorId: 2, idTag: 'TAG-C', parentIdTag: 'GROUP', expiresAt: inMinutes(60), now: t0 });
    await db.reservations.recordAnswer(reservation.id, 'Accepted', t0);
    const { transaction } = await db.transactions.start({ chargePointId: 'CP-R', evseId: 2, startKey: 'r1', startTag: 'TAG-D', startedAt: t0, meterStartWh: 0 });
    const use = { chargePointId: 'CP-R', reservationId: reservation.id, transactionId: transaction.id, now: inMinutes(2) };
    expect(await db.reservations.use({ ...use, idTag: 'TAG-X', parentIdTag: 'OTHER' })).toBeNull();
    expect(await db.reservations.use({ ...use, idTag: 'TAG-X', parentIdTag: null })).toBeNull();
    expect(await db.reservations.use({ ...use, chargePointId: 'CP-S', idTag: 'TAG-C', parentIdTag: null })).toBeNull();
    expect(await db.reservations.use({ ...use, idTag: 'TAG-D', parentIdTag: 'GROUP' })).toMatchObject({ status: 'Used', transactionId: transaction.id });
    // used once: a second start with the same id finds nothing to use
    expect(await db.reservations.use({ ...use, idTag: 'TAG-C', parentIdTag: null })).toBeNull();
  });

  it('refuses an expiry that is not ahead, a negative connector and a malformed tag', async () => {
    const base = { chargePointId: 'CP-R', connectorId: 1, idTag: 'TAG-A', now: t0 };
    await expect(db.reservations.create({ ...base, expiresAt: t0 })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(db.reservations.create({ ...base, connectorId: -1, expiresAt: inMinutes(1) })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(db.reservations.create({ ...base, idTag: '', expiresAt: inMinutes(1) })).rejects.toBeInstanceOf(InvalidInputError);
  });
});
