import type { ChargePointRecord, ConnectorRecord, TransactionRecord } from '@csms/db';
import type { Tile, TileState } from '../../ui/tile.ts';
import type { Services } from '../services.ts';

/**
 * OCPP.Core's naming rules: a connector's own name wins; a station with several connectors shows "name:n"; a single
 * unnamed connector (or none) shows the station's name; an empty station name falls back to its id.
 */
export function tileName(station: ChargePointRecord, connector: ConnectorRecord | null, connectorCount: number): string {
  if (connector?.name) return connector.name;
  const stationName = station.name.trim() || station.id;
  if (connector && connectorCount > 1) return `${stationName}:${connector.evseId}`;
  return stationName;
}

function stateOf(connector: ConnectorRecord | null, open: TransactionRecord | undefined): TileState {
  // an open transaction is charging whatever the last status said (stations send StatusNotification late or not at all)
  if (open) return 'Charging';
  if (!connector) return 'Available';
  return connector.status;
}

/**
 * Builds the overview tiles from the stored state. Each connector is judged on its own (OCPP.Core drew every connector
 * of a multi-connector station as occupied, issue #97): status and transactions are matched by station and connector.
 */
export function buildTiles(
  stations: readonly ChargePointRecord[],
  connectors: readonly ConnectorRecord[],
  latest: readonly TransactionRecord[],
): Tile[] {
  const byStation = new Map<string, ConnectorRecord[]>();
  for (const c of connectors) {
    if (c.evseId === 0) continue; // connector 0 is the station itself in 1.6
    const list = byStation.get(c.chargePointId) ?? [];
    // a 2.x EVSE with several connectors is one tile: the EVSE is what charges one car
    if (!list.some((other) => other.evseId === c.evseId)) list.push(c);
    byStation.set(c.chargePointId, list);
  }
  const latestOf = new Map<string, TransactionRecord>();
  for (const t of latest) {
    const key = `${t.chargePointId}/${t.evseId}`;
    const known = latestOf.get(key);
    if (!known || known.id < t.id) latestOf.set(key, t);
  }
  const tiles: Tile[] = [];
  const sorted = [...stations].sort((a, b) => (a.name || a.id).localeCompare(b.name || b.id) || a.id.localeCompare(b.id));
  for (const station of sorted) {
    const own = byStation.get(station.id) ?? [];
    const entries: (ConnectorRecord | null)[] = own.length > 0 ? own : [null];
    for (const connector of entries) {
      const connectorId = connector?.evseId ?? 0;
      const last = latestOf.get(`${station.id}/${connectorId}`);
      const open = last?.status === 'Active' ? last : undefined;
      tiles.push({
        key: `${station.id}/${connectorId}`,
        chargePointId: station.id,
        connectorId,
        name: tileName(station, connector, own.length),
        state: stateOf(connector, open),
        ocppStatus: connector?.ocppStatus ?? null,
        online: station.online,
        chargingSince: open ? open.startedAt.toISOString() : null,
        lastEnergyWh: last && !open && last.status !== 'Rejected' ? last.energyWh : null,
        powerW: open ? (connector?.powerW ?? null) : null,
        soc: open ? (connector?.soc ?? null) : null,
      });
    }
  }
  return tiles;
}

/** Reads what the overview shows: three queries, whatever the number of stations. */
export async function loadTiles(services: Services): Promise<Tile[]> {
  const [stations, connectors, latest] = await Promise.all([
    services.db.chargePoints.list(),
    services.db.connectors.list(),
    services.db.transactions.latestPerConnector(),
  ]);
  return buildTiles(stations, connectors, latest);
}
