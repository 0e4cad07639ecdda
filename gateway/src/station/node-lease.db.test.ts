import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { NodeLease } from './node-lease.ts';

describe("a gateway node's lease", () => {
  let db: TestDatabase;
  let now = new Date('2026-03-01T10:00:00.000Z');
  const clock = { now: () => now };
  const held = new Set<string>();
  let lease: NodeLease;

  beforeAll(async () => {
    db = await createTestDatabase();
    for (const id of ['LEASE-1', 'LEASE-2']) await db.chargePoints.create(id, { name: id });
    lease = new NodeLease({ db, nodeId: 'node-l', leaseMs: 60_000, heldStations: () => [...held], logger: pino({ level: 'silent' }), clock });
  });
  afterAll(() => db.close());

  const advance = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };

  it('is taken at start and pushed forward by each renewal', async () => {
    await lease.start();
    expect(await db.gatewayNodes.get('node-l')).toMatchObject({ leaseExpiresAt: new Date('2026-03-01T10:01:00.000Z'), stoppedAt: null });
    advance(20);
    await lease.renew();
    expect((await db.gatewayNodes.get('node-l'))?.leaseExpiresAt).toEqual(new Date('2026-03-01T10:01:20.000Z'));
  });

  it('claims back the stations it still holds after the sweeper gave it up (the database was locked, say)', async () => {
    for (const id of ['LEASE-1', 'LEASE-2']) await db.chargePoints.markConnected(id, { nodeId: 'node-l', protocol: 'ocpp1.6', at: now });
    held.add('LEASE-1');
    // LEASE-2's connection ended while the node could not write: it stays offline
    advance(120);
    expect(await db.gatewayNodes.sweepExpired(now)).toMatchObject([{ nodeId: 'node-l', stations: ['LEASE-1', 'LEASE-2'] }]);
    expect(await db.chargePoints.get('LEASE-1')).toMatchObject({ online: false, offlineReason: expect.stringContaining('node-l') });

    await lease.renew();
    expect(await db.chargePoints.get('LEASE-1')).toMatchObject({ online: true, nodeId: 'node-l', offlineReason: null });
    expect(await db.chargePoints.get('LEASE-2')).toMatchObject({ online: false, nodeId: null });
    expect((await db.gatewayNodes.get('node-l'))?.expiredAt).toBeNull();
  });

  it('records a clean stop, which the sweeper never treats as a death', async () => {
    await lease.stop();
    advance(600);
    expect(await db.gatewayNodes.sweepExpired(now)).toEqual([]);
    expect(await db.chargePoints.get('LEASE-1')).toMatchObject({ online: true });
  });
});
