import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type TestWebApp } from '../../../../testing/web-app.ts';

describe('master data over the API: stations, connectors, tags, users, tokens, input errors', () => {
  let app: TestWebApp;
  let admin: (path: string, method?: string, body?: unknown) => Promise<Response>;
  beforeAll(async () => {
    app = await startWebApp({ env: { API_MAX_BODY_BYTES: '2048' } });
    admin = (path, method = 'GET', body) => app.call(path, { method, body, token: app.adminToken });
  });
  afterAll(() => app?.stop());

  it('creates, reads, changes and removes a station; the Basic-auth password is stored hashed and never returned', async () => {
    const created = await admin('/api/v1/charge-points', 'POST', {
      id: 'CP-1', name: 'Garage', basicAuthUsername: 'CP-1', basicAuthPassword: 'station-secret-123', pricing: { pricePerMwhMinor: 35900 },
    });
    expect(created.status).toBe(201);
    const text = await created.text();
    expect(text).not.toContain('station-secret-123');
    expect(text).not.toContain('hmac-sha256');
    expect(JSON.parse(text)).toMatchObject({ id: 'CP-1', name: 'Garage', hasBasicAuthPassword: true, online: false, pricing: { pricePerMwhMinor: 35900, currency: 'EUR' } });
    expect((await app.db.chargePoints.get('CP-1'))?.basicAuthPasswordHash).toMatch(/^hmac-sha256:/);
    expect((await admin('/api/v1/charge-points', 'POST', { id: 'CP-1', name: 'again' })).status).toBe(409);
    expect((await admin('/api/v1/charge-points', 'POST', { id: 'CP-2', name: 'x', basicAuthUsername: 'other' })).status).toBe(400);

    await app.db.connectors.recordStatus({ chargePointId: 'CP-1', evseId: 1 }, { ocppStatus: 'Charging', at: new Date() });
    const list = (await (await app.call('/api/v1/charge-points', { token: app.userToken })).json()) as { items: { id: string; connectors: unknown[] }[] };
    expect(list.items[0]).toMatchObject({ id: 'CP-1', connectors: [{ connectorId: 1, status: 'Occupied', ocppStatus: 'Charging' }] });

    const renamed = await admin('/api/v1/charge-points/CP-1/connectors/1', 'PATCH', { name: 'Left' });
    expect(await renamed.json()).toMatchObject({ connectorId: 1, name: 'Left' });
    expect((await admin('/api/v1/charge-points/CP-1/connectors/7', 'PATCH', { name: 'x' })).status).toBe(404);

    // profiles 1 and 2 authenticate with the password: a station left without one could never connect
    expect((await app.db.chargePoints.get('CP-1'))?.securityProfile).toBe(1);
    const orphaned = await admin('/api/v1/charge-points/CP-1', 'PATCH', { basicAuthPassword: null });
    expect({ status: orphaned.status, body: await orphaned.json() }).toMatchObject({ status: 400, body: { error: { code: 'ValidationFailed', field: 'basicAuthPassword' } } });
    expect((await admin('/api/v1/charge-points', 'POST', { id: 'CP-3', name: 'x', securityProfile: 2 })).status).toBe(400);
    // secure by default: no profile and no password → profile 1 with a server-generated password, returned once
    const generated = await admin('/api/v1/charge-points', 'POST', { id: 'CP-4', name: 'x' });
    const generatedBody = (await generated.json()) as { generatedPassword?: string; hasBasicAuthPassword: boolean };
    expect(generated.status).toBe(201);
    expect(generatedBody.generatedPassword).toMatch(/^[A-Za-z0-9_-]{16,40}$/);
    expect(generatedBody.hasBasicAuthPassword).toBe(true);
    const stored = await app.db.chargePoints.get('CP-4');
    expect(stored?.securityProfile).toBe(1);
    expect(stored?.basicAuthPasswordHash).toMatch(/^hmac-sha256:/); // the station connecting with it: conformance TC_085
    expect(await (await admin('/api/v1/charge-points/CP-4')).json()).not.toHaveProperty('generatedPassword');
    // profile 0 only when asked for
    expect((await admin('/api/v1/charge-points', 'POST', { id: 'CP-5', name: 'x', securityProfile: 0 })).status).toBe(201);
    expect((await app.db.chargePoints.get('CP-5'))?.securityProfile).toBe(0);
    const patched = await admin('/api/v1/charge-points/CP-1', 'PATCH', { comment: 'north wall', basicAuthPassword: null, securityProfile: 0 });
    expect(await patched.json()).toMatchObject({ comment: 'north wall', hasBasicAuthPassword: false, name: 'Garage' });
    expect((await admin('/api/v1/charge-points/CP-1', 'DELETE')).status).toBe(204);
    expect((await admin('/api/v1/charge-points/CP-1')).status).toBe(404);
    expect((await admin('/api/v1/charge-points/CP-1', 'DELETE')).status).toBe(404);
  });

  it('manages charge tags', async () => {
    expect((await admin('/api/v1/charge-tags', 'POST', { tagId: 'FLEET', name: 'Fleet' })).status).toBe(201);
    const tag = await admin('/api/v1/charge-tags', 'POST', { tagId: 'TAG-1', name: 'Anna', parentTagId: 'FLEET', expiresAt: '2027-01-01' });
    expect(await tag.json()).toMatchObject({ tagId: 'TAG-1', parentTagId: 'FLEET', expiresAt: '2027-01-01T00:00:00.000Z', blocked: false });
    expect(await (await admin('/api/v1/charge-tags/TAG-1', 'PATCH', { blocked: true })).json()).toMatchObject({ blocked: true });
    expect(((await (await admin('/api/v1/charge-tags')).json()) as { items: unknown[] }).items).toHaveLength(2);
    expect((await admin('/api/v1/charge-tags/TAG-1', 'DELETE')).status).toBe(204);
    expect((await admin('/api/v1/charge-tags/TAG-1')).status).toBe(404);
    expect((await admin('/api/v1/charge-tags', 'POST', { tagId: 'has space', name: 'x' })).status).toBe(400);
  });

  it('manages users and keeps the last admin', async () => {
    const created = await admin('/api/v1/users', 'POST', { username: 'frank', password: 'frank-password', role: 'user' });
    expect(created.status).toBe(201);
    expect(await created.text()).not.toMatch(/password|scrypt/i);
    expect(await (await admin('/api/v1/users/frank', 'PATCH', { role: 'admin', language: 'de' })).json()).toMatchObject({ role: 'admin', language: 'de' });
    expect((await admin('/api/v1/users/frank', 'DELETE')).status).toBe(204);
    expect((await admin('/api/v1/users/test-admin', 'PATCH', { role: 'user' })).status).toBe(409);
    expect((await admin('/api/v1/users/test-admin', 'DELETE')).status).toBe(409);
    expect((await admin('/api/v1/users/nobody')).status).toBe(404);
    expect((await admin('/api/v1/users', 'POST', { username: 'g', password: 'short', role: 'user' })).status).toBe(400);
  });

  it('creates a token shown once, lists it without the secret, and revokes it', async () => {
    const created = await admin('/api/v1/tokens', 'POST', { name: 'integration', username: 'test-user' });
    expect(created.status).toBe(201);
    const { token, id } = (await created.json()) as { token: string; id: number };
    expect(token).toMatch(/^csms_/);
    expect((await app.call('/api/v1/transactions', { token })).status).toBe(200);
    const listed = await (await admin('/api/v1/tokens?username=test-user')).text();
    expect(listed).not.toContain(token);
    expect(JSON.parse(listed)).toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ id, name: 'integration', username: 'test-user' })]) });
    expect((await admin(`/api/v1/tokens/${id}`, 'DELETE')).status).toBe(204);
    expect((await app.call('/api/v1/transactions', { token })).status).toBe(401);
    expect((await admin(`/api/v1/tokens/${id}`, 'DELETE')).status).toBe(404);
  });

  it('answers bad JSON, wrong types, unknown fields’ types, oversized bodies and bad ids with a 4xx naming the field', async () => {
    const badJson = await admin('/api/v1/charge-tags', 'POST', '{"tagId": ');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { code: 'InvalidJson' } });
    const wrongType = await admin('/api/v1/charge-tags', 'POST', { tagId: 'T-9', name: 42 });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({ error: { code: 'ValidationFailed', field: 'name' } });
    const nested = await admin('/api/v1/charge-points', 'POST', { id: 'CP-9', name: 'n', pricing: { currency: 'euro' } });
    expect(await nested.json()).toMatchObject({ error: { field: 'pricing.currency' } });
    const notAnArray = await admin('/api/v1/charge-points', 'POST', []);
    expect(notAnArray.status).toBe(400);
    const huge = await admin('/api/v1/charge-tags', 'POST', { tagId: 'BIG', name: 'x'.repeat(5000) });
    expect(huge.status).toBe(413);
    const form = await app.call('/api/v1/charge-tags', { method: 'POST', token: app.adminToken, body: 'tagId=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    const badQuery = await admin('/api/v1/transactions?limit=0');
    expect(await badQuery.json()).toMatchObject({ error: { code: 'ValidationFailed', field: 'limit' } });
    expect((await admin('/api/v1/transactions/abc')).status).toBe(400);
    expect((await admin('/api/v1/transactions/99999')).status).toBe(404);
    expect((await admin('/api/v1/charge-points/CP-X/connectors/-1', 'PATCH', { name: 'x' })).status).toBe(400);
    expect(app.output()).not.toMatch(/"level":50/);
  });
});
