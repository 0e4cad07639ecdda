import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ormOf } from '../../../../../db/src/orm/registry.ts';
import { startWebApp, type TestWebApp } from '../../../testing/web-app.ts';

/**
 * Found by the chaos suite (PostgreSQL killed): when the database fails while the caller is being identified, the
 * API still answers in its own error format (`{"error":{"code","message"}}`), not SvelteKit's error page.
 */
describe('the REST API when the database fails before the operation runs', () => {
  let app: TestWebApp;
  beforeAll(async () => {
    app = await startWebApp();
  });
  afterAll(() => app?.stop());

  it('answers 500 in the API error format', async () => {
    expect((await app.call('/api/v1/charge-points', { token: app.adminToken })).status).toBe(200);
    // every bearer-token request reads this table first
    await ormOf(app.db).em.getConnection().execute(app.db.dialect === 'postgresql' ? 'drop table "api_token" cascade' : 'drop table `api_token`');
    const response = await app.call('/api/v1/charge-points', { token: app.adminToken });
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ error: { code: 'Internal', message: 'internal error' } });
  });
});
