import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NotFoundError } from '@csms/db';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { StationWriter } from './station-writer.ts';

const at = new Date('2026-03-01T10:00:00Z');

describe('StationWriter', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    for (let i = 0; i < 50; i++) await db.chargePoints.create(`SW-${i}`, { name: `station ${i}` });
  });
  afterAll(() => db?.close());

  it('writes a burst of every station in a few transactions and keeps each station in order', async () => {
    const spy = vi.spyOn(db, 'transaction');
    const writer = new StationWriter(db, { maxBatch: 20 });
    const epochs = await Promise.all(Array.from({ length: 50 }, (_, i) => writer.connect({ chargePointId: `SW-${i}`, nodeId: 'n', protocol: 'ocpp1.6', at })));
    expect(epochs.every((e) => e === 1)).toBe(true);
    expect(spy.mock.calls.length).toBe(3);
    // connect, status, disconnect of one station in one batch keep their order; a second connect gets the next epoch
    const [epoch, , again, gone] = await Promise.all([
      writer.connect({ chargePointId: 'SW-0', nodeId: 'n', protocol: 'ocpp1.6', at }),
      writer.status({ chargePointId: 'SW-0', evseId: 1, connectorId: 1, ocppStatus: 'Available', errorCode: null, info: null, at }),
      writer.connect({ chargePointId: 'SW-0', nodeId: 'n', protocol: 'ocpp1.6', at }),
      writer.disconnect({ chargePointId: 'SW-0', epoch: 3, at }),
    ]);
    expect([epoch, again, gone]).toEqual([2, 3, true]);
    expect(await db.chargePoints.get('SW-0')).toMatchObject({ online: false, connectionEpoch: 3 });
    spy.mockRestore();
  });

  it('lets a failing op fail alone and writes every other op of its batch', async () => {
    const writer = new StationWriter(db);
    const status = (id: string, ocppStatus: string) => writer.status({ chargePointId: id, evseId: 1, connectorId: 1, ocppStatus, errorCode: null, info: null, at });
    const results = await Promise.allSettled([
      status('SW-1', 'Preparing'),
      status('NO-SUCH-STATION', 'Preparing'), // a connector row for an unknown station breaks the multi-row INSERT
      writer.boot({ chargePointId: 'SW-2', boot: { vendor: 'C' }, at }),
      writer.boot({ chargePointId: 'NO-SUCH-STATION', boot: { vendor: 'D' }, at }),
      writer.run(async () => {
        throw new Error('a unit of work that fails');
      }),
      writer.run((tx) => tx.chargeTags.create('SW-TAG', { name: 'tag' })),
      status('SW-3', 'Faulted'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[3] as PromiseRejectedResult).reason).toBeInstanceOf(NotFoundError);
    expect((await db.connectors.list('SW-1'))[0]?.ocppStatus).toBe('Preparing');
    expect((await db.connectors.list('SW-3'))[0]?.ocppStatus).toBe('Faulted');
    expect((await db.chargePoints.get('SW-2'))?.boot.vendor).toBe('C');
    expect(await db.chargeTags.get('SW-TAG')).not.toBeNull();
  });

  it('tells open sessions of a rebooted station and of a connector that became Available', async () => {
    const writer = new StationWriter(db);
    const { transaction } = await db.transactions.start({ chargePointId: 'SW-4', evseId: 2, startKey: 'k', startTag: 'T', startedAt: at, meterStartWh: 0, workflowId: 'wf-sw-4' });
    await Promise.all([
      writer.status({ chargePointId: 'SW-4', evseId: 1, connectorId: 1, ocppStatus: 'Available', errorCode: null, info: null, at }),
      writer.status({ chargePointId: 'SW-4', evseId: 2, connectorId: 1, ocppStatus: 'Available', errorCode: null, info: null, at }),
    ]);
    await writer.boot({ chargePointId: 'SW-4', boot: { vendor: 'V', reason: 'PowerUp' }, at });
    const events = await db.outbox.listForWorkflow('wf-sw-4');
    expect(events.map((e) => [e.seq, e.type])).toEqual([[1, 'connectorAvailable'], [2, 'stationRebooted']]);
    expect(events[1]?.payload).toMatchObject({ transactionId: transaction.id, reason: 'PowerUp', evseId: 2 });
  });

  it('with two batches in flight: a station is never in both, a unit of work waits until it is alone, nothing overtakes it', async () => {
    const original = db.transaction.bind(db);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    const spy = vi.spyOn(db, 'transaction').mockImplementation(async (work) => {
      calls += 1;
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      try {
        if (calls === 1) await held; // the first batch stays open until the test lets it go
        return await original(work);
      } finally {
        inFlight -= 1;
      }
    });
    const log: string[] = [];
    const status = (id: string, ocppStatus: string) =>
      writer.status({ chargePointId: id, evseId: 1, connectorId: 1, ocppStatus, errorCode: null, info: null, at }).then(() => log.push(`${id} ${ocppStatus}`));
    const writer = new StationWriter(db, { maxInFlight: 2 });
    const first = status('SW-10', 'Preparing');
    await vi.waitFor(() => expect(calls).toBe(1));
    const rest = [
      status('SW-10', 'Charging'), // its station is in the first batch: waits for it
      status('SW-11', 'Faulted'), // goes beside it
      writer.run(async () => void log.push('unit of work')), // waits until nothing else is in flight
      status('SW-12', 'Unavailable'), // queued after the unit: never ahead of it
    ];
    await vi.waitFor(() => expect(log).toEqual(['SW-11 Faulted']));
    expect(inFlight).toBe(1);
    release();
    await Promise.all([first, ...rest]);
    await writer.flush();
    spy.mockRestore();
    expect(mostInFlight).toBe(2);
    expect(log.slice(0, 2)).toEqual(['SW-11 Faulted', 'SW-10 Preparing']);
    expect(log.indexOf('unit of work')).toBeLessThan(log.indexOf('SW-12 Unavailable'));
    expect(log.indexOf('SW-10 Preparing')).toBeLessThan(log.indexOf('SW-10 Charging'));
    expect((await db.connectors.list('SW-10'))[0]?.ocppStatus).toBe('Charging');
    expect((await db.connectors.list('SW-12'))[0]?.ocppStatus).toBe('Unavailable');
  });
});
