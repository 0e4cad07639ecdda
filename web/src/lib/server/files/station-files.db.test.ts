import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecretKey } from '@csms/db';
import { startWebApp, type TestWebApp } from '../../../testing/web-app.ts';
import { createFileToken } from './file-token.ts';

// the key startWebApp gives the app (CSMS_SECRET_KEY)
const KEY: SecretKey = { bytes: Buffer.from('k'.repeat(40), 'utf8'), source: 'env' };
const HOUR = 3_600_000;
const UPLOAD_LIMIT = 4096;

describe('station file routes: firmware downloads and diagnostics uploads', () => {
  let app: TestWebApp;
  beforeAll(async () => {
    app = await startWebApp({ env: { STATION_UPLOAD_MAX_BYTES: String(UPLOAD_LIMIT) } });
    await app.db.chargePoints.create('CP-FILES', { name: 'files' });
  });
  afterAll(() => app?.stop());

  const firmwareToken = (id: number, expiresAt = Date.now() + HOUR) => createFileToken(KEY, 'firmware', id, expiresAt);
  const uploadToken = (id: number, expiresAt = Date.now() + HOUR) => createFileToken(KEY, 'upload', id, expiresAt);
  const newJob = async (kind: 'diagnostics' | 'log' | 'firmware' = 'diagnostics') =>
    (await app.db.stationFiles.createJob({ chargePointId: 'CP-FILES', kind, requestedBy: 'test', at: new Date(), location: (id) => `${app.url}/files/uploads/${id}` })).id;

  it('stores an uploaded image and serves it only with a valid, unexpired token', async () => {
    const content = Buffer.from('firmware image bytes \u0000\u0001\u0002'.repeat(100));
    const form = new FormData();
    form.set('file', new Blob([content]), 'fw-2.0.bin');
    form.set('version', '2.0');
    const upload = await fetch(`${app.url}/api/v1/firmware`, { method: 'POST', body: form, headers: { authorization: `Bearer ${app.adminToken}` } });
    expect(upload.status, app.output()).toBe(201);
    const image = (await upload.json()) as { id: number; name: string; size: number; sha256: string; uploadedBy: string };
    expect(image).toMatchObject({ name: 'fw-2.0.bin', size: content.length, sha256: createHash('sha256').update(content).digest('hex'), uploadedBy: 'test-admin' });

    const listed = (await (await app.call('/api/v1/firmware', { token: app.adminToken })).json()) as { items: { id: number }[] };
    expect(listed.items.map((i) => i.id)).toContain(image.id);

    const ok = await fetch(`${app.url}/files/firmware/${image.id}?token=${firmwareToken(image.id)}`);
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(content);

    for (const url of [
      `/files/firmware/${image.id}`,
      `/files/firmware/${image.id}?token=${firmwareToken(image.id + 1)}`,
      `/files/firmware/${image.id}?token=${uploadToken(image.id)}`,
      `/files/firmware/${image.id}?token=${firmwareToken(image.id, Date.now() - 1000)}`,
    ]) {
      const refused = await fetch(`${app.url}${url}`);
      expect(refused.status, url).toBe(403);
      await refused.body?.cancel();
    }
    const missing = await fetch(`${app.url}/files/firmware/999999?token=${firmwareToken(999999)}`);
    expect(missing.status).toBe(404);
  });

  it('refuses a firmware upload by a non-admin and one that is not a form', async () => {
    const form = new FormData();
    form.set('file', new Blob(['x']), 'x.bin');
    form.set('version', '1');
    expect((await fetch(`${app.url}/api/v1/firmware`, { method: 'POST', body: form, headers: { authorization: `Bearer ${app.userToken}` } })).status).toBe(403);
    expect((await app.call('/api/v1/firmware', { method: 'POST', token: app.adminToken, body: { file: 'x' } })).status).toBe(415);
    const noVersion = new FormData();
    noVersion.set('file', new Blob(['x']), 'x.bin');
    const refused = await fetch(`${app.url}/api/v1/firmware`, { method: 'POST', body: noVersion, headers: { authorization: `Bearer ${app.adminToken}` } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { field: 'version' } });
  });

  it('takes one upload per job (PUT), refuses reuse, forgery and expiry, and lets an admin download it', async () => {
    const jobId = await newJob();
    const put = (token: string, body = 'diagnostics\n', headers: Record<string, string> = {}) =>
      fetch(`${app.url}/files/uploads/${jobId}?token=${token}`, { method: 'PUT', body, headers });
    expect((await put(uploadToken(jobId + 1))).status).toBe(403);
    expect((await put(uploadToken(jobId, Date.now() - 1000))).status).toBe(403);
    expect((await put(firmwareToken(jobId))).status).toBe(403);
    // a browser page elsewhere cannot use the session, but the route is for stations: the token decides, not the origin
    const stored = await put(uploadToken(jobId), 'line one\nline two\n', { origin: 'http://elsewhere.example' });
    expect(stored.status, app.output()).toBe(201);
    const reused = await put(uploadToken(jobId));
    expect(reused.status).toBe(409);

    const job = await app.db.stationFiles.job(jobId);
    expect(job?.upload).toMatchObject({ name: `CP-FILES-diagnostics-${jobId}.log`, size: 18 });
    const download = await app.call(`/api/v1/file-jobs/${jobId}/file`, { token: app.adminToken });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('attachment');
    expect(await download.text()).toBe('line one\nline two\n');
    expect((await app.call(`/api/v1/file-jobs/${jobId}/file`, { token: app.userToken })).status).toBe(403);

    const jobs = (await (await app.call('/api/v1/charge-points/CP-FILES/file-jobs', { token: app.adminToken })).json()) as { items: { id: number; upload: unknown }[] };
    expect(jobs.items.find((j) => j.id === jobId)?.upload).toMatchObject({ size: 18 });
  });

  it('refuses a file over the limit without using up the link, and takes a multipart POST', async () => {
    const jobId = await newJob('log');
    const url = `${app.url}/files/uploads/${jobId}?token=${uploadToken(jobId)}`;
    const binary = { 'content-type': 'application/octet-stream' };
    const tooLarge = await fetch(url, { method: 'PUT', body: new Uint8Array(UPLOAD_LIMIT + 1), headers: binary });
    expect(tooLarge.status).toBe(413);
    // without Content-Type adapter-node passes no body on: a clear 400, and the link stays usable
    const untyped = await fetch(url, { method: 'PUT', body: new Uint8Array(10) });
    expect(untyped.status).toBe(400);
    expect(await untyped.json()).toMatchObject({ error: { message: expect.stringContaining('Content-Type') } });
    expect((await app.db.stationFiles.job(jobId))?.upload).toBeNull();
    const form = new FormData();
    form.set('file', new Blob(['security log']), 'security.log');
    const posted = await fetch(url, { method: 'POST', body: form });
    expect(posted.status, app.output()).toBe(201);
    expect((await app.db.stationFiles.job(jobId))?.upload).toMatchObject({ name: 'security.log', size: 12 });
  });

  it('has no upload for a firmware job', async () => {
    const jobId = await newJob('firmware');
    const response = await fetch(`${app.url}/files/uploads/${jobId}?token=${uploadToken(jobId)}`, { method: 'PUT', body: 'x' });
    expect(response.status).toBe(404);
  });
});
