import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type TestWebApp } from '../../../testing/web-app.ts';

/**
 * Regressions for what the Schemathesis run (web/src/e2e/api-fuzz.int.test.ts) found, against the built app on SQLite
 * and, in CI's second pass, PostgreSQL: each was a 500 or a silent misreading before.
 */
describe('hostile text the fuzzer found gets a 400 naming the field', () => {
  let app: TestWebApp;
  const admin = (path: string, method = 'GET', body?: unknown) => app.call(path, { method, body, token: app.adminToken });
  const expect400 = async (response: Response, field: string) => {
    expect(response.status, field).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'ValidationFailed', field } });
  };

  beforeAll(async () => {
    app = await startWebApp();
    await app.db.chargePoints.create('CP-1', { name: 'Garage' });
  });
  afterAll(() => app?.stop());

  it('refuses U+0000 in a query, a path and a body (it ended the SQL string literal: 500)', async () => {
    await expect400(await admin('/api/v1/transactions?tag=a%00b'), 'tag');
    await expect400(await admin('/api/v1/message-log?action=%00'), 'action');
    await expect400(await admin('/api/v1/charge-points/CP%001'), 'id');
    await expect400(await admin('/api/v1/charge-tags', 'POST', { tagId: 'T1', name: 'Anna\u0000' }), 'name');
    await expect400(await admin('/api/v1/charge-points/CP-1', 'PATCH', { comment: '\u0000' }), 'comment');
    // a property the schema does not know is dropped unread, whatever it holds
    expect((await admin('/api/v1/charge-tags', 'POST', { tagId: 'T6', name: 'x', note: '\u0000' })).status).toBe(201);
    // the database is still fine
    expect((await admin('/api/v1/charge-points/CP-1')).status).toBe(200);
  });

  it('refuses a day the calendar does not have instead of reading it as the next month', async () => {
    await expect400(await admin('/api/v1/transactions?from=2026-02-30'), 'from');
    await expect400(await admin('/api/v1/charge-tags', 'POST', { tagId: 'T2', name: 'x', expiresAt: '2026-04-31' }), 'expiresAt');
    const leap = await admin('/api/v1/charge-tags', 'POST', { tagId: 'T3', name: 'x', expiresAt: '2028-02-29' });
    expect(await leap.json()).toMatchObject({ expiresAt: '2028-02-29T00:00:00.000Z' });
  });

  it('refuses year 0000, which PostgreSQL cannot store (a 500 there)', async () => {
    await expect400(await admin('/api/v1/message-log?from=0000-01-01'), 'from');
    await expect400(await admin('/api/v1/charge-tags', 'POST', { tagId: 'T4', name: 'x', expiresAt: '0000-06-01T10:00Z' }), 'expiresAt');
  });

  it('refuses a name of only white space, as the document says (a lone vertical tab was schema-valid)', async () => {
    await expect400(await admin('/api/v1/charge-tags', 'POST', { tagId: 'T5', name: '\u000b' }), 'name');
    await expect400(await admin('/api/v1/tokens', 'POST', { name: '\ufeff ' }), 'name');
    const trimmed = await admin('/api/v1/charge-points', 'POST', { id: 'CP-2', name: '  Yard \n' });
    expect(await trimmed.json()).toMatchObject({ name: 'Yard' });
  });

  it('counts the length of a text as the document does, in characters, not UTF-16 units (21 emoji were refused as too long)', async () => {
    const emoji = '\u{1F50C}'.repeat(21);
    expect((await admin('/api/v1/charge-points/CP-1', 'PATCH', { basicAuthPassword: emoji })).status).toBe(200);
    expect((await admin('/api/v1/charge-points/CP-1', 'PATCH', { name: '\u{1F697}'.repeat(100) })).status).toBe(200);
    // eight emoji are sixteen UTF-16 units but eight characters: too short
    await expect400(await admin('/api/v1/charge-points/CP-1', 'PATCH', { basicAuthPassword: '\u{1F50C}'.repeat(8) }), 'basicAuthPassword');
    await expect400(await admin('/api/v1/charge-points/CP-1', 'PATCH', { name: '\u{1F697}'.repeat(101) }), 'name');
  });

  it('answers a wrong sign-in with the documented 401', async () => {
    const response = await app.call('/api/v1/session', { method: 'POST', body: { username: 'test-admin', password: 'wrong' } });
    expect(response.status).toBe(401);
    const doc = (await (await app.call('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: object }>> };
    expect(Object.keys(doc.paths['/api/v1/session']!.post!.responses)).toContain('401');
  });
});
