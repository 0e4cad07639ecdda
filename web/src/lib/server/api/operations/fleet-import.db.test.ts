import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type TestWebApp } from '../../../../testing/web-app.ts';

describe('fleet files over the API: import and export of stations and tags as CSV', () => {
  let app: TestWebApp;
  beforeAll(async () => {
    app = await startWebApp();
  });
  afterAll(() => app?.stop());

  const upload = (path: string, csv: string, type = 'text/csv') => app.call(path, { method: 'POST', body: csv, token: app.adminToken, headers: { 'content-type': type } });

  it('registers 10,000 stations from one CSV body (larger than the API body limit of other requests) and exports them', async () => {
    const lines = ['id,name,pricePerMwhMinor'];
    for (let i = 0; i < 10_000; i++) lines.push(`API-${i},Bay ${i},${35_900 + i}`);
    const imported = await upload('/api/v1/imports/charge-points?mode=create', lines.join('\r\n'));
    expect(imported.status).toBe(200);
    expect(await imported.json()).toEqual({ rows: 10_000, created: 10_000, updated: 0 });
    expect((await app.db.chargePoints.get('API-9999'))?.pricing.pricePerMwhMinor).toBe(45_899);

    const exported = await app.call('/api/v1/charge-points?format=csv', { token: app.userToken });
    expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const file = await exported.text();
    expect(file.trimEnd().split('\n')).toHaveLength(10_001);
    // what it exports, it takes back: as JSON too
    const again = await app.call('/api/v1/imports/charge-points', { method: 'POST', body: { csv: file }, token: app.adminToken });
    expect(await again.json()).toEqual({ rows: 10_000, created: 0, updated: 10_000 });
  });

  it('answers a bad file with its line and column and stores nothing; create mode refuses existing stations', async () => {
    const bad = await upload('/api/v1/imports/charge-points', 'id,name,heartbeatInterval\nAPI-NEW,New,60\nAPI-1,Bay 1,soon\n');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: 'ValidationFailed', message: 'line 3, heartbeatInterval: a whole number from 1 to 86400' } });
    expect(await app.db.chargePoints.get('API-NEW')).toBeNull();
    const taken = await upload('/api/v1/imports/charge-points?mode=create', 'id,name\nAPI-1,again\n');
    expect(taken.status).toBe(409);
    expect((await upload('/api/v1/imports/charge-points', 'id,name\nX,y\n', 'text/plain')).status).toBe(415);
    // operators only
    expect((await app.call('/api/v1/imports/charge-tags', { method: 'POST', body: 'tagId,name\nT,t\n', token: app.userToken, headers: { 'content-type': 'text/csv' } })).status).toBe(403);
  });

  it('imports tags and exports them as a file', async () => {
    const imported = await upload('/api/v1/imports/charge-tags', 'tagId;name;parentTagId;blocked\nAPI-TAG-1;Anna;FLEET;false\nAPI-TAG-2;Ben;FLEET;true\n');
    expect(await imported.json()).toEqual({ rows: 2, created: 2, updated: 0 });
    const exported = await app.call('/api/v1/charge-tags', { token: app.adminToken, headers: { accept: 'text/csv' } });
    expect(await exported.text()).toBe('tagId,name,parentTagId,expiresAt,blocked,tokenType\nAPI-TAG-1,Anna,FLEET,,false,\nAPI-TAG-2,Ben,FLEET,,true,\n');
  });

  it('documents the imports in the OpenAPI document with both body types', async () => {
    const doc = (await (await app.call('/api/v1/openapi.json')).json()) as { paths: Record<string, { post?: { requestBody?: { content: Record<string, unknown> } } }> };
    expect(Object.keys(doc.paths['/api/v1/imports/charge-points']?.post?.requestBody?.content ?? {})).toEqual(['application/json', 'text/csv']);
    expect(doc.paths['/api/v1/imports/charge-tags']?.post).toBeDefined();
  });
});
