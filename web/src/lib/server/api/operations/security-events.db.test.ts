import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type TestWebApp } from '../../../../testing/web-app.ts';

describe('security events over the API', () => {
  let app: TestWebApp;
  beforeAll(async () => {
    app = await startWebApp();
    for (const id of ['SE-1', 'SE-2']) await app.db.chargePoints.create(id, { name: id });
    const at = (s: number) => new Date(Date.UTC(2026, 10, 1, 8) + s * 1000);
    await app.db.securityEvents.record({ chargePointId: 'SE-1', type: 'InvalidMessages', occurredAt: at(0), receivedAt: at(1) });
    await app.db.securityEvents.record({ chargePointId: 'SE-1', type: 'TamperDetectionActivated', occurredAt: at(5), receivedAt: at(6), techInfo: 'door' });
    await app.db.securityEvents.record({ chargePointId: 'SE-2', type: 'ResetOrReboot', occurredAt: at(9), receivedAt: at(10) });
  });
  afterAll(() => app?.stop());

  const list = async (query: string, token = app.adminToken) => {
    const response = await app.call(`/api/v1/security-events${query}`, { token });
    return { status: response.status, body: (await response.json()) as { items: { chargePointId: string; type: string; critical: boolean; occurredAt: string }[]; nextBeforeId: number | null } };
  };

  it('lists newest first, per station, only the critical ones, and pages backwards', async () => {
    expect((await list('')).body.items.map((e) => e.type)).toEqual(['ResetOrReboot', 'TamperDetectionActivated', 'InvalidMessages']);
    expect((await list('?chargePointId=SE-1')).body.items).toMatchObject([
      { type: 'TamperDetectionActivated', critical: true, occurredAt: '2026-11-01T08:00:05.000Z', techInfo: 'door' },
      { type: 'InvalidMessages', critical: false },
    ]);
    expect((await list('?critical=true')).body.items.map((e) => e.chargePointId)).toEqual(['SE-2', 'SE-1']);
    const first = await list('?limit=2');
    expect(first.body.nextBeforeId).not.toBeNull();
    expect((await list(`?limit=2&beforeId=${first.body.nextBeforeId}`)).body.items.map((e) => e.type)).toEqual(['InvalidMessages']);
  });

  it('is for admins, and refuses a bad filter in words', async () => {
    expect((await list('', app.userToken)).status).toBe(403);
    const bad = await list('?critical=maybe');
    expect(bad.status).toBe(400);
  });
});
