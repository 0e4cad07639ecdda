import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '@csms/gateway/protocol';
import { TestCsms } from '../../testing/test-csms.ts';
import { ChargePoint } from '../charge-point.ts';
import { SIMULATOR_INSTALL_FAILS, SIMULATOR_UPLOAD_BYTES } from './firmware16.ts';

const CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\n-----END CERTIFICATE-----\n';

let csms: TestCsms;
let cp: ChargePoint;
let files: Server;
let base: string;
const uploads: { path: string; method: string; body: string }[] = [];

beforeEach(async () => {
  csms = await TestCsms.start();
  uploads.length = 0;
  // a file server as the CSMS provides one: GET /fw.bin serves an image, PUT anywhere under /up/ stores the body
  files = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'GET' && request.url === '/fw.bin') return response.end('image');
      if (request.url?.startsWith('/up/')) {
        uploads.push({ path: request.url, method: request.method ?? '', body: Buffer.concat(chunks).toString() });
        response.statusCode = request.url.includes('refuse') ? 403 : 201;
        return response.end();
      }
      response.statusCode = 404;
      response.end();
    });
  });
  await new Promise<void>((done) => files.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await cp.close();
  await csms.stop();
  await new Promise((done) => files.close(done));
  expect(csms.violations).toEqual([]);
});

async function up(settings: Record<string, string> = {}): Promise<void> {
  cp = new ChargePoint({ url: csms.url, id: `fw-${Date.now()}`, protocol: 'ocpp1.6', connectors: 1, settings });
  await cp.powerUp();
}

const send = (action: string, payload: JsonObject) => csms.sendCall(cp.id, action, payload);
const statuses = (action: string) => csms.calls.filter((c) => c.stationId === cp.id && c.action === action).map((c) => c.payload.status);

describe('1.6 firmware and diagnostics as a station does them', () => {
  it('UpdateFirmware downloads the image, installs it with a reboot and reports Installed', async () => {
    await up();
    const from = csms.calls.length;
    expect(await send('UpdateFirmware', { location: `${base}/fw.bin`, retrieveDate: new Date().toISOString() })).toEqual({});
    await csms.waitForCall(cp.id, 'FirmwareStatusNotification', (c) => c.payload.status === 'Installed', from);
    expect(statuses('FirmwareStatusNotification')).toEqual(['Downloading', 'Downloaded', 'Installing', 'Installed']);
    const after = csms.calls.slice(from).map((c) => `${c.action}${c.payload.status ? `:${String(c.payload.status)}` : ''}`);
    expect(after.indexOf('StatusNotification:Unavailable')).toBeLessThan(after.indexOf('FirmwareStatusNotification:Installing'));
    expect(after.indexOf('BootNotification')).toBeGreaterThan(after.indexOf('FirmwareStatusNotification:Installing'));
    expect(after.indexOf('BootNotification')).toBeLessThan(after.indexOf('FirmwareStatusNotification:Installed'));
  });

  it('reports DownloadFailed for an image the server refuses, and InstallationFailed when told to', async () => {
    await up({ [SIMULATOR_INSTALL_FAILS]: 'true' });
    await send('UpdateFirmware', { location: `${base}/missing.bin`, retrieveDate: new Date().toISOString() });
    await csms.waitForCall(cp.id, 'FirmwareStatusNotification', (c) => c.payload.status === 'DownloadFailed');
    await send('UpdateFirmware', { location: `${base}/fw.bin`, retrieveDate: new Date().toISOString() });
    await csms.waitForCall(cp.id, 'FirmwareStatusNotification', (c) => c.payload.status === 'InstallationFailed');
    expect(statuses('FirmwareStatusNotification')).toEqual(['Downloading', 'DownloadFailed', 'Downloading', 'Downloaded', 'Installing', 'InstallationFailed']);
  });

  it('SignedUpdateFirmware verifies, reboots, reports the security event and Installed; a bad signature stops it', async () => {
    await up();
    const firmware = { location: `${base}/fw.bin`, retrieveDateTime: new Date().toISOString(), signingCertificate: CERTIFICATE, signature: 'c2lnbg==' };
    expect(await send('SignedUpdateFirmware', { requestId: 5, firmware })).toEqual({ status: 'Accepted' });
    await csms.waitForCall(cp.id, 'SignedFirmwareStatusNotification', (c) => c.payload.status === 'Installed');
    expect(statuses('SignedFirmwareStatusNotification')).toEqual(['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'InstallRebooting', 'Installed']);
    expect(csms.calls.filter((c) => c.stationId === cp.id && c.action === 'SecurityEventNotification').map((c) => c.payload.type)).toEqual(['FirmwareUpdated']);
    expect(csms.calls.filter((c) => c.action === 'SignedFirmwareStatusNotification').every((c) => c.payload.requestId === 5)).toBe(true);

    expect(await send('SignedUpdateFirmware', { requestId: 6, firmware: { ...firmware, signature: 'invalid' } })).toEqual({ status: 'Accepted' });
    await csms.waitForCall(cp.id, 'SignedFirmwareStatusNotification', (c) => c.payload.status === 'InvalidSignature' && c.payload.requestId === 6);
    expect(await send('SignedUpdateFirmware', { requestId: 7, firmware: { ...firmware, signingCertificate: 'not a certificate' } })).toEqual({ status: 'InvalidCertificate' });
  });

  it('GetDiagnostics and GetLog really upload a generated file (PUT) and report the result', async () => {
    await up({ [SIMULATOR_UPLOAD_BYTES]: '1000' });
    expect(await send('GetDiagnostics', { location: `${base}/up/diag` })).toEqual({ fileName: `${cp.id}-diagnostics.log` });
    await csms.waitForCall(cp.id, 'DiagnosticsStatusNotification', (c) => c.payload.status === 'Uploaded');
    expect(uploads[0]).toMatchObject({ path: '/up/diag', method: 'PUT' });
    expect(uploads[0]!.body).toHaveLength(1000);
    expect(uploads[0]!.body).toContain(cp.id);

    expect(await send('GetLog', { logType: 'SecurityLog', requestId: 3, log: { remoteLocation: `${base}/up/log` } })).toMatchObject({ status: 'Accepted' });
    await csms.waitForCall(cp.id, 'LogStatusNotification', (c) => c.payload.status === 'Uploaded' && c.payload.requestId === 3);
    await send('GetLog', { logType: 'DiagnosticsLog', requestId: 4, log: { remoteLocation: `${base}/up/refuse` } });
    await csms.waitForCall(cp.id, 'LogStatusNotification', (c) => c.payload.status === 'UploadFailure' && c.payload.requestId === 4);
    expect(statuses('LogStatusNotification')).toEqual(['Uploading', 'Uploaded', 'Uploading', 'UploadFailure']);
  });
});
