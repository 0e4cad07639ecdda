import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strictClient, type OcppTestClient } from '../test-kit/ocpp-clients.ts';
import { startTestGateway, type TestGateway } from '../test-kit/test-gateway.ts';

/*
 * Every station-initiated action of issue 4, per version, through ocpp-rpc in strict mode: the client refuses any
 * answer that does not match the official response schema, so "resolves" here means "answered on-schema".
 */
let t: TestGateway;
const open: OcppTestClient[] = [];

beforeAll(async () => {
  t = await startTestGateway({ ocpp: { stripTagSuffix: true } });
  await t.db.chargeTags.create('04A1B2C3', { name: 'KEBA card' });
  await t.db.chargeTags.create('REAL_TAG', { name: 'a tag with an underscore' });
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close({ force: true })));
  await t?.close();
});

async function connect(id: string, protocol: 'ocpp1.6' | 'ocpp2.0.1' | 'ocpp2.1'): Promise<OcppTestClient> {
  await t.addStation(id);
  const client = strictClient(t.endpoint, id, protocol);
  await client.connect();
  open.push(client);
  return client;
}

const rpcError = (promise: Promise<unknown>) => promise.then(() => undefined, (error: { rpcErrorCode?: string }) => error.rpcErrorCode);

describe('OCPP 1.6 actions', () => {
  let c: OcppTestClient;
  beforeAll(async () => {
    c = await connect('A16', 'ocpp1.6');
    await c.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
  });

  it('answers Heartbeat with the current time', async () => {
    const before = Date.now();
    const { currentTime } = await c.call('Heartbeat', {});
    expect(Date.parse(String(currentTime))).toBeGreaterThanOrEqual(before - 1000);
  });

  it('answers DataTransfer Accepted for a known vendor and UnknownVendorId otherwise', async () => {
    expect(await c.call('DataTransfer', { vendorId: 'com.example', messageId: 'x', data: '{}' })).toEqual({ status: 'Accepted' });
    expect(await c.call('DataTransfer', { vendorId: 'com.unknown' })).toEqual({ status: 'UnknownVendorId' });
  });

  it('acknowledges firmware, diagnostics, log and security notifications', async () => {
    expect(await c.call('FirmwareStatusNotification', { status: 'Downloading' })).toEqual({});
    expect(await c.call('DiagnosticsStatusNotification', { status: 'Uploaded' })).toEqual({});
    expect(await c.call('LogStatusNotification', { status: 'Uploading', requestId: 1 })).toEqual({});
    expect(await c.call('SignedFirmwareStatusNotification', { status: 'Installed', requestId: 1 })).toEqual({});
    expect(await c.call('SecurityEventNotification', { type: 'InvalidCentralSystemCertificate', timestamp: new Date().toISOString() })).toEqual({});
    expect(await c.call('SecurityEventNotification', { type: 'TamperDetectionActivated', timestamp: '2026-11-01T10:00:00Z', techInfo: 'lid' })).toEqual({});
    // stored with the station's own time; the event list marks tamper detection critical
    expect((await t.db.securityEvents.list({ chargePointId: 'A16' })).map((e) => [e.type, e.critical, e.techInfo])).toEqual([
      ['TamperDetectionActivated', true, 'lid'],
      ['InvalidCentralSystemCertificate', false, null],
    ]);
    expect((await t.db.securityEvents.list({ chargePointId: 'A16', limit: 1 }))[0]?.occurredAt).toEqual(new Date('2026-11-01T10:00:00Z'));
  });

  it('answers SignCertificate Rejected (not NotSupported) until the system signs CSRs', async () => {
    expect(await c.call('SignCertificate', { csr: '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----' })).toEqual({ status: 'Rejected' });
  });

  it('normalizes a KEBA-style tag suffix when enabled, after trying the exact tag', async () => {
    expect(await c.call('Authorize', { idTag: '04A1B2C3_123456' })).toEqual({ idTagInfo: { status: 'Accepted' } });
    expect(await c.call('Authorize', { idTag: 'REAL_TAG' })).toEqual({ idTagInfo: { status: 'Accepted' } });
    expect(await c.call('Authorize', { idTag: 'NOPE_1' })).toEqual({ idTagInfo: { status: 'Invalid' } });
  });

  it('answers the transaction messages on-schema (behaviour: transactions.db.test.ts)', async () => {
    const now = new Date().toISOString();
    const start = await c.call('StartTransaction', { connectorId: 1, idTag: '04A1B2C3', meterStart: 0, timestamp: now });
    expect(start).toEqual({ transactionId: expect.any(Number), idTagInfo: { status: 'Accepted' } });
    const meter = { connectorId: 1, transactionId: start.transactionId, meterValue: [{ timestamp: now, sampledValue: [{ value: '1' }] }] };
    expect(await c.call('MeterValues', meter)).toEqual({});
    expect(await c.call('StopTransaction', { transactionId: start.transactionId, meterStop: 10, timestamp: now })).toEqual({});
  });
});

describe.each([['ocpp2.0.1' as const], ['ocpp2.1' as const]])('OCPP %s actions', (protocol) => {
  let c: OcppTestClient;
  const now = () => new Date().toISOString();
  beforeAll(async () => {
    c = await connect(`A-${protocol}`, protocol);
    await c.call('BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'V', model: 'M' } });
  });

  it('answers Heartbeat and DataTransfer', async () => {
    expect(Object.keys(await c.call('Heartbeat', {}))).toEqual(['currentTime']);
    expect(await c.call('DataTransfer', { vendorId: 'com.example', data: { any: ['json'] } })).toEqual({ status: 'Accepted' });
    expect(await c.call('DataTransfer', { vendorId: 'com.unknown' })).toEqual({ status: 'UnknownVendorId' });
  });

  it('accepts a NoAuthorization token and answers Unknown for an unknown one', async () => {
    expect(await c.call('Authorize', { idToken: { idToken: '', type: 'NoAuthorization' } })).toEqual({ idTokenInfo: { status: 'Accepted' } });
    expect(await c.call('Authorize', { idToken: { idToken: 'who', type: 'Central' } })).toEqual({ idTokenInfo: { status: 'Unknown' } });
  });

  it('acknowledges the notifications', async () => {
    expect(await c.call('LogStatusNotification', { status: 'Uploaded', requestId: 7 })).toEqual({});
    expect(await c.call('FirmwareStatusNotification', { status: 'Installed' })).toEqual({});
    expect(await c.call('ClearedChargingLimit', { chargingLimitSource: 'EMS', evseId: 1 })).toEqual({});
    expect(await c.call('NotifyChargingLimit', { chargingLimit: { chargingLimitSource: 'SO', isGridCritical: true }, evseId: 1 })).toEqual({});
    expect(
      await c.call('NotifyEVChargingSchedule', {
        timeBase: now(),
        evseId: 1,
        chargingSchedule: { id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11000 }] },
      }),
    ).toEqual({ status: 'Accepted' });
    expect(
      await c.call('NotifyReport', {
        requestId: 3,
        generatedAt: now(),
        seqNo: 0,
        tbc: false,
        reportData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, variableAttribute: [{ value: '300' }] }],
      }),
    ).toEqual({});
    expect(
      await c.call('NotifyEvent', {
        generatedAt: now(),
        seqNo: 0,
        eventData: [
          {
            eventId: 1,
            timestamp: now(),
            trigger: 'Delta',
            actualValue: 'Available',
            eventNotificationType: 'HardWiredNotification',
            component: { name: 'Connector', evse: { id: 1, connectorId: 1 } },
            variable: { name: 'AvailabilityState' },
          },
        ],
      }),
    ).toEqual({});
    expect(await c.call('SecurityEventNotification', { type: 'StartupOfTheDevice', timestamp: now() })).toEqual({});
    expect((await t.db.securityEvents.list({ criticalOnly: true })).some((e) => e.type === 'StartupOfTheDevice')).toBe(true);
  });

  it('answers SignCertificate Rejected (not NotSupported) until the system signs CSRs', async () => {
    expect(await c.call('SignCertificate', { csr: '-----BEGIN CERTIFICATE REQUEST-----', certificateType: 'ChargingStationCertificate' })).toMatchObject({
      status: 'Rejected',
    });
  });

  it('answers the transaction messages on-schema (behaviour: transactions.db.test.ts)', async () => {
    expect(await c.call('MeterValues', { evseId: 1, meterValue: [{ timestamp: now(), sampledValue: [{ value: 1 }] }] })).toEqual({});
    expect(
      await c.call('TransactionEvent', {
        eventType: 'Started',
        timestamp: now(),
        triggerReason: 'CablePluggedIn',
        seqNo: 0,
        transactionInfo: { transactionId: 'tx-1' },
        evse: { id: 1, connectorId: 1 },
      }),
    ).toEqual({});
  });
});

describe('pending registration (OCPP_ADMIT_UNKNOWN_STATIONS)', () => {
  let p: TestGateway;
  beforeAll(async () => {
    p = await startTestGateway({ ocpp: { admitUnknownStations: true, heartbeatIntervalSeconds: 600 } });
  });
  afterAll(() => p?.close());

  it.each([['ocpp1.6' as const], ['ocpp2.0.1' as const], ['ocpp2.1' as const]])(
    'answers %s BootNotification Pending until an admin accepts, refusing other messages with SecurityError (TC_B_02, TC_B_30)',
    async (protocol) => {
      const id = `NEW-${protocol}`;
      const client = strictClient(p.endpoint, id, protocol);
      await client.connect();
      const boot = protocol === 'ocpp1.6'
        ? () => client.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' })
        : () => client.call('BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'V', model: 'M' } });
      expect(await boot()).toMatchObject({ status: 'Pending', interval: 60 });
      expect(await p.db.chargePoints.get(id)).toMatchObject({ registrationStatus: 'Pending', heartbeatInterval: 600, boot: { vendor: 'V' } });
      expect(await rpcError(client.call('Heartbeat', {}))).toBe('SecurityError');

      await p.db.chargePoints.update(id, { registrationStatus: 'Accepted' });
      expect(await boot()).toMatchObject({ status: 'Accepted', interval: 600 });
      expect(Object.keys(await client.call('Heartbeat', {}))).toEqual(['currentTime']);
      await client.close();
    },
  );

  it('keeps refusing a station an admin deleted (deleting rejects it)', async () => {
    await p.addStation('GONE');
    await p.db.chargePoints.remove('GONE');
    const client = strictClient(p.endpoint, 'GONE', 'ocpp1.6');
    await expect(client.connect()).rejects.toMatchObject({ code: 404 });
  });
});
