import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargingSessionWorkflowId } from '@csms/temporal';
import { strictClient, type OcppTestClient } from '../test-kit/ocpp-clients.ts';
import { startTestGateway, type TestGateway } from '../test-kit/test-gateway.ts';

/*
 * The batched writes keep every guarantee of one write per message (issue 14): 20 stations charge at the same time,
 * so their statuses, meter values, starts and stops share multi-row statements and transactions, while a station
 * deleted under its feet breaks a row in the middle of those batches. Each station's rows must come out in its own
 * order, a resent start must find its transaction, each session's outbox must hold its events in order without
 * gaps, and only the broken station's messages may fail.
 */
let t: TestGateway;
const clients: OcppTestClient[] = [];
const T0 = Date.parse('2026-03-01T08:00:00.000Z');
const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const STATIONS = 20;
const READINGS = 5;

beforeAll(async () => {
  t = await startTestGateway({ ocpp: { meterEventIntervalMs: 0 } });
  await t.db.chargeTags.create('TAG-A', { name: 'A' });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await t?.close();
});

async function connect(id: string): Promise<OcppTestClient> {
  await t.addStation(id);
  const client = strictClient(t.endpoint, id, 'ocpp1.6');
  clients.push(client);
  await client.connect();
  await client.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
  return client;
}

const status = (c: OcppTestClient, status: string, s: number) => c.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status, timestamp: iso(s) });

/** One station's session, message by message (each waits for its answer, as OCPP-J requires). */
async function charge(c: OcppTestClient): Promise<{ id: number; resentId: number }> {
  await status(c, 'Preparing', 1);
  const start = { connectorId: 1, idTag: 'TAG-A', meterStart: 1000, timestamp: iso(2) };
  const id = (await c.call('StartTransaction', start)).transactionId as number;
  await status(c, 'Charging', 3);
  for (let n = 1; n <= READINGS; n++) {
    await c.call('MeterValues', {
      connectorId: 1,
      transactionId: id,
      meterValue: [{ timestamp: iso(3 + n * 60), sampledValue: [{ value: String(1000 + n * 100) }, { value: '6000', measurand: 'Power.Active.Import', unit: 'W' }] }],
    });
  }
  // the CALLRESULT was lost: the station resends its start with a new message id
  const resentId = (await c.call('StartTransaction', start)).transactionId as number;
  await c.call('StopTransaction', { transactionId: id, meterStop: 1000 + READINGS * 100 + 50, timestamp: iso(400), idTag: 'TAG-A', reason: 'Local' });
  await status(c, 'Finishing', 401);
  await status(c, 'Available', 402);
  return { id, resentId };
}

describe('batched writes under concurrent stations', () => {
  it('keep each station in order, starts idempotent, outbox events complete and in order; a broken row fails alone', async () => {
    const ids = Array.from({ length: STATIONS }, (_, i) => `BW-${i}`);
    const stations = await Promise.all(ids.map(connect));
    const doomed = await connect('BW-DOOMED');
    await t.db.chargePoints.remove('BW-DOOMED', { purge: true });

    let doomedFailures = 0;
    let running = true;
    const breaking = (async () => {
      // its connector rows now break the multi-row statements they share with the others
      for (let s = 0; running; s++) {
        await status(doomed, s % 2 ? 'Available' : 'Preparing', s).catch(() => (doomedFailures += 1));
      }
    })();
    const sessions = await Promise.all(stations.map(charge));
    running = false;
    await breaking;
    expect(doomedFailures).toBeGreaterThan(0);

    for (const [i, id] of ids.entries()) {
      const session = sessions[i]!;
      expect(session.resentId).toBe(session.id);
      expect(await t.db.transactions.list({ chargePointId: id })).toHaveLength(1);
      expect(await t.db.transactions.get(session.id)).toMatchObject({ status: 'Completed', meterStartWh: 1000, meterStopWh: 1550, energyWh: 550, lastMeterWh: 1500 });
      const [connector] = await t.db.connectors.list(id);
      expect(connector).toMatchObject({ ocppStatus: 'Available', statusAt: new Date(iso(402)), meterWh: 1550 });
      const samples = await t.db.meterSamples.listForTransaction(session.id);
      expect(samples.filter((s) => s.measurand === 'Energy.Active.Import.Register').map((s) => s.value)).toEqual([1100, 1200, 1300, 1400, 1500]);
      const events = await t.db.outbox.listForWorkflow(chargingSessionWorkflowId(id, session.id));
      expect(events.map((e) => e.seq)).toEqual(events.map((_, n) => n + 1));
      expect(events.map((e) => e.type)).toEqual(['started', ...Array<string>(READINGS).fill('meter'), 'stopped']);
      expect(events.filter((e) => e.type === 'meter').map((e) => e.payload.meterWh)).toEqual([1100, 1200, 1300, 1400, 1500]);
    }
    expect(await t.db.connectors.list('BW-DOOMED')).toEqual([]);
  });
});
