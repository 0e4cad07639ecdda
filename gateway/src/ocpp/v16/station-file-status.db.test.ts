import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strictClient, type OcppTestClient } from '../../test-kit/ocpp-clients.ts';
import { startTestGateway, type TestGateway } from '../../test-kit/test-gateway.ts';

let t: TestGateway;
let c: OcppTestClient;

beforeAll(async () => {
  t = await startTestGateway();
  await t.addStation('FILES16');
  c = strictClient(t.endpoint, 'FILES16', 'ocpp1.6');
  await c.connect();
  await c.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
});
afterAll(async () => {
  await c?.close({ force: true });
  await t?.close();
});

const job = (kind: 'firmware' | 'signedFirmware' | 'diagnostics' | 'log') =>
  t.db.stationFiles.createJob({ chargePointId: 'FILES16', kind, requestedBy: 'test', at: new Date(), location: () => 'http://csms/x' });
const statuses = async (id: number) => (await t.db.stationFiles.job(id))!.events.map((e) => e.status);

describe('1.6 firmware, diagnostics and log notifications into the job history', () => {
  it('records FirmwareStatusNotification on the pending UpdateFirmware job and settles its outcome', async () => {
    const { id } = await job('firmware');
    for (const status of ['Downloading', 'Downloaded', 'Installing', 'Installed']) expect(await c.call('FirmwareStatusNotification', { status })).toEqual({});
    expect(await statuses(id)).toEqual(['Downloading', 'Downloaded', 'Installing', 'Installed']);
    expect((await t.db.stationFiles.job(id))?.outcome).toBe('Succeeded');
    // a triggered Idle with nothing pending is answered and attached nowhere
    expect(await c.call('FirmwareStatusNotification', { status: 'Idle' })).toEqual({});
    expect(await statuses(id)).toHaveLength(4);
  });

  it('records DiagnosticsStatusNotification, and the requestId of SignedFirmware/LogStatusNotification picks the job', async () => {
    const diagnostics = await job('diagnostics');
    await c.call('DiagnosticsStatusNotification', { status: 'Uploading' });
    await c.call('DiagnosticsStatusNotification', { status: 'UploadFailed' });
    expect(await t.db.stationFiles.job(diagnostics.id)).toMatchObject({ outcome: 'Failed', status: 'UploadFailed' });

    const first = await job('log');
    const second = await job('log');
    await c.call('LogStatusNotification', { status: 'Uploaded', requestId: first.id });
    expect(await statuses(first.id)).toEqual(['Uploaded']);
    expect(await statuses(second.id)).toEqual([]);

    const signed = await job('signedFirmware');
    await c.call('SignedFirmwareStatusNotification', { status: 'InvalidSignature', requestId: signed.id });
    expect(await t.db.stationFiles.job(signed.id)).toMatchObject({ outcome: 'Failed', status: 'InvalidSignature' });
    // an unknown requestId is still answered (the station must not retry it forever)
    expect(await c.call('SignedFirmwareStatusNotification', { status: 'Installed', requestId: 999_999 })).toEqual({});
  });
});
