import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startWebApp, type TestWebApp } from '../../../testing/web-app.ts';

describe('station commands through the chargePointCommand workflow on a real Temporal dev server', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const taskQueue = `web-commands-${randomUUID()}`;
  let app: TestWebApp;
  let worker: Worker;
  let running: Promise<void>;
  let connection: NativeConnection;

  beforeAll(async () => {
    connection = await NativeConnection.connect({ address });
    worker = await Worker.create({
      connection,
      namespace,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('../../../testing/fake-command.workflow.ts', import.meta.url)),
    });
    running = worker.run();
    app = await startWebApp({
      temporalAddress: address,
      temporalNamespace: namespace,
      env: { COMMAND_TASK_QUEUE: taskQueue, COMMAND_TIMEOUT_SECONDS: '3', STRIPE_SECRET_KEY: 'sk_test_commands', PUBLIC_BASE_URL: 'https://charge.example.com' },
    });
    for (const id of ['cp-ok', 'cp-offline', 'cp-timeout', 'cp-callerror', 'cp-invalid', 'cp-lost', 'cp-refuse', 'cp-slow', 'cp-echo']) {
      await app.db.chargePoints.create(id, { name: id });
    }
  });

  afterAll(async () => {
    await app?.stop();
    worker?.shutdown();
    await running;
    await connection?.close();
  });

  const post = (path: string, body?: unknown, method = 'POST') => app.call(path, { method, body, token: app.adminToken });

  it('answers 200 with the station’s status', async () => {
    const reset = await post('/api/v1/charge-points/cp-ok/reset', { type: 'Hard' });
    expect(reset.status).toBe(200);
    expect(await reset.json()).toEqual({ status: 'Accepted' });
    expect(await (await post('/api/v1/charge-points/cp-ok/connectors/1/unlock')).json()).toEqual({ status: 'Unlocked' });
    expect(await (await post('/api/v1/charge-points/cp-ok/configuration', { key: 'HeartbeatInterval', value: '60' }, 'PUT')).json()).toEqual({ status: 'RebootRequired' });
    const config = await app.call('/api/v1/charge-points/cp-ok/configuration?key=HeartbeatInterval&key=Foo', { token: app.adminToken });
    expect(await config.json()).toEqual({
      status: 'Accepted',
      configuration: [{ key: 'HeartbeatInterval', value: '300', readonly: false }],
      unknownKeys: ['Foo'],
    });
    expect((await (await app.call('/api/v1/charge-points/cp-ok/configuration', { token: app.adminToken })).json()).configuration).toHaveLength(2);
  });

  it('hands the workflow a version-neutral command with who asked', async () => {
    const cases: [string, unknown, unknown, string?][] = [
      ['reset', {}, { type: 'reset', resetType: 'Soft' }],
      ['availability', { type: 'Inoperative' }, { type: 'changeAvailability', connectorId: 0, availability: 'Inoperative' }],
      ['trigger', { message: 'StatusNotification', connectorId: 2 }, { type: 'triggerMessage', message: 'StatusNotification', connectorId: 2 }],
      ['clear-cache', undefined, { type: 'clearCache' }],
      ['data-transfer', { vendorId: 'com.example' }, { type: 'dataTransfer', vendorId: 'com.example' }],
      ['data-transfer', { vendorId: 'com.example', messageId: 'Ping', data: { n: [1, 'two', null] } }, { type: 'dataTransfer', vendorId: 'com.example', messageId: 'Ping', data: { n: [1, 'two', null] } }],
      ['connectors/2/start', { idTag: 'TAG-1' }, { type: 'remoteStart', connectorId: 2, idTag: 'TAG-1' }],
      ['start', { idTag: 'TAG-1' }, { type: 'remoteStart', idTag: 'TAG-1' }],
      ['start', { idTag: 'TAG-1', connectorId: 3 }, { type: 'remoteStart', connectorId: 3, idTag: 'TAG-1' }],
      ['connectors/2/stop', undefined, { type: 'remoteStop', connectorId: 2 }],
      ['connectors/2/stop', { transactionId: 41 }, { type: 'remoteStop', connectorId: 2, transactionId: 41 }],
      ['trigger', { message: 'StatusNotification', connectorId: 0 }, { type: 'triggerMessage', message: 'StatusNotification', connectorId: 0 }],
      // the limit is a profile the system allocated and stored (the first of this station: id 1)
      ['connectors/1/charging-limit', { limit: 16, unit: 'A' }, { type: 'setChargingProfile', connectorId: 1, profile: { chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } } }, 'PUT'],
      ['charging-profiles/clear', {}, { type: 'clearChargingProfile' }],
      ['charging-profiles/clear', { connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 2 }, { type: 'clearChargingProfile', connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 2 }],
      ['composite-schedule', { connectorId: 1, duration: 600, chargingRateUnit: 'W' }, { type: 'getCompositeSchedule', connectorId: 1, duration: 600, chargingRateUnit: 'W' }],
      ['connectors/2/start', { idTag: 'TAG-1', chargingProfile: { stackLevel: 1, chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] } } }, { type: 'remoteStart', idTag: 'TAG-1', connectorId: 2, chargingProfile: { chargingProfileId: 2, stackLevel: 1, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] } } }],
      // OCPP 2.1 C25: the URL template under PUBLIC_BASE_URL; no secret in the command (the gateway node fills it in)
      ['web-payments', undefined, { type: 'configureWebPayments', urlTemplate: 'https://charge.example.com/pay/{chargingstationid}/{evse}/{totp}', validitySeconds: 60, digits: 8 }],
    ];
    for (const [path, body, command, method] of cases) {
      const response = await post(`/api/v1/charge-points/cp-echo/${path}`, body, method);
      expect(response.status, path).toBe(200);
      const { status } = (await response.json()) as { status: string };
      expect(JSON.parse(status), path).toEqual({ command, requestedBy: 'test-admin' });
    }
  });

  it('stores each profile with its answer; a charging limit replaces and clears only its own profile; an undelivered profile is Failed with the reason', async () => {
    const station = '/api/v1/charge-points/cp-ok';
    const list = async (id = 'cp-ok') =>
      ((await (await app.call(`/api/v1/charge-points/${id}/charging-profiles`, { token: app.adminToken })).json()) as { profiles: { chargingProfileId: number; stackLevel: number; status: string; origin: string; statusDetail: string | null }[] }).profiles;
    const schedule = { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] };
    const operator = await post(`${station}/charging-profiles`, { connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 0, chargingProfileKind: 'Relative', chargingSchedule: schedule });
    expect(await operator.json()).toMatchObject({ status: 'Accepted', profile: { chargingProfileId: 1, status: 'Accepted', origin: 'Operator', createdBy: 'test-admin' } });
    expect(await (await post(`${station}/connectors/1/charging-limit`, { limit: 16, unit: 'A' }, 'PUT')).json()).toEqual({ status: 'Accepted', chargingProfileId: 2 });
    expect(await (await post(`${station}/connectors/1/charging-limit`, { limit: 12, unit: 'A' }, 'PUT')).json()).toEqual({ status: 'Accepted', chargingProfileId: 3 });
    expect((await list()).map((p) => [p.chargingProfileId, p.stackLevel, p.status, p.origin])).toEqual([
      [3, 1, 'Accepted', 'ChargingLimit'],
      [2, 1, 'Replaced', 'ChargingLimit'],
      [1, 0, 'Accepted', 'Operator'],
    ]);
    expect((await post(`${station}/connectors/1/charging-limit`, undefined, 'DELETE')).status).toBe(200);
    expect((await list()).map((p) => p.status)).toEqual(['Cleared', 'Replaced', 'Accepted']);
    expect((await post(`${station}/connectors/1/charging-limit`, undefined, 'DELETE')).status).toBe(404);
    expect((await post(`${station}/charging-profiles/3`, undefined, 'DELETE')).status).toBe(404);
    expect((await post(`${station}/charging-profiles/77`, undefined, 'DELETE')).status).toBe(404);

    const tx = await post(`${station}/charging-profiles`, { connectorId: 1, chargingProfilePurpose: 'TxProfile', transactionId: 424242, stackLevel: 0, chargingProfileKind: 'Relative', chargingSchedule: schedule });
    expect(tx.status).toBe(400);
    expect(await tx.json()).toMatchObject({ error: { code: 'ValidationFailed', field: 'transactionId' } });
    const max = await post(`${station}/charging-profiles`, { connectorId: 1, chargingProfilePurpose: 'ChargePointMaxProfile', stackLevel: 0, chargingProfileKind: 'Relative', chargingSchedule: schedule });
    expect(await max.json()).toMatchObject({ error: { code: 'ValidationFailed', field: 'connectorId' } });
    expect(await list()).toHaveLength(3);

    const offline = await post('/api/v1/charge-points/cp-offline/charging-profiles', { connectorId: 0, chargingProfilePurpose: 'ChargePointMaxProfile', stackLevel: 0, chargingProfileKind: 'Relative', chargingSchedule: schedule });
    expect(offline.status).toBe(409);
    expect(await list('cp-offline')).toEqual([expect.objectContaining({ status: 'Failed', statusDetail: expect.stringContaining('ChargePointOffline') })]);
    expect((await app.call('/api/v1/charge-points/no-such-station/charging-profiles', { token: app.adminToken })).status).toBe(404);
  });

  it('maps offline to 409, timeouts to 504, CALLERRORs and broken answers to 502', async () => {
    const offline = await post('/api/v1/charge-points/cp-offline/reset');
    expect(offline.status).toBe(409);
    expect(await offline.json()).toMatchObject({ error: { code: 'ChargePointOffline' } });
    const timeout = await post('/api/v1/charge-points/cp-timeout/reset');
    expect(timeout.status).toBe(504);
    expect(await timeout.json()).toMatchObject({ error: { code: 'ChargePointTimeout' } });
    const callError = await post('/api/v1/charge-points/cp-callerror/reset');
    expect(callError.status).toBe(502);
    expect(await callError.json()).toEqual({
      error: { code: 'ChargePointError', message: 'the station answered with a CALLERROR', ocppErrorCode: 'NotImplemented', ocppErrorDescription: 'Reset is not supported' },
    });
    expect(await (await post('/api/v1/charge-points/cp-invalid/reset')).json()).toMatchObject({ error: { code: 'ChargePointInvalidResponse' } });
    expect(await (await post('/api/v1/charge-points/cp-lost/reset')).json()).toMatchObject({ error: { code: 'ConnectionLost' } });
  });

  it('maps refused commands to 400/404 and a command past its deadline to 504', async () => {
    const stop = await post('/api/v1/charge-points/cp-refuse/connectors/1/stop');
    expect(stop.status).toBe(400);
    expect(await stop.json()).toMatchObject({ error: { code: 'NoOpenTransaction' } });
    expect(await (await post('/api/v1/charge-points/cp-refuse/connectors/1/start', { idTag: 'BLOCKED' })).json()).toMatchObject({ error: { code: 'TagNotAccepted' } });
    expect((await post('/api/v1/charge-points/cp-refuse/connectors/9/unlock')).status).toBe(404);
    expect((await post('/api/v1/charge-points/unknown-station/reset')).status).toBe(404);
    const slow = await post('/api/v1/charge-points/cp-slow/reset');
    expect(slow.status).toBe(504);
    expect(await slow.json()).toMatchObject({ error: { code: 'ChargePointTimeout' } });
  });

  it('validates command bodies before anything is started', async () => {
    expect(await (await post('/api/v1/charge-points/cp-ok/reset', { type: 'Sideways' })).json()).toMatchObject({ error: { field: 'type' } });
    expect(await (await post('/api/v1/charge-points/cp-ok/connectors/1/charging-limit', { limit: -1, unit: 'A' }, 'PUT')).json()).toMatchObject({ error: { field: 'limit' } });
    expect(await (await post('/api/v1/charge-points/cp-ok/trigger', { message: 'Nonsense' })).json()).toMatchObject({ error: { field: 'message' } });
    expect(await (await post('/api/v1/charge-points/cp-ok/data-transfer', { messageId: 'Ping' })).json()).toMatchObject({ error: { field: 'vendorId' } });
    expect(await (await post('/api/v1/charge-points/cp-ok/data-transfer', { vendorId: 'v'.repeat(256) })).json()).toMatchObject({ error: { field: 'vendorId' } });
    expect(await (await post('/api/v1/charge-points/cp-ok/data-transfer', { vendorId: 'v', messageId: 'm'.repeat(51) })).json()).toMatchObject({ error: { field: 'messageId' } });
    // OCPP 1.6 forbids RemoteStartTransaction on connector 0: refused here, before any workflow starts
    const zero = await post('/api/v1/charge-points/cp-ok/connectors/0/start', { idTag: 'TAG-1' });
    expect(zero.status).toBe(400);
    expect(await zero.json()).toMatchObject({ error: { field: 'n', message: expect.stringMatching(/connector 0/) } });
    const zeroBody = await post('/api/v1/charge-points/cp-ok/start', { idTag: 'TAG-1', connectorId: 0 });
    expect(zeroBody.status).toBe(400);
    expect(await zeroBody.json()).toMatchObject({ error: { field: 'connectorId' } });
    expect(await (await post('/api/v1/charge-points/cp-ok/connectors/1/stop', { transactionId: 'latest' })).json()).toMatchObject({ error: { field: 'transactionId' } });
    expect((await (await app.call('/api/v1/health')).json()).temporal).toBe('ok');
  });

  it('keeps a command the station did not answer usefully for the alerts, not one refused for bad input', async () => {
    expect((await post('/api/v1/charge-points/cp-lost/reset')).status).toBe(502);
    expect((await post('/api/v1/charge-points/cp-refuse/connectors/1/stop')).status).toBe(400);
    const alerts = await (await app.call('/api/v1/alerts?kind=failedCommands&limit=200', { token: app.adminToken })).json();
    const of = (id: string) => alerts.sections[0].items.filter((item: { chargePointId: string }) => item.chargePointId === id);
    expect(of('cp-lost')).toContainEqual(expect.objectContaining({ command: 'reset', code: 'ConnectionLost', requestedBy: expect.any(String) }));
    expect(of('cp-refuse')).toEqual([]);
  });
});
