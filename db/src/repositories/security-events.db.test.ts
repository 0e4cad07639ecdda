import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 1) + seconds * 1000);

describe('security events', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    for (const id of ['CP-S1', 'CP-S2']) await db.chargePoints.create(id, { name: id });
  });
  afterAll(() => db.close());

  it('stores each event with both times, marks the critical ones, lists newest first per station or fleet-wide', async () => {
    await db.securityEvents.record({ chargePointId: 'CP-S1', type: 'InvalidMessages', occurredAt: at(0), receivedAt: at(1) });
    const tamper = await db.securityEvents.record({ chargePointId: 'CP-S1', type: 'TamperDetectionActivated', occurredAt: at(10), receivedAt: at(11), techInfo: 'lid open' });
    await db.securityEvents.record({ chargePointId: 'CP-S2', type: 'StartupOfTheDevice', occurredAt: at(20), receivedAt: at(21) });
    expect(tamper).toMatchObject({ critical: true, techInfo: 'lid open', occurredAt: at(10), receivedAt: at(11) });

    expect((await db.securityEvents.list({ chargePointId: 'CP-S1' })).map((e) => [e.type, e.critical])).toEqual([
      ['TamperDetectionActivated', true],
      ['InvalidMessages', false],
    ]);
    expect((await db.securityEvents.list({ criticalOnly: true })).map((e) => e.chargePointId)).toEqual(['CP-S2', 'CP-S1']);
    const [newest] = await db.securityEvents.list({ limit: 1 });
    expect((await db.securityEvents.list({ beforeId: newest!.id })).map((e) => e.type)).toEqual(['TamperDetectionActivated', 'InvalidMessages']);
  });

  it('keeps a station-supplied text within its column (a lenient station may send more than the schema allows)', async () => {
    const long = await db.securityEvents.record({ chargePointId: 'CP-S2', type: 'X'.repeat(80), occurredAt: at(30), receivedAt: at(30), techInfo: '€'.repeat(300) });
    expect([long.type.length, [...long.techInfo!].length]).toEqual([50, 255]);
    expect((await db.securityEvents.list({ chargePointId: 'CP-S2', limit: 1 }))[0]?.techInfo).toBe('€'.repeat(255));
  });

  it('goes with its station', async () => {
    await db.chargePoints.remove('CP-S2', { purge: true });
    expect(await db.securityEvents.list({ chargePointId: 'CP-S2' })).toEqual([]);
  });
});
