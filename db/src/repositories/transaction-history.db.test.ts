import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';

/** What the gateway needs for late and out-of-order transaction messages (issue 6). */
describe('transaction history arriving late or out of order', () => {
  let db: TestDatabase;
  const t0 = new Date('2026-02-01T10:00:00.000Z');
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.chargePoints.create('CP-H', { name: 'H' });
  });
  afterAll(() => db.close());

  it('records a 2.x event key once per seqNo', async () => {
    const { transaction } = await db.transactions.start({ chargePointId: 'CP-H', evseId: 1, startKey: 'tx-a', externalId: 'tx-a', startTag: null, startedAt: t0, meterStartWh: 0 });
    const key = { seqNo: 0, eventType: 'Started', triggerReason: 'CablePluggedIn', occurredAt: t0, receivedAt: new Date() };
    expect(await db.transaction((tx) => tx.transactions.recordEvent(transaction.id, key))).toBe(true);
    expect(await db.transactions.recordEvent(transaction.id, key)).toBe(false);
    expect(await db.transactions.recordEvent(transaction.id, { ...key, seqNo: 1, eventType: 'Updated', offline: true })).toBe(true);
    expect(await db.transactions.findByStartKey('CP-H', 'tx-a')).toMatchObject({ id: transaction.id });
    expect(await db.transactions.findByStartKey('CP-H', 'nope')).toBeNull();
  });

  it('keeps the newest reading when an older one arrives later, and takes a pending meter start from the first reading', async () => {
    const { transaction } = await db.transactions.start({
      chargePointId: 'CP-H', evseId: 1, startKey: 'tx-b', externalId: 'tx-b', startTag: null, startedAt: t0, meterStartWh: 0, meterStartPending: true,
    });
    expect(transaction.meterStartPending).toBe(true);
    await db.transactions.recordMeter(transaction.id, 3_000, at(8), { resolvesStart: false });
    expect(await db.transactions.get(transaction.id)).toMatchObject({ meterStartPending: true, lastMeterWh: 3_000 });
    await db.transactions.recordMeter(transaction.id, 5_000, at(10));
    await db.transactions.recordMeter(transaction.id, 4_000, at(5));
    const row = await db.transactions.get(transaction.id);
    expect(row).toMatchObject({ meterStartWh: 5_000, meterStartPending: false, lastMeterWh: 5_000, lastMeterAt: at(10) });
  });

  it('amends a start that arrived after the stop and recomputes the energy', async () => {
    const { transaction } = await db.transactions.start({
      chargePointId: 'CP-H', evseId: 2, startKey: 'tx-c', externalId: 'tx-c', startTag: null, startedAt: at(30), meterStartWh: 0, meterStartPending: true,
      dataIssue: 'start not received',
    });
    const stopped = await db.transactions.stop(transaction.id, { stoppedAt: at(30), meterStopWh: 9_000, stopReason: 'Local' });
    expect(stopped.transaction).toMatchObject({ energyWh: null, status: 'Completed' });
    expect(stopped.transaction.dataIssue).toMatch(/meter start unknown/);
    const amended = await db.transactions.amendStart(transaction.id, { startedAt: t0, meterStartWh: 1_500, startTag: 'TAG', remoteStartId: 7 });
    expect(amended).toMatchObject({ startedAt: t0, meterStartWh: 1_500, meterStartPending: false, energyWh: 7_500, startTag: 'TAG', remoteStartId: 7 });
  });

  it("lets the station's stop replace a system close, and appends flags", async () => {
    const { transaction } = await db.transactions.start({ chargePointId: 'CP-H', evseId: 3, startKey: 'tx-d', startTag: 'T', startedAt: t0, meterStartWh: 100 });
    await db.transactions.recordMeter(transaction.id, 600, at(5));
    const closed = await db.transactions.close(transaction.id, 'StationRebootedWithoutStop', at(20));
    expect(closed).toMatchObject({ status: 'Closed', energyWh: 500 });
    await db.transactions.flag(transaction.id, 'first issue');
    const late = await db.transactions.stop(transaction.id, { stoppedAt: at(8), meterStopWh: 700, stopReason: 'PowerLoss', dataIssue: 'second issue' });
    expect(late.alreadyStopped).toBe(false);
    expect(late.transaction).toMatchObject({ status: 'Completed', energyWh: 600, meterStopWh: 700, stopReason: 'PowerLoss', stoppedAt: at(8) });
    expect(late.transaction.dataIssue).toMatch(/^first issue; closed by the system \(StationRebootedWithoutStop\).*; second issue$/);
  });

  it('sets an implied connector status unless the station reported a newer one', async () => {
    const key = { chargePointId: 'CP-H', evseId: 4 };
    expect(await db.connectors.recordImpliedStatus(key, { ocppStatus: 'Occupied', at: at(1) })).toBe(true);
    await db.connectors.recordStatus(key, { ocppStatus: 'Available', at: at(10) });
    expect(await db.connectors.recordImpliedStatus(key, { ocppStatus: 'Occupied', at: at(5) })).toBe(false);
    expect((await db.connectors.list('CP-H')).find((c) => c.evseId === 4)).toMatchObject({ ocppStatus: 'Available', status: 'Available' });
    expect(await db.connectors.recordImpliedStatus(key, { ocppStatus: 'Charging', at: at(11) })).toBe(true);
    expect((await db.connectors.list('CP-H')).find((c) => c.evseId === 4)).toMatchObject({ ocppStatus: 'Charging', status: 'Occupied' });
  });
});
