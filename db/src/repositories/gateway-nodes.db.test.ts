import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { leaseLapsedReason } from './gateway-nodes.ts';

const LEASE_MS = 30_000;
const at = (seconds: number) => new Date(Date.UTC(2026, 1, 1) + seconds * 1000);

describe('gateway node leases and the sweeper', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    for (const id of ['CP-A1', 'CP-A2', 'CP-B1', 'CP-C1']) await db.chargePoints.create(id, { name: id });
  });
  afterAll(() => db.close());

  const connect = (id: string, nodeId: string, seconds: number) => db.chargePoints.markConnected(id, { nodeId, protocol: 'ocpp1.6', at: at(seconds) });

  it("marks a dead node's stations offline with the reason, once, and leaves live nodes alone", async () => {
    await db.gatewayNodes.start('node-a', at(0), LEASE_MS);
    await db.gatewayNodes.start('node-b', at(0), LEASE_MS);
    await connect('CP-A1', 'node-a', 1);
    await connect('CP-A2', 'node-a', 1);
    await connect('CP-B1', 'node-b', 1);

    // node-b keeps renewing, node-a falls silent
    expect(await db.gatewayNodes.renew('node-b', at(20), LEASE_MS)).toEqual({ lapsed: false });
    expect(await db.gatewayNodes.sweepExpired(at(29))).toEqual([]);
    const swept = await db.gatewayNodes.sweepExpired(at(31));
    expect(swept).toEqual([{ nodeId: 'node-a', leaseExpiredAt: at(30), stations: ['CP-A1', 'CP-A2'] }]);

    const a1 = await db.chargePoints.get('CP-A1');
    expect(a1).toMatchObject({ online: false, nodeId: null, offlineReason: leaseLapsedReason('node-a', at(30)) });
    expect(a1!.offlineReason).toContain('node-a');
    expect(await db.chargePoints.get('CP-B1')).toMatchObject({ online: true, nodeId: 'node-b', offlineReason: null });
    expect((await db.gatewayNodes.get('node-a'))?.expiredAt).toEqual(at(31));
    // a lapse is handled once
    expect(await db.gatewayNodes.sweepExpired(at(60))).toEqual([{ nodeId: 'node-b', leaseExpiredAt: at(50), stations: ['CP-B1'] }]);
    expect(await db.gatewayNodes.sweepExpired(at(90))).toEqual([]);
  });

  it('tells a node that comes back that it lapsed, and lets it reclaim only the connections still its own', async () => {
    await db.gatewayNodes.start('node-c', at(100), LEASE_MS);
    const epoch = await connect('CP-C1', 'node-c', 101);
    expect(await db.gatewayNodes.sweepExpired(at(140))).toMatchObject([{ nodeId: 'node-c', stations: ['CP-C1'] }]);

    const renewal = await db.gatewayNodes.renew('node-c', at(141), LEASE_MS);
    expect(renewal).toEqual({ lapsed: true, reason: leaseLapsedReason('node-c', at(130)) });
    expect(await db.gatewayNodes.renew('node-c', at(150), LEASE_MS)).toEqual({ lapsed: false });
    const reason = renewal.lapsed ? renewal.reason : '';
    expect(await db.gatewayNodes.reclaim('node-c', ['CP-C1', 'CP-B1'], reason)).toBe(1);
    expect(await db.chargePoints.get('CP-C1')).toMatchObject({ online: true, nodeId: 'node-c', offlineReason: null, connectionEpoch: epoch });

    // the station connected elsewhere after another lapse and left again: the old node's socket is stale
    expect(await db.gatewayNodes.sweepExpired(at(200))).toMatchObject([{ nodeId: 'node-c', stations: ['CP-C1'] }]);
    const later = await db.gatewayNodes.renew('node-c', at(201), LEASE_MS);
    const newer = await connect('CP-C1', 'node-b', 202);
    await db.chargePoints.markDisconnected('CP-C1', newer, at(203));
    expect(await db.gatewayNodes.reclaim('node-c', ['CP-C1'], later.lapsed ? later.reason : '')).toBe(0);
    expect(await db.chargePoints.get('CP-C1')).toMatchObject({ online: false, nodeId: null });
  });

  it('clears the reason when the station connects again', async () => {
    await connect('CP-A1', 'node-b', 300);
    expect(await db.chargePoints.get('CP-A1')).toMatchObject({ online: true, nodeId: 'node-b', offlineReason: null });
  });

  it('never sweeps a node that stopped cleanly, and restarts a lease from scratch', async () => {
    await db.gatewayNodes.start('node-d', at(400), LEASE_MS);
    await db.gatewayNodes.stop('node-d', at(410));
    expect(await db.gatewayNodes.sweepExpired(at(1000))).toEqual(expect.not.arrayContaining([expect.objectContaining({ nodeId: 'node-d' })]));
    const restarted = await db.gatewayNodes.start('node-d', at(1001), LEASE_MS);
    expect(restarted).toMatchObject({ startedAt: at(1001), leaseExpiresAt: at(1031), expiredAt: null, stoppedAt: null });
    // a renewal without a row (the row was removed by hand) creates it
    expect(await db.gatewayNodes.renew('node-e', at(1002), LEASE_MS)).toEqual({ lapsed: false });
    expect((await db.gatewayNodes.list()).map((n) => n.nodeId)).toContain('node-e');
  });

  it('refuses a lease shorter than a second', async () => {
    await expect(db.gatewayNodes.start('node-x', at(0), 10)).rejects.toBeInstanceOf(InvalidInputError);
  });
});
