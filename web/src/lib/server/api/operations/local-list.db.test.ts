import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type TestWebApp } from '../../../../testing/web-app.ts';

describe('local authorization lists over the API (without a station)', () => {
  let app: TestWebApp;
  let admin: (path: string, method?: string, body?: unknown) => Promise<Response>;
  beforeAll(async () => {
    app = await startWebApp();
    admin = (path, method = 'GET', body) => app.call(path, { method, body, token: app.adminToken });
    for (const id of ['LL-A', 'LL-B']) await app.db.chargePoints.create(id, { name: id });
    await app.db.chargeTags.create('CARD-1', { name: 'one' });
    await app.db.chargeTags.create('CARD-2', { name: 'two', blocked: true });
  });
  afterAll(() => app?.stop());

  it('chooses the tags on a station’s list and shows what the station should hold as pending changes', async () => {
    const empty = await admin('/api/v1/charge-points/LL-A/local-list');
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({ tags: [], desired: [], heldVersion: 0, held: [], pendingChanges: [], stale: false, lastUpdate: null, reported: null });

    const set = await admin('/api/v1/charge-points/LL-A/local-list/tags', 'PUT', { tagIds: ['CARD-2', 'CARD-1'] });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({
      tags: ['CARD-1', 'CARD-2'],
      stale: true,
      pendingChanges: [{ idTag: 'CARD-1', idTagInfo: { status: 'Accepted' } }, { idTag: 'CARD-2', idTagInfo: { status: 'Blocked' } }],
    });
  });

  it('puts a tag on a group of stations', async () => {
    const added = await admin('/api/v1/charge-tags/CARD-1/local-lists', 'POST', { chargePointIds: ['LL-A', 'LL-B'] });
    expect(added.status).toBe(200);
    expect(await (await admin('/api/v1/charge-points/LL-B/local-list')).json()).toMatchObject({ tags: ['CARD-1'], stale: true });
  });

  it('refuses unknown stations and tags with 404 and bad input with 400, changing nothing', async () => {
    expect((await admin('/api/v1/charge-points/NOPE/local-list')).status).toBe(404);
    expect((await admin('/api/v1/charge-points/LL-A/local-list/tags', 'PUT', { tagIds: ['CARD-1', 'UNKNOWN'] })).status).toBe(404);
    expect((await admin('/api/v1/charge-points/LL-A/local-list/tags', 'PUT', { tagIds: ['has space'] })).status).toBe(400);
    expect((await admin('/api/v1/charge-tags/CARD-1/local-lists', 'POST', { chargePointIds: ['LL-A', 'NOPE'] })).status).toBe(404);
    expect((await admin('/api/v1/charge-points/LL-A/local-list', 'POST', { updateType: 'Sometimes' })).status).toBe(400);
    expect(await app.db.localLists.tags('LL-A')).toEqual(['CARD-1', 'CARD-2']);
    expect((await app.call('/api/v1/charge-points/LL-A/local-list', { token: app.userToken })).status).toBe(403);
  });

  it('a send that cannot reach Temporal answers 503 and records no update', async () => {
    const sent = await admin('/api/v1/charge-points/LL-A/local-list', 'POST', { updateType: 'Full' });
    expect(sent.status).toBe(503);
    expect(await app.db.localLists.state('LL-A')).toMatchObject({ heldVersion: 0, lastSentVersion: 0, lastStatus: null });
  });
});
