import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type TestWebApp } from '../../../../testing/web-app.ts';

/*
 * The reservation API's answers that need no station: validation, unknown ids, listing with expiry applied when read,
 * and a command that could not run (Temporal unreachable here) leaving the reservation Rejected with the failure.
 * The station round trips are the conformance cases TC_046–TC_053 (test/conformance/ocpp16/cases/reservation.ts).
 */
describe('reservations over the API', () => {
  let app: TestWebApp;
  const path = '/api/v1/charge-points/CP-RES/reservations';
  const post = (body: unknown) => app.call(path, { method: 'POST', token: app.adminToken, body });
  const error = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;

  beforeAll(async () => {
    app = await startWebApp();
    await app.db.chargePoints.create('CP-RES', { name: 'Reserved' });
    await app.db.chargeTags.create('RES-OK', { name: 'ok', parentTagId: 'RES-GROUP' });
    await app.db.chargeTags.create('RES-BLOCKED', { name: 'blocked', blocked: true });
  });
  afterAll(() => app?.stop());

  it('answers bad input 400 with the reason, and stores nothing', async () => {
    const both = await post({ connectorId: 1, idTag: 'RES-OK', expiresInMinutes: 5, expiresAt: '2099-01-01T00:00:00Z' });
    expect(both.status).toBe(400);
    expect((await error(both)).message).toMatch(/exactly one of expiresAt and expiresInMinutes/);
    expect((await post({ connectorId: 1, idTag: 'RES-OK' })).status).toBe(400);
    const past = await post({ connectorId: 1, idTag: 'RES-OK', expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect((await error(past)).message).toMatch(/future/);
    expect((await post({ connectorId: -1, idTag: 'RES-OK', expiresInMinutes: 5 })).status).toBe(400);
    expect((await post({ connectorId: 1, idTag: 'RES-OK', expiresInMinutes: 20_000 })).status).toBe(400);
    const blocked = await post({ connectorId: 1, idTag: 'RES-BLOCKED', expiresInMinutes: 5 });
    expect(blocked.status).toBe(400);
    expect(await error(blocked)).toMatchObject({ code: 'TagNotAccepted' });
    expect((await post({ connectorId: 1, idTag: 'RES-UNKNOWN', expiresInMinutes: 5 })).status).toBe(400);
    expect((await app.call('/api/v1/charge-points/NOPE/reservations', { method: 'POST', token: app.adminToken, body: { connectorId: 1, idTag: 'RES-OK', expiresInMinutes: 5 } })).status).toBe(404);
    expect(await app.db.reservations.list('CP-RES')).toEqual([]);
  });

  it('a command that cannot run leaves the reservation Rejected with the failure; it cannot be cancelled then', async () => {
    const answer = await post({ connectorId: 1, idTag: 'RES-OK', expiresInMinutes: 5 });
    expect(answer.status).toBe(503);
    const [stored] = await app.db.reservations.list('CP-RES');
    // without parentIdTag the tag's own group is sent
    expect(stored).toMatchObject({ connectorId: 1, idTag: 'RES-OK', parentIdTag: 'RES-GROUP', status: 'Rejected', answer: 'TemporalUnavailable' });
    const cancel = await app.call(`${path}/${stored!.id}`, { method: 'DELETE', token: app.adminToken });
    expect(cancel.status).toBe(409);
    expect(await error(cancel)).toMatchObject({ code: 'ReservationNotActive' });
    expect((await app.call(`${path}/${stored!.id + 1000}`, { method: 'DELETE', token: app.adminToken })).status).toBe(404);
  });

  it('lists reservations newest first for users; one past its expiry reads Expired', async () => {
    const now = new Date();
    const soon = await app.db.reservations.create({ chargePointId: 'CP-RES', connectorId: 0, idTag: 'RES-OK', expiresAt: new Date(now.getTime() + 1), now });
    await app.db.reservations.recordAnswer(soon.id, 'Accepted', now);
    await expect.poll(() => Date.now() > now.getTime() + 1).toBe(true);
    const list = await app.call(path, { token: app.userToken });
    expect(list.status).toBe(200);
    const { items } = (await list.json()) as { items: { reservationId: number; status: string; connectorId: number }[] };
    expect(items[0]).toMatchObject({ reservationId: soon.id, connectorId: 0, status: 'Expired' });
    expect(items.map((r) => r.status)).toEqual(['Expired', 'Rejected']);
    const active = (await (await app.call(`${path}?active=true`, { token: app.userToken })).json()) as { items: unknown[] };
    expect(active.items).toEqual([]);
    expect((await app.call(path, { method: 'POST', token: app.userToken, body: { connectorId: 1, idTag: 'RES-OK', expiresInMinutes: 5 } })).status).toBe(403);
  });
});
