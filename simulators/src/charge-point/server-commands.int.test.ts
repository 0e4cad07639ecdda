import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '@csms/gateway/protocol';
import { TestCsms } from '../testing/test-csms.ts';
import { ChargePoint } from './charge-point.ts';

let csms: TestCsms;
let cp: ChargePoint;

async function up(protocol: 'ocpp1.6' | 'ocpp2.0.1' | 'ocpp2.1'): Promise<void> {
  cp = new ChargePoint({ url: csms.url, id: `cmd-${protocol}`, protocol, connectors: 2 });
  await cp.powerUp();
}

const send = (action: string, payload: JsonObject) => csms.sendCall(cp.id, action, payload);
const handled = (action: string) => new Promise<void>((resolve) => cp.on('serverCall', (a) => a === action && resolve()));

beforeEach(async () => {
  csms = await TestCsms.start();
});

afterEach(async () => {
  await cp.close();
  await csms.stop();
  expect(csms.violations).toEqual([]);
});

describe('1.6 server commands', () => {
  beforeEach(() => up('ocpp1.6'));

  it('RemoteStartTransaction really starts a transaction, RemoteStopTransaction stops it', async () => {
    const started = new Promise((resolve) => cp.once('transactionStarted', resolve));
    expect(await send('RemoteStartTransaction', { connectorId: 2, idTag: 'REMOTE1' })).toEqual({ status: 'Accepted' });
    await started;
    const tx = cp.connector(2).transaction;
    expect(tx?.idTag).toBe('REMOTE1');
    expect(await send('RemoteStartTransaction', { connectorId: 2, idTag: 'REMOTE1' })).toEqual({ status: 'Rejected' });
    const stopped = new Promise((resolve) => cp.once('transactionStopped', resolve));
    expect(await send('RemoteStopTransaction', { transactionId: tx?.transactionId as number })).toEqual({ status: 'Accepted' });
    await stopped;
    await csms.waitForCall(cp.id, 'StopTransaction', (c) => c.payload.reason === 'Remote');
    expect(await send('RemoteStopTransaction', { transactionId: 999 })).toEqual({ status: 'Rejected' });
  });

  it('Reset reboots: boot again, then every status', async () => {
    const from = csms.calls.length;
    const reset = new Promise((resolve) => cp.once('reset', resolve));
    expect(await send('Reset', { type: 'Soft' })).toEqual({ status: 'Accepted' });
    await reset;
    await csms.waitForCall(cp.id, 'BootNotification', () => true, from);
    await csms.waitForCall(cp.id, 'StatusNotification', (c) => c.payload.connectorId === 2, from);
    // Boot goes out first, then the statuses in connector order (OCA TC_013/TC_014)
    const order = csms.calls.slice(from).map((c) => [c.action, c.payload.connectorId]);
    expect(order.slice(0, 4)).toEqual([['BootNotification', undefined], ['StatusNotification', 0], ['StatusNotification', 1], ['StatusNotification', 2]]);
  });

  it('UnlockConnector, availability, charging profiles, configuration, trigger, cache and the rest', async () => {
    expect(await send('UnlockConnector', { connectorId: 1 })).toEqual({ status: 'Unlocked' });
    expect(await send('UnlockConnector', { connectorId: 7 })).toEqual({ status: 'NotSupported' });
    expect(await send('ChangeAvailability', { connectorId: 1, type: 'Inoperative' })).toEqual({ status: 'Accepted' });
    expect(cp.connector(1)).toMatchObject({ availability: 'Inoperative', status: 'Unavailable' });
    expect(cp.connector(2)).toMatchObject({ availability: 'Operative', status: 'Available' });
    await csms.waitForCall(cp.id, 'StatusNotification', (c) => c.payload.connectorId === 1 && c.payload.status === 'Unavailable');
    const profile = {
      chargingProfileId: 7, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute',
      chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
    };
    expect(await send('SetChargingProfile', { connectorId: 2, csChargingProfiles: profile })).toEqual({ status: 'Accepted' });
    expect(cp.connector(2).chargingProfiles.get(7)).toEqual(profile);
    expect(cp.connector(1).chargingProfiles.size).toBe(0);
    expect(await send('ClearChargingProfile', { id: 7 })).toEqual({ status: 'Accepted' });
    expect(cp.connector(2).chargingProfiles.size).toBe(0);
    expect(await send('ClearChargingProfile', { id: 7 })).toEqual({ status: 'Unknown' });
    const all = await send('GetConfiguration', {});
    expect((all.configurationKey as unknown[]).length).toBeGreaterThan(10);
    expect(await send('GetConfiguration', { key: ['HeartbeatInterval', 'Nope'] })).toMatchObject({ unknownKey: ['Nope'] });
    expect(await send('ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '60' })).toEqual({ status: 'Accepted' });
    expect(cp.settings.number('MeterValueSampleInterval')).toBe(60);
    expect(await send('ChangeConfiguration', { key: 'NumberOfConnectors', value: '5' })).toEqual({ status: 'Rejected' });
    expect(await send('ChangeConfiguration', { key: 'Nope', value: '1' })).toEqual({ status: 'NotSupported' });
    const from = csms.calls.length;
    expect(await send('TriggerMessage', { requestedMessage: 'Heartbeat' })).toEqual({ status: 'Accepted' });
    await csms.waitForCall(cp.id, 'Heartbeat', () => true, from);
    expect(await send('TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 2 })).toEqual({ status: 'Accepted' });
    await csms.waitForCall(cp.id, 'MeterValues', (c) => c.payload.connectorId === 2, from);
    const cacheCleared = handled('ClearCache');
    expect(await send('ClearCache', {})).toEqual({ status: 'Accepted' });
    await cacheCleared;
    expect(await send('DataTransfer', { vendorId: 'x' })).toEqual({ status: 'UnknownVendorId' });
    // the station really uploads and downloads (v16/firmware16.int.test.ts): nothing listens on port 1
    expect(await send('GetDiagnostics', { location: 'http://127.0.0.1:1/upload' })).toHaveProperty('fileName');
    await csms.waitForCall(cp.id, 'DiagnosticsStatusNotification', (c) => c.payload.status === 'UploadFailed');
    expect(await send('UpdateFirmware', { location: 'http://127.0.0.1:1/fw', retrieveDate: new Date().toISOString() })).toEqual({});
    await csms.waitForCall(cp.id, 'FirmwareStatusNotification', (c) => c.payload.status === 'DownloadFailed');
  });

  it('UnlockConnector during a session stops it with UnlockCommand; availability is Scheduled', async () => {
    await cp.startTransaction(1, 'ABC');
    expect(await send('ChangeAvailability', { connectorId: 1, type: 'Inoperative' })).toEqual({ status: 'Scheduled' });
    expect(await send('UnlockConnector', { connectorId: 1 })).toEqual({ status: 'Unlocked' });
    await csms.waitForCall(cp.id, 'StopTransaction', (c) => c.payload.reason === 'UnlockCommand');
    await csms.waitForCall(cp.id, 'StatusNotification', (c) => c.payload.connectorId === 1 && c.payload.status === 'Unavailable');
  });

  it('answers a CertificateSigned it did not ask for Rejected (no pending CSR: station-certificate.ts)', async () => {
    expect(await send('CertificateSigned', { certificateChain: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' })).toEqual({ status: 'Rejected' });
    await csms.waitForCall(cp.id, 'SecurityEventNotification', (c) => c.payload.type === 'InvalidChargePointCertificate');
  });
});

describe.each(['ocpp2.0.1', 'ocpp2.1'] as const)('%s server commands', (protocol) => {
  beforeEach(() => up(protocol));

  it('answers an action of the version it does not simulate with NotSupported', async () => {
    // every 1.6 action is simulated; display messages (2.x O) are not
    const message = { id: 1, priority: 'NormalCycle', message: { format: 'UTF8', content: 'hello' } };
    await expect(send('SetDisplayMessage', { message })).rejects.toMatchObject({ errorCode: 'NotSupported' });
  });

  it('RequestStartTransaction really starts, RequestStopTransaction stops', async () => {
    const started = new Promise((resolve) => cp.once('transactionStarted', resolve));
    expect(await send('RequestStartTransaction', { evseId: 1, remoteStartId: 42, idToken: { idToken: 'REMOTE1', type: 'ISO14443' } })).toEqual({ status: 'Accepted' });
    await started;
    const startEvent = await csms.waitForCall(cp.id, 'TransactionEvent', (c) => c.payload.eventType === 'Started');
    expect(startEvent.payload).toMatchObject({ triggerReason: 'RemoteStart', transactionInfo: { remoteStartId: 42 } });
    const transactionId = cp.connector(1).transaction?.transactionId as string;
    expect(await send('GetTransactionStatus', { transactionId })).toMatchObject({ ongoingIndicator: true });
    expect(await send('UnlockConnector', { evseId: 1, connectorId: 1 })).toEqual({ status: 'OngoingAuthorizedTransaction' });
    expect(await send('RequestStopTransaction', { transactionId })).toEqual({ status: 'Accepted' });
    await csms.waitForCall(cp.id, 'TransactionEvent', (c) => c.payload.eventType === 'Ended' && c.payload.triggerReason === 'RemoteStop');
    expect(await send('RequestStopTransaction', { transactionId })).toEqual({ status: 'Rejected' });
  });

  it('TxStartPoint EVConnected: the transaction opens at plug-in without an id token, and RequestStartTransaction authorizes that one (F02)', async () => {
    cp.settings.put('TxCtrlr.TxStartPoint', 'EVConnected');
    await cp.plugIn(2);
    const opened = await csms.waitForCall(cp.id, 'TransactionEvent', (c) => c.payload.eventType === 'Started');
    expect(opened.payload).toMatchObject({ triggerReason: 'CablePluggedIn', transactionInfo: { chargingState: 'EVConnected' }, evse: { id: 2 } });
    expect(opened.payload.idToken).toBeUndefined();
    const transactionId = (opened.payload.transactionInfo as { transactionId: string }).transactionId;
    // no power before the authorization
    cp.advanceMeter(2, 600);
    expect(cp.connector(2).meter.registerWh).toBe(0);

    expect(await send('RequestStartTransaction', { evseId: 2, remoteStartId: 7, idToken: { idToken: 'REMOTE2', type: 'Central' } })).toEqual({ status: 'Accepted', transactionId });
    const authorized = await csms.waitForCall(cp.id, 'TransactionEvent', (c) => c.payload.eventType === 'Updated' && c.payload.triggerReason === 'RemoteStart');
    expect(authorized.payload).toMatchObject({ idToken: { idToken: 'REMOTE2' }, transactionInfo: { transactionId, remoteStartId: 7, chargingState: 'Charging' } });
    expect(cp.connector(2).transaction).toMatchObject({ transactionId, idTag: 'REMOTE2', awaitingAuthorization: false });
    // one transaction: a second remote start finds the connector busy
    expect(await send('RequestStartTransaction', { evseId: 2, remoteStartId: 8, idToken: { idToken: 'REMOTE3', type: 'Central' } })).toEqual({ status: 'Rejected' });
    await cp.unplug(2);
    await csms.waitForCall(cp.id, 'TransactionEvent', (c) => c.payload.eventType === 'Ended' && (c.payload.transactionInfo as { transactionId: string }).transactionId === transactionId);
  });

  it('Reset, variables, availability, profiles, trigger, cache, log and firmware', async () => {
    expect(await send('UnlockConnector', { evseId: 2, connectorId: 1 })).toEqual({ status: 'Unlocked' });
    expect(await send('UnlockConnector', { evseId: 9, connectorId: 1 })).toEqual({ status: 'UnknownConnector' });
    const got = await send('GetVariables', {
      getVariableData: [
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'Nope' } },
        { component: { name: 'Nope' }, variable: { name: 'Nope' } },
      ],
    });
    expect((got.getVariableResult as { attributeStatus: string }[]).map((r) => r.attributeStatus)).toEqual(['Accepted', 'UnknownVariable', 'UnknownComponent']);
    const set = await send('SetVariables', {
      setVariableData: [
        { component: { name: 'SampledDataCtrlr' }, variable: { name: 'TxUpdatedInterval' }, attributeValue: '30' },
        { component: { name: 'ChargingStation' }, variable: { name: 'Model' }, attributeValue: 'X' },
      ],
    });
    expect((set.setVariableResult as { attributeStatus: string }[]).map((r) => r.attributeStatus)).toEqual(['Accepted', 'Rejected']);
    expect(await send('ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 2 } })).toEqual({ status: 'Accepted' });
    expect(cp.connector(2)).toMatchObject({ availability: 'Inoperative', status: 'Unavailable' });
    expect(cp.connector(1)).toMatchObject({ availability: 'Operative', status: 'Available' });
    await csms.waitForCall(cp.id, 'StatusNotification', (c) => c.payload.evseId === 2 && c.payload.connectorStatus === 'Unavailable');
    const profile = {
      id: 3, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute',
      chargingSchedule: [{ id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 7400 }], startSchedule: new Date().toISOString() }],
    };
    expect(await send('SetChargingProfile', { evseId: 1, chargingProfile: profile })).toEqual({ status: 'Accepted' });
    expect(cp.connector(1).chargingProfiles.get(3)).toEqual(profile);
    expect(cp.connector(2).chargingProfiles.size).toBe(0);
    expect(await send('ClearChargingProfile', { chargingProfileId: 3 })).toEqual({ status: 'Accepted' });
    expect(cp.connector(1).chargingProfiles.size).toBe(0);
    const from = csms.calls.length;
    expect(await send('TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 1, connectorId: 1 } })).toEqual({ status: 'Accepted' });
    await csms.waitForCall(cp.id, 'StatusNotification', (c) => c.payload.evseId === 1, from);
    expect(await send('TriggerMessage', { requestedMessage: 'SignV2GCertificate' })).toEqual({ status: 'NotImplemented' });
    const cacheCleared = handled('ClearCache');
    expect(await send('ClearCache', {})).toEqual({ status: 'Accepted' });
    await cacheCleared;
    expect(await send('GetLog', { logType: 'DiagnosticsLog', requestId: 5, log: { remoteLocation: 'https://example.com/' } })).toMatchObject({ status: 'Accepted' });
    await csms.waitForCall(cp.id, 'LogStatusNotification', (c) => c.payload.status === 'Uploaded' && c.payload.requestId === 5);
    expect(await send('UpdateFirmware', { requestId: 6, firmware: { location: 'https://example.com/fw', retrieveDateTime: new Date().toISOString() } })).toEqual({ status: 'Accepted' });
    await csms.waitForCall(cp.id, 'FirmwareStatusNotification', (c) => c.payload.status === 'Installed');
    const reset = handled('Reset');
    expect(await send('Reset', { type: 'Immediate' })).toEqual({ status: 'Accepted' });
    await reset;
    await csms.waitForCall(cp.id, 'BootNotification', (c) => c.payload.reason === 'RemoteReset');
  });

  it('Reset OnIdle during a transaction is Scheduled and happens when the transaction ends', async () => {
    await cp.startTransaction(1, 'ABC');
    expect(await send('Reset', { type: 'OnIdle' })).toEqual({ status: 'Scheduled' });
    const reset = new Promise((resolve) => cp.once('reset', resolve));
    await cp.stopTransaction(1);
    await reset;
    await csms.waitForCall(cp.id, 'BootNotification', (c) => c.payload.reason === 'RemoteReset');
  });
});
