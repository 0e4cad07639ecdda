import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strictClient } from '../test-kit/ocpp-clients.ts';
import { startTestGateway, type TestGateway } from '../test-kit/test-gateway.ts';

/*
 * Issue 4's "done when": a 1.6, a 2.0.1 and a 2.1 station each connect with Basic auth, boot, report status and
 * authorize known, unknown, blocked and expired tags, and the DB shows boot data, connector states, online state and
 * the message log. The stations are ocpp-rpc clients in strict mode (every answer validated against the schemas).
 */
const PASSWORD = 'a-station-secret-123';
let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
  await t.db.chargeTags.create('GROUP-1', { name: 'Fleet' });
  await t.db.chargeTags.create('TAG-OK', { name: 'Driver', parentTagId: 'GROUP-1', expiresAt: new Date('2099-01-01T00:00:00Z') });
  await t.db.chargeTags.create('TAG-BLOCKED', { name: 'Lost card', blocked: true, parentTagId: 'GROUP-1' });
  await t.db.chargeTags.create('TAG-EXPIRED', { name: 'Old card', expiresAt: new Date('2020-01-01T00:00:00Z') });
});
afterAll(() => t?.close());

async function expectOnline(id: string, online: boolean) {
  await expect.poll(async () => (await t.db.chargePoints.get(id))?.online, { timeout: 5_000 }).toBe(online);
}

async function loggedActions(id: string) {
  await t.gateway.flush();
  const entries = await t.db.messageLog.list({ chargePointId: id, limit: 500 });
  return entries.map((e) => `${e.direction} ${e.messageType} ${e.action ?? '-'}`);
}

describe('a 1.6 station: connect with Basic auth, boot, status, authorize', () => {
  it('is recorded in the DB with boot data, connector states, online state and the message log', async () => {
    await t.addStation('CP16', PASSWORD);
    const client = strictClient(t.endpoint, 'CP16', 'ocpp1.6', PASSWORD);
    await client.connect();
    expect(client.protocol).toBe('ocpp1.6');
    await expectOnline('CP16', true);

    const boot = await client.call('BootNotification', {
      chargePointVendor: 'ACME',
      chargePointModel: 'Wall-16',
      chargePointSerialNumber: 'SN-16',
      firmwareVersion: '1.2.3',
      iccid: '8949000',
      meterType: 'EM-1',
    });
    expect(boot).toMatchObject({ status: 'Accepted', interval: 300 });
    expect(Date.parse(String(boot.currentTime))).not.toBeNaN();

    expect(await client.call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available' })).toEqual({});
    await client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    await client.call('StatusNotification', {
      connectorId: 2,
      errorCode: 'ConnectorLockFailure',
      status: 'Faulted',
      info: 'lock',
      timestamp: '2026-02-03T04:05:06.000Z',
    });
    await client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing' });

    expect(await client.call('Authorize', { idTag: 'TAG-OK' })).toEqual({
      idTagInfo: { status: 'Accepted', parentIdTag: 'GROUP-1', expiryDate: '2099-01-01T00:00:00.000Z' },
    });
    expect(await client.call('Authorize', { idTag: 'NOBODY' })).toEqual({ idTagInfo: { status: 'Invalid' } });
    expect(await client.call('Authorize', { idTag: 'TAG-BLOCKED' })).toEqual({ idTagInfo: { status: 'Blocked', parentIdTag: 'GROUP-1' } });
    expect(await client.call('Authorize', { idTag: 'TAG-EXPIRED' })).toMatchObject({ idTagInfo: { status: 'Expired' } });
    expect(Object.keys(await client.call('Heartbeat', {}))).toEqual(['currentTime']);

    const station = await t.db.chargePoints.get('CP16');
    expect(station).toMatchObject({
      online: true,
      nodeId: expect.stringMatching(/^test-/),
      protocol: 'ocpp1.6',
      boot: { vendor: 'ACME', model: 'Wall-16', chargePointSerialNumber: 'SN-16', firmwareVersion: '1.2.3', iccid: '8949000', meterType: 'EM-1' },
    });
    expect(station?.bootedAt).toBeInstanceOf(Date);
    const connectors = await t.db.connectors.list('CP16');
    expect(connectors.map((c) => [c.evseId, c.connectorId, c.ocppStatus, c.status, c.errorCode])).toEqual([
      [1, 1, 'Preparing', 'Occupied', null],
      [2, 1, 'Faulted', 'Faulted', 'ConnectorLockFailure'],
    ]);
    expect(connectors[1]?.statusAt?.toISOString()).toBe('2026-02-03T04:05:06.000Z');
    expect(connectors[1]?.statusInfo).toBe('lock');

    const log = await loggedActions('CP16');
    expect(log).toContain('in CALL BootNotification');
    expect(log).toContain('out CALLRESULT Authorize');
    expect(log.filter((e) => e === 'in CALL Authorize')).toHaveLength(4);

    await client.close();
    await expectOnline('CP16', false);
  });
});

describe.each([['ocpp2.0.1' as const], ['ocpp2.1' as const]])('a %s station: connect with Basic auth, boot, status, authorize', (protocol) => {
  it('is recorded in the DB with boot data, connector states, online state and the message log', async () => {
    const id = `CP-${protocol}`;
    await t.addStation(id, PASSWORD);
    const client = strictClient(t.endpoint, id, protocol, PASSWORD);
    await client.connect();
    expect(client.protocol).toBe(protocol);
    await expectOnline(id, true);

    const boot = await client.call('BootNotification', {
      reason: 'PowerUp',
      chargingStation: { vendorName: 'ACME', model: 'Wall-2', serialNumber: 'SN-2', firmwareVersion: '2.0.0', modem: { iccid: '8949', imsi: '262' } },
    });
    expect(boot).toMatchObject({ status: 'Accepted', interval: 300 });

    const at = '2026-02-03T04:05:06.000Z';
    await client.call('StatusNotification', { timestamp: at, connectorStatus: 'Available', evseId: 1, connectorId: 1 });
    await client.call('StatusNotification', { timestamp: at, connectorStatus: 'Occupied', evseId: 1, connectorId: 2 });
    await client.call('StatusNotification', { timestamp: at, connectorStatus: 'Unavailable', evseId: 2, connectorId: 1 });

    expect(await client.call('Authorize', { idToken: { idToken: 'TAG-OK', type: 'ISO14443' } })).toEqual({
      idTokenInfo: { status: 'Accepted', cacheExpiryDateTime: '2099-01-01T00:00:00.000Z', groupIdToken: { idToken: 'GROUP-1', type: 'Central' } },
    });
    expect(await client.call('Authorize', { idToken: { idToken: 'NOBODY', type: 'ISO14443' } })).toEqual({ idTokenInfo: { status: 'Unknown' } });
    expect(await client.call('Authorize', { idToken: { idToken: 'TAG-BLOCKED', type: 'ISO14443' } })).toMatchObject({ idTokenInfo: { status: 'Blocked' } });
    expect(await client.call('Authorize', { idToken: { idToken: 'TAG-EXPIRED', type: 'ISO14443' } })).toMatchObject({ idTokenInfo: { status: 'Expired' } });

    const station = await t.db.chargePoints.get(id);
    expect(station).toMatchObject({
      online: true,
      protocol,
      boot: { vendor: 'ACME', model: 'Wall-2', chargePointSerialNumber: 'SN-2', firmwareVersion: '2.0.0', iccid: '8949', imsi: '262', reason: 'PowerUp' },
    });
    const connectors = await t.db.connectors.list(id);
    expect(connectors.map((c) => [c.evseId, c.connectorId, c.ocppStatus, c.status])).toEqual([
      [1, 1, 'Available', 'Available'],
      [1, 2, 'Occupied', 'Occupied'],
      [2, 1, 'Unavailable', 'Unavailable'],
    ]);
    expect(connectors[0]?.statusAt?.toISOString()).toBe(at);
    expect(await loggedActions(id)).toContain('out CALLRESULT Authorize');

    await client.close();
    await expectOnline(id, false);
  });
});
