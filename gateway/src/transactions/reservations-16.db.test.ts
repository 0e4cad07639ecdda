import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strictClient, type OcppTestClient } from '../test-kit/ocpp-clients.ts';
import { ManualClock } from '../test-kit/session-outbox.ts';
import { startTestGateway, type TestGateway } from '../test-kit/test-gateway.ts';

/* Reservations over real sockets, OCPP 1.6 (strict schemas): a start carrying a reservationId consumes it. */
let t: TestGateway;
const clock = new ManualClock();
const clients: OcppTestClient[] = [];
const T0 = Date.parse('2026-03-01T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

beforeAll(async () => {
  t = await startTestGateway({ clock });
  await t.db.chargeTags.create('FLEET', { name: 'Fleet group' });
  await t.db.chargeTags.create('RES-A', { name: 'A', parentTagId: 'FLEET' });
  await t.db.chargeTags.create('RES-B', { name: 'B', parentTagId: 'FLEET' });
  await t.db.chargeTags.create('RES-X', { name: 'Other' });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await t?.close();
});

async function station(id: string): Promise<OcppTestClient> {
  await t.addStation(id);
  const client = strictClient(t.endpoint, id, 'ocpp1.6');
  clients.push(client);
  await client.connect();
  await client.call('BootNotification', { chargePointVendor: 'ACME', chargePointModel: 'R16' });
  return client;
}

async function reserved(stationId: string, connectorId: number, idTag: string, parentIdTag: string | null) {
  const reservation = await t.db.reservations.create({ chargePointId: stationId, connectorId, idTag, parentIdTag, expiresAt: new Date(clock.now().getTime() + 3_600_000), now: clock.now() });
  return t.db.reservations.recordAnswer(reservation.id, 'Accepted', clock.now());
}

describe('OCPP 1.6 reservations at the gateway', () => {
  it('a start of a tag of the reserved group, naming the reservation, uses it; Authorize tells the group', async () => {
    const c = await station('RES16-GROUP');
    const reservation = await reserved('RES16-GROUP', 1, 'RES-A', 'FLEET');
    await c.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Reserved', timestamp: at(0).toISOString() });
    expect((await t.db.connectors.list('RES16-GROUP'))[0]).toMatchObject({ ocppStatus: 'Reserved' });
    expect(await c.call('Authorize', { idTag: 'RES-B' })).toEqual({ idTagInfo: { status: 'Accepted', parentIdTag: 'FLEET' } });
    const start = await c.call('StartTransaction', { connectorId: 1, idTag: 'RES-B', meterStart: 0, timestamp: at(1).toISOString(), reservationId: reservation.id });
    expect(start).toEqual({ transactionId: expect.any(Number), idTagInfo: { status: 'Accepted', parentIdTag: 'FLEET' } });
    expect(await t.db.reservations.get('RES16-GROUP', reservation.id, clock.now())).toMatchObject({ status: 'Used', transactionId: start.transactionId });
  });

  it('a start of another tag or naming another station’s reservation leaves the reservation as it was', async () => {
    const c = await station('RES16-OTHER');
    const mine = await reserved('RES16-OTHER', 1, 'RES-A', null);
    const theirs = await reserved('RES16-GROUP', 2, 'RES-A', null);
    await c.call('StartTransaction', { connectorId: 1, idTag: 'RES-X', meterStart: 0, timestamp: at(2).toISOString(), reservationId: mine.id });
    await c.call('StartTransaction', { connectorId: 2, idTag: 'RES-A', meterStart: 0, timestamp: at(3).toISOString(), reservationId: theirs.id });
    expect(await t.db.reservations.get('RES16-OTHER', mine.id, clock.now())).toMatchObject({ status: 'Reserved', transactionId: null });
    expect(await t.db.reservations.get('RES16-GROUP', theirs.id, clock.now())).toMatchObject({ status: 'Reserved', transactionId: null });
  });
});
