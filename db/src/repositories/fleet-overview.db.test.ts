import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { countKeys } from './fleet-overview.ts';

describe('the fleet overview in SQL', () => {
  let db: TestDatabase;
  const at = new Date('2026-03-01T10:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase();
    for (const [id, name] of [['cp-a', 'Depot 100%'], ['cp-b', 'Depot 2'], ['cp-c', 'Carport'], ['cp-d', 'Gone'], ['cp-e', 'Bare']] as const) {
      await db.chargePoints.create(id, { name });
    }
    await db.bulk.markConnected([
      { chargePointId: 'cp-a', nodeId: 'gw-1', protocol: 'ocpp1.6', at },
      { chargePointId: 'cp-b', nodeId: 'gw-2', protocol: 'ocpp2.0', at },
      { chargePointId: 'cp-c', nodeId: 'gw-2', protocol: 'ocpp2.1', at },
    ]);
    await db.bulk.markDisconnected([{ chargePointId: 'cp-c', epoch: 1, at }]);
    const status = (chargePointId: string, evseId: number, ocppStatus: string, connectorId = 1) =>
      db.connectors.recordStatus({ chargePointId, evseId, connectorId }, { ocppStatus, at });
    await status('cp-a', 0, 'Available'); // the station itself (1.6 connector 0): no tile
    await status('cp-a', 1, 'Charging');
    await status('cp-a', 2, 'Faulted');
    await status('cp-b', 1, 'Reserved');
    await status('cp-b', 2, 'Available', 1);
    await status('cp-b', 2, 'Faulted', 2); // a second connector of EVSE 2: one tile, judged by its first connector
    await status('cp-c', 1, 'Unavailable');
    await status('cp-d', 1, 'Faulted');
    await db.chargePoints.remove('cp-d');
    await db.transactions.start({ chargePointId: 'cp-a', evseId: 1, startKey: 'k1', startTag: 'FLEET-card_7', startedAt: at, meterStartWh: 0 });
    await db.transactions.start({ chargePointId: 'cp-c', evseId: 1, startKey: 'k2', startTag: 'OLD', startedAt: at, meterStartWh: 0, status: 'Rejected' });
  });

  afterAll(() => db?.close());

  const keys = async (filter: Parameters<TestDatabase['fleetOverview']['keys']>[0]) =>
    (await db.fleetOverview.keys(filter)).map((k) => `${k.chargePointId}/${k.evseId}`).sort();

  it('has one tile per EVSE (or per station without connectors), deleted stations left out', async () => {
    expect(await keys({})).toEqual(['cp-a/1', 'cp-a/2', 'cp-b/1', 'cp-b/2', 'cp-c/1', 'cp-e/0']);
    expect((await db.fleetOverview.keys({ search: 'cp-b' }))[0]).toEqual({ chargePointId: 'cp-b', stationName: 'Depot 2', evseId: 1, state: 'Reserved', online: true });
  });

  it('counts stations by connection and tiles by state: an open transaction is Charging, a reserved connector Reserved', async () => {
    expect(await db.fleetOverview.counts()).toEqual({
      stations: 4,
      online: 2,
      offline: 2,
      tiles: 6,
      states: { Charging: 1, Available: 2, Faulted: 1, Reserved: 1, Unavailable: 1, Occupied: 0, Unknown: 0 },
    });
    // the keys of a scope count the same, without the aggregate queries
    for (const scope of [{}, { nodeId: 'gw-2' }, { search: 'depot', protocol: '2.0.1' as const }, { search: 'fleet' }]) {
      expect(countKeys(await db.fleetOverview.keys(scope))).toEqual(await db.fleetOverview.counts(scope));
    }
    // a station that disconnected has no node any more
    expect(await db.fleetOverview.counts({ nodeId: 'gw-2' })).toMatchObject({ stations: 1, online: 1, offline: 0, tiles: 2 });
    expect(await db.fleetOverview.counts({ search: 'depot', protocol: '2.0.1' })).toMatchObject({ stations: 1, tiles: 2, states: { Reserved: 1, Available: 1 } });
  });

  it('filters by state, connection, protocol (2.0 is 2.0.1) and node', async () => {
    expect(await keys({ state: 'Faulted' })).toEqual(['cp-a/2']);
    expect(await keys({ state: 'Charging' })).toEqual(['cp-a/1']);
    expect(await keys({ state: 'Reserved' })).toEqual(['cp-b/1']);
    expect(await keys({ state: 'Available' })).toEqual(['cp-b/2', 'cp-e/0']);
    expect(await keys({ online: false })).toEqual(['cp-c/1', 'cp-e/0']);
    expect(await keys({ protocol: '2.0.1' })).toEqual(['cp-b/1', 'cp-b/2']);
    expect(await keys({ protocol: '2.1', online: false })).toEqual(['cp-c/1']);
    expect(await keys({ nodeId: 'gw-2', state: 'Reserved' })).toEqual(['cp-b/1']);
    expect(await keys({ protocol: '1.6', state: 'Available' })).toEqual([]);
  });

  it('searches id, name and the tag of an open session, case-insensitively, wildcards taken literally', async () => {
    expect(await keys({ search: 'CP-C' })).toEqual(['cp-c/1']);
    expect(await keys({ search: 'depot' })).toEqual(['cp-a/1', 'cp-a/2', 'cp-b/1', 'cp-b/2']);
    expect(await keys({ search: '100%' })).toEqual(['cp-a/1', 'cp-a/2']);
    expect(await keys({ search: '0%' })).toEqual(['cp-a/1', 'cp-a/2']);
    expect(await keys({ search: 'd_pot' })).toEqual([]);
    expect(await keys({ search: 'fleet-card_7' })).toEqual(['cp-a/1']);
    expect(await keys({ search: 'old' })).toEqual([]); // a rejected session is not open
  });

  it('reads the rows behind the tiles of some stations only, and the nodes', async () => {
    const details = await db.fleetOverview.details(['cp-a', 'cp-e']);
    expect(details.stations.map((s) => s.id).sort()).toEqual(['cp-a', 'cp-e']);
    expect(details.connectors.map((c) => `${c.chargePointId}/${c.evseId}/${c.status}`)).toEqual(['cp-a/0/Available', 'cp-a/1/Occupied', 'cp-a/2/Faulted']);
    expect(details.latest).toEqual([{ id: expect.any(Number), chargePointId: 'cp-a', evseId: 1, status: 'Active', startedAt: at, energyWh: null }]);
    expect(await db.fleetOverview.details([])).toEqual({ stations: [], connectors: [], latest: [] });
    expect(await db.fleetOverview.nodes()).toEqual(['gw-1', 'gw-2']);
  });
});
