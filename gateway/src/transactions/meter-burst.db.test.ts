import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStation, strictClient, type OcppTestClient } from '../test-kit/ocpp-clients.ts';
import { heapAfterGcMb } from '../test-kit/heap.ts';
import { ManualClock, stationEvents } from '../test-kit/session-outbox.ts';
import { startTestGateway, type TestGateway } from '../test-kit/test-gateway.ts';

/*
 * 1,000 MeterValues in a burst per protocol version: 10 stations send 100 each at once (a station waits for each
 * answer, OCPP-J §4.1.1, so a burst on a node is many stations at once). They must be written in shared batches, with
 * every sample stored, no session event (the coalescing interval has not passed) and no growth of memory beyond noise.
 */
let t: TestGateway;
const clock = new ManualClock();
const clients: OcppTestClient[] = [];

beforeAll(async () => {
  t = await startTestGateway({ clock, ocpp: { meterEventIntervalMs: 60_000 }, settings: { messageLogLevel: 'info' } });
  await t.db.chargeTags.create('TAG-A', { name: 'A' });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await t?.close();
});

const STATIONS = 10;
const PER_STATION = 100;

describe.each([['ocpp1.6' as const], ['ocpp2.0.1' as const], ['ocpp2.1' as const]])('a burst of 1,000 MeterValues over %s', (protocol) => {
  it('is batched, complete and does not grow the heap', async () => {
    const ids = Array.from({ length: STATIONS }, (_, i) => `BURST-${protocol.replace(/\W/g, '')}-${i}`);
    const stations = await Promise.all(
      ids.map(async (id) => {
        await t.addStation(id);
        const client = strictClient(t.endpoint, id, protocol);
        clients.push(client);
        // ten stations connecting at once: the transport's known drop right after a handshake is reconnected and
        // reported, not counted against the writes under test
        const { droppedAfterHandshake } = await connectStation(client);
        if (droppedAfterHandshake > 0) console.warn(`${id}: the gateway dropped ${droppedAfterHandshake} connection(s) right after the handshake`);
        return client;
      }),
    );
    const transactionIds = await Promise.all(
      stations.map(async (client, i) => {
        if (protocol === 'ocpp1.6') {
          const start = await client.call('StartTransaction', { connectorId: 1, idTag: 'TAG-A', meterStart: 0, timestamp: new Date().toISOString() });
          return start.transactionId as number;
        }
        await client.call('TransactionEvent', {
          eventType: 'Started',
          timestamp: new Date().toISOString(),
          triggerReason: 'CablePluggedIn',
          seqNo: 0,
          transactionInfo: { transactionId: `burst-${i}` },
          evse: { id: 1, connectorId: 1 },
          meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: 0, context: 'Transaction.Begin' }] }],
        });
        return (await t.db.transactions.findByExternalId(ids[i]!, `burst-${i}`))!.id;
      }),
    );
    const base = Date.now();
    const send = (client: OcppTestClient, n: number) => {
      const timestamp = new Date(base + n * 1000).toISOString();
      return protocol === 'ocpp1.6'
        ? client.call('MeterValues', { connectorId: 1, meterValue: [{ timestamp, sampledValue: [{ value: String(n * 10) }, { value: '11000', measurand: 'Power.Active.Import', unit: 'W' }] }] })
        : client.call('MeterValues', { evseId: 1, meterValue: [{ timestamp, sampledValue: [{ value: n * 10 }, { value: 11, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'kW' } }] }] });
    };
    const before = { ...t.gateway.meterStats };
    const heapBefore = heapAfterGcMb();
    await Promise.all(
      stations.map(async (client) => {
        for (let n = 1; n <= PER_STATION; n++) expect(await send(client, n)).toEqual({});
      }),
    );
    const grownMb = heapAfterGcMb() - heapBefore;

    const writes = t.gateway.meterStats.writes - before.writes;
    const batches = t.gateway.meterStats.batches - before.batches;
    expect(writes).toBe(STATIONS * PER_STATION);
    expect(t.gateway.meterStats.samples - before.samples).toBe(STATIONS * PER_STATION * 2);
    // loose: ten stations answered one message at a time still share most commits
    expect(batches).toBeLessThan(writes / 2);
    expect(grownMb).toBeLessThan(64);

    for (const [i, id] of ids.entries()) {
      const tx = transactionIds[i]!;
      // 1.6 MeterValues without transactionId belong to the connector's open session (known from the start)
      expect(await t.db.meterSamples.listForTransaction(tx)).toHaveLength(PER_STATION * 2 + (protocol === 'ocpp1.6' ? 0 : 1));
      expect(await t.db.transactions.get(tx)).toMatchObject({ lastMeterWh: PER_STATION * 10 });
      expect((await t.db.connectors.list(id))[0]).toMatchObject({ meterWh: PER_STATION * 10, powerW: 11_000 });
      expect((await stationEvents(t.db, id)).map((e) => e.type)).toEqual(['started']);
    }
  });
});
