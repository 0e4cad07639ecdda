import {
  countKeys,
  type OverviewConnectorRow,
  type OverviewCounts,
  type OverviewFilter,
  type OverviewKeyRow,
  type OverviewScope,
  type OverviewState,
  type OverviewStationRow,
  type OverviewTransactionRow,
} from '@csms/db';
import { OVERVIEW_PAGE_SIZE, type OverviewQuery, type OverviewStateParam } from '../../ui/overview-query.ts';
import type { Tile, TileState } from '../../ui/tile.ts';
import type { OverviewCountsView, OverviewView } from '../../ui/overview-view.ts';
import type { Services } from '../services.ts';

type StationName = Pick<OverviewStationRow, 'id' | 'name'>;
type ConnectorName = Pick<OverviewConnectorRow, 'evseId' | 'name'>;

/**
 * OCPP.Core's naming rules: a connector's own name wins; a station with several connectors shows "name:n"; a single
 * unnamed connector (or none) shows the station's name; an empty station name falls back to its id.
 */
export function tileName(station: StationName, connector: ConnectorName | null, connectorCount: number): string {
  if (connector?.name) return connector.name;
  const stationName = station.name.trim() || station.id;
  if (connector && connectorCount > 1) return `${stationName}:${connector.evseId}`;
  return stationName;
}

function stateOf(connector: OverviewConnectorRow | null, open: OverviewTransactionRow | undefined): TileState {
  // an open transaction is charging whatever the last status said (stations send StatusNotification late or not at all)
  if (open) return 'Charging';
  if (!connector) return 'Available';
  return connector.status;
}

/**
 * Builds the tiles of some stations from the stored state. Each connector is judged on its own (OCPP.Core drew every
 * connector of a multi-connector station as occupied, issue #97): status and transactions are matched by station and
 * connector. The tiles come in the order of `stations`, each station's by EVSE.
 */
export function buildTiles(
  stations: readonly OverviewStationRow[],
  connectors: readonly OverviewConnectorRow[],
  latest: readonly OverviewTransactionRow[],
): Tile[] {
  const byStation = new Map<string, OverviewConnectorRow[]>();
  for (const c of connectors) {
    if (c.evseId === 0) continue; // connector 0 is the station itself in 1.6
    const list = byStation.get(c.chargePointId) ?? [];
    // a 2.x EVSE with several connectors is one tile: the EVSE is what charges one car
    if (!list.some((other) => other.evseId === c.evseId)) list.push(c);
    byStation.set(c.chargePointId, list);
  }
  const latestOf = new Map<string, OverviewTransactionRow>();
  for (const t of latest) {
    const key = `${t.chargePointId}/${t.evseId}`;
    const known = latestOf.get(key);
    if (!known || known.id < t.id) latestOf.set(key, t);
  }
  const tiles: Tile[] = [];
  for (const station of stations) {
    const own = byStation.get(station.id) ?? [];
    const entries: (OverviewConnectorRow | null)[] = own.length > 0 ? own : [null];
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

// numeric: "load 2" before "load 10"; one order for every language, so a link shows the same page to everybody
const NATURAL = new Intl.Collator('en', { numeric: true });

/** Sorts tiles as the overview lists them: station name (else id) naturally, then id, then EVSE. */
export function sortKeys(keys: OverviewKeyRow[]): OverviewKeyRow[] {
  return keys.sort(
    (a, b) =>
      NATURAL.compare(a.stationName.trim() || a.chargePointId, b.stationName.trim() || b.chargePointId) ||
      NATURAL.compare(a.chargePointId, b.chargePointId) ||
      a.evseId - b.evseId,
  );
}

const STATE_OF_PARAM: Record<OverviewStateParam, OverviewState> = {
  charging: 'Charging',
  available: 'Available',
  faulted: 'Faulted',
  reserved: 'Reserved',
  unavailable: 'Unavailable',
  occupied: 'Occupied',
  unknown: 'Unknown',
};

/** The counts' scope of a query: its search, protocol and node (the state and connection facets are what is counted). */
export function scopeOf(query: OverviewQuery): OverviewScope {
  return { ...(query.q ? { search: query.q } : {}), ...(query.protocol ? { protocol: query.protocol } : {}), ...(query.node ? { nodeId: query.node } : {}) };
}

function filterOf(query: OverviewQuery): OverviewFilter {
  return {
    ...scopeOf(query),
    ...(query.state ? { state: STATE_OF_PARAM[query.state] } : {}),
    ...(query.conn ? { online: query.conn === 'online' } : {}),
  };
}

function countsView(counts: OverviewCounts): OverviewCountsView {
  const states = Object.fromEntries(Object.entries(STATE_OF_PARAM).map(([param, state]) => [param, counts.states[state]]));
  return { stations: counts.stations, online: counts.online, offline: counts.offline, tiles: counts.tiles, states: states as OverviewCountsView['states'] };
}

/** Counts shared by the views of one poll that have the same scope. */
export type CountsCache = Map<string, Promise<OverviewCounts>>;

/**
 * Reads one page of the overview: the matching tiles' keys in SQL, sorted naturally here, then the stored rows of only
 * the stations on the page. Without a state or connection filter the keys are the whole scope and are counted here;
 * with one, the scope is counted in SQL (once per poll for views of the same scope). A page past the last shows the
 * last.
 */
export async function loadOverview(services: Pick<Services, 'db'>, query: OverviewQuery, cache?: CountsCache): Promise<OverviewView> {
  const overview = services.db.fleetOverview;
  const scope = scopeOf(query);
  const scopeKey = JSON.stringify(scope);
  let keys: OverviewKeyRow[];
  let counts: OverviewCounts;
  if (!query.state && !query.conn) {
    keys = await overview.keys(scope);
    counts = countKeys(keys);
    cache?.set(scopeKey, Promise.resolve(counts));
  } else {
    let pending = cache?.get(scopeKey);
    if (!pending) {
      pending = overview.counts(scope);
      cache?.set(scopeKey, pending);
    }
    [counts, keys] = await Promise.all([pending, overview.keys(filterOf(query))]);
  }
  const total = keys.length;
  const pages = Math.max(1, Math.ceil(total / OVERVIEW_PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const shown = sortKeys(keys).slice((page - 1) * OVERVIEW_PAGE_SIZE, page * OVERVIEW_PAGE_SIZE);
  const stationIds = [...new Set(shown.map((k) => k.chargePointId))];
  const details = await overview.details(stationIds);
  const byId = new Map(details.stations.map((s) => [s.id, s]));
  const ordered = stationIds.map((id) => byId.get(id)).filter((s): s is OverviewStationRow => s !== undefined);
  const wanted = new Set(shown.map((k) => `${k.chargePointId}/${k.evseId}`));
  const tiles = buildTiles(ordered, details.connectors, details.latest).filter((tile) => wanted.has(tile.key));
  return { counts: countsView(counts), tiles, total, page, pages };
}
