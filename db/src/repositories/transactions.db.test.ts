import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../database.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';

describe('transactions, meter samples and connectors', () => {
  let db: TestDatabase;
  const t0 = new Date('2026-01-10T08:00:00.000Z');
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.chargePoints.create('CP-T', { name: 'T' });
  });
  afterAll(() => db.close());

  it('returns the same transaction for a resent start', async () => {
    const start = { chargePointId: 'CP-T', evseId: 1, startKey: '1|TAG1|1000|t0', startTag: 'TAG1', startedAt: t0, meterStartWh: 1000 };
    const first = await db.transactions.start(start);
    const again = await db.transactions.start(start);
    expect(first.created).toBe(true);
    expect(again).toEqual({ transaction: first.transaction, created: false });
    expect(Number.isInteger(first.transaction.id)).toBe(true);
    expect(await db.transactions.listOpen('CP-T')).toHaveLength(1);
  });

  it('answers an id no row can have (beyond 32 bits) as not found, on PostgreSQL too', async () => {
    // found by the API fuzzer: GET /api/v1/transactions/2147483648 was a 500 on PostgreSQL (integer out of range)
    for (const id of [2 ** 31, Number.MAX_SAFE_INTEGER, 0, -1]) {
      expect(await db.transactions.get(id)).toBeNull();
      await expect(db.transactions.stop(id, { stoppedAt: t0, meterStopWh: 1 })).rejects.toThrow(`transaction ${id} does not exist`);
      await expect(db.transactions.link(id, { workflowId: 'wf' })).rejects.toThrow(`transaction ${id} does not exist`);
      expect(await db.bulk.transactions([id])).toEqual([]);
    }
  });

  it('stops tolerantly: energy in Wh, below-start flagged, a second stop ignored', async () => {
    const [open] = await db.transactions.listOpen('CP-T');
    const stopped = await db.transactions.stop(open!.id, { stoppedAt: new Date(t0.getTime() + 3_600_000), meterStopWh: 12_345, stopReason: 'Local' });
    expect(stopped.transaction).toMatchObject({ status: 'Completed', energyWh: 11_345, meterStopWh: 12_345 });
    const second = await db.transactions.stop(open!.id, { stoppedAt: new Date(), meterStopWh: 99_999 });
    expect(second.alreadyStopped).toBe(true);
    expect(second.transaction.meterStopWh).toBe(12_345);

    const { transaction: odd } = await db.transactions.start({ chargePointId: 'CP-T', evseId: 2, startKey: 'k2', startTag: null, startedAt: t0, meterStartWh: 500 });
    const bad = await db.transactions.stop(odd.id, { stoppedAt: new Date(), meterStopWh: 400 });
    expect(bad.transaction.energyWh).toBe(0);
    expect(bad.transaction.dataIssue).toMatch(/below meter start/);
  });

  it('keeps a rejected start rejected and closes abandoned ones with the last reading', async () => {
    const { transaction: rejected } = await db.transactions.start({ chargePointId: 'CP-T', evseId: 1, startKey: 'rej', startTag: 'BAD', startedAt: t0, meterStartWh: 0, status: 'Rejected' });
    expect((await db.transactions.stop(rejected.id, { stoppedAt: new Date(), meterStopWh: 0, stopReason: 'DeAuthorized' })).transaction.status).toBe('Rejected');
    const { transaction: open } = await db.transactions.start({ chargePointId: 'CP-T', evseId: 3, startKey: 'k3', startTag: 'TAG1', startedAt: t0, meterStartWh: 100 });
    await db.transactions.recordMeter(open.id, 2100, new Date());
    const closed = await db.transactions.close(open.id, 'RebootWithoutStop', new Date());
    expect(closed).toMatchObject({ status: 'Closed', energyWh: 2000, stopReason: 'RebootWithoutStop' });
  });

  it('finds the latest transaction per connector and filters history by time', async () => {
    const latest = await db.transactions.latestPerConnector('CP-T');
    expect(latest.map((t) => t.evseId)).toEqual([1, 2, 3]);
    expect(latest.find((t) => t.evseId === 1)?.startTag).toBe('BAD');
    await db.chargePoints.create('CP-U', { name: 'U' });
    const { transaction: other } = await db.transactions.start({ chargePointId: 'CP-U', evseId: 1, startKey: 'u1', startTag: 'TAG1', startedAt: t0, meterStartWh: 0 });
    const everywhere = await db.transactions.latestPerConnector();
    expect(everywhere.map((t) => `${t.chargePointId}/${t.evseId}`)).toEqual(['CP-T/1', 'CP-T/2', 'CP-T/3', 'CP-U/1']);
    expect(everywhere.at(-1)!.id).toBe(other.id);
    expect((await db.transactions.latestPerConnector('CP-T')).map((t) => t.evseId)).toEqual([1, 2, 3]);
    const inRange = await db.transactions.list({ chargePointId: 'CP-T', from: t0, to: new Date(t0.getTime() + 1) });
    expect(inRange.length).toBe(4);
    expect(await db.transactions.list({ from: new Date(t0.getTime() + 1) })).toEqual([]);
  });

  it('stores meter samples in batches and returns one transaction in time order', async () => {
    const { transaction } = await db.transactions.start({ chargePointId: 'CP-T', evseId: 1, startKey: 'samples', startTag: 'TAG1', startedAt: t0, meterStartWh: 0 });
    const samples = Array.from({ length: 1203 }, (_, i) => ({
      chargePointId: 'CP-T',
      transactionId: transaction.id,
      evseId: 1,
      sampledAt: new Date(t0.getTime() + (1203 - i) * 1000),
      measurand: 'Energy.Active.Import.Register',
      value: (1203 - i) * 10,
      unit: 'Wh',
    }));
    expect(await db.meterSamples.insertMany(samples)).toBe(1203);
    const stored = await db.meterSamples.listForTransaction(transaction.id);
    expect(stored).toHaveLength(1203);
    expect(stored[0]).toMatchObject({ value: 10, unit: 'Wh', phase: null });
    expect(stored.at(-1)!.sampledAt.getTime()).toBeGreaterThan(stored[0]!.sampledAt.getTime());
  });

  it('creates connectors on first status and maps the raw status', async () => {
    const at = new Date('2026-01-10T09:00:00.000Z');
    await db.connectors.recordStatus({ chargePointId: 'CP-T', evseId: 1 }, { ocppStatus: 'SuspendedEV', at });
    await db.connectors.rename({ chargePointId: 'CP-T', evseId: 1 }, 'Left');
    const updated = await db.connectors.recordStatus({ chargePointId: 'CP-T', evseId: 1 }, { ocppStatus: 'Faulted', errorCode: 'GroundFailure', at });
    expect(updated).toMatchObject({ name: 'Left', ocppStatus: 'Faulted', status: 'Faulted', errorCode: 'GroundFailure' });
    await db.connectors.recordMeter({ chargePointId: 'CP-T', evseId: 1 }, { meterWh: 5000.4, powerW: 7200, at });
    await db.connectors.recordMeter({ chargePointId: 'CP-T', evseId: 2, connectorId: 1 }, { soc: 55, at });
    const list = await db.connectors.list('CP-T');
    expect(list.map((c) => [c.evseId, c.status, c.meterWh, c.powerW, c.soc])).toEqual([
      [1, 'Faulted', 5000, 7200, null],
      [2, 'Unknown', null, null, 55],
    ]);
  });

  it('rolls back everything in a failed transaction', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.transactions.start({ chargePointId: 'CP-T', evseId: 9, startKey: 'rolled-back', startTag: null, startedAt: t0, meterStartWh: 0 });
        await tx.outbox.append({ workflowId: 'wf-rb', type: 'started', payload: {}, at: t0 });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.transactions.listOpen('CP-T', 9)).toEqual([]);
    expect(await db.outbox.listForWorkflow('wf-rb')).toEqual([]);
  });
});

describe('a start sent by two gateway nodes at once', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.chargePoints.create('CP-RACE', { name: 'race' });
  });
  afterAll(() => db.close());

  it('gives two nodes sending the same start at once one row: one created, the other finds it', async () => {
    // a second handle on the same database: its own connections, as a second gateway node has
    const other = await openDatabase(db.url);
    try {
      for (let i = 0; i < 10; i++) {
        const start = { chargePointId: 'CP-RACE', evseId: 1, startKey: `race|${i}`, startTag: 'TAG1', startedAt: new Date('2026-01-10T08:00:00.000Z'), meterStartWh: i };
        const answers = await Promise.all([db.transaction((tx) => tx.transactions.start(start)), other.transaction((tx) => tx.transactions.start(start))]);
        expect(answers.map((a) => a.created).sort()).toEqual([false, true]);
        expect(answers[0].transaction).toEqual(answers[1].transaction);
        expect(await db.transactions.findByStartKey('CP-RACE', `race|${i}`)).toEqual(answers[0].transaction);
      }
    } finally {
      await other.close();
    }
  });
});
