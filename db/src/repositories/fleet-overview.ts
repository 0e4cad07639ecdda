import { sessionStatements, type SqlValue } from '../bulk/driver-statements.ts';
import type { SqlDialect } from '../bulk/sql-dialect.ts';
import type { Session } from '../orm/session.ts';

/**
 * The state of an overview tile as operators filter and count it: an open transaction makes it `Charging`, a
 * connector reserved and not charging `Reserved`, otherwise the mapped connector status (a station that reported no
 * connector yet is one `Available` tile, as the overview has always drawn it).
 */
export type OverviewState = 'Charging' | 'Reserved' | 'Available' | 'Occupied' | 'Unavailable' | 'Faulted' | 'Unknown';

/** Every {@link OverviewState}, in the order the overview shows their counts. */
export const OVERVIEW_STATES: readonly OverviewState[] = ['Charging', 'Available', 'Faulted', 'Reserved', 'Unavailable', 'Occupied', 'Unknown'];

/** OCPP versions as operators name them, with the subprotocols a station may have connected with. */
export const OVERVIEW_PROTOCOLS = { '1.6': ['ocpp1.6'], '2.0.1': ['ocpp2.0.1', 'ocpp2.0'], '2.1': ['ocpp2.1'] } as const;

/** An OCPP version the overview filters by. */
export type OverviewProtocol = keyof typeof OVERVIEW_PROTOCOLS;

/** What narrows the overview's tiles; every field is optional and they combine with AND. */
export interface OverviewFilter {
  /** Part of the station's id or name, or of the tag of a session open on the tile (case-insensitive). */
  readonly search?: string;
  readonly protocol?: OverviewProtocol;
  /** The gateway node that holds the station's connection (a disconnected station has none). */
  readonly nodeId?: string;
  readonly online?: boolean;
  readonly state?: OverviewState;
}

/** The scope of the counts: the filter without its state and connection facets (those are what is counted). */
export type OverviewScope = Omit<OverviewFilter, 'state' | 'online'>;

/** Counts of a scope: stations by connection, tiles by state. */
export interface OverviewCounts {
  readonly stations: number;
  readonly online: number;
  readonly offline: number;
  readonly tiles: number;
  readonly states: Readonly<Record<OverviewState, number>>;
}

/**
 * A tile that matched a filter: what the overview sorts and counts by (the page reads the rest only for the tiles it
 * shows).
 */
export interface OverviewKeyRow {
  readonly chargePointId: string;
  readonly stationName: string;
  /** 0 for a station that reported no connector yet. */
  readonly evseId: number;
  readonly state: OverviewState;
  /** Whether the station is connected. */
  readonly online: boolean;
}

/** A station as the overview's tiles need it. */
export interface OverviewStationRow {
  readonly id: string;
  readonly name: string;
  readonly online: boolean;
}

/** A connector as the overview's tiles need it. */
export interface OverviewConnectorRow {
  readonly chargePointId: string;
  readonly evseId: number;
  readonly connectorId: number;
  readonly name: string | null;
  readonly status: Exclude<OverviewState, 'Charging' | 'Reserved'>;
  readonly ocppStatus: string | null;
  readonly powerW: number | null;
  readonly soc: number | null;
}

/** The latest transaction of a connector as the overview's tiles need it. */
export interface OverviewTransactionRow {
  readonly id: number;
  readonly chargePointId: string;
  readonly evseId: number;
  readonly status: string;
  readonly startedAt: Date;
  readonly energyWh: number | null;
}

/** The stored rows behind the tiles of some stations. */
export interface OverviewDetails {
  readonly stations: OverviewStationRow[];
  /** Ordered by station, EVSE and connector. */
  readonly connectors: OverviewConnectorRow[];
  /** The latest transaction per station and EVSE. */
  readonly latest: OverviewTransactionRow[];
}

/**
 * The operators' overview at fleet scale: filters and counts run in SQL over every tile, so a page of a 10,000-station
 * fleet reads narrow key rows and the details of the stations it shows, never every row of every table.
 */
export interface FleetOverviewRepository {
  /** Stations by connection and tiles by state within `scope`. */
  counts(scope?: OverviewScope): Promise<OverviewCounts>;
  /**
   * The tiles matching `filter`, unsorted (the overview sorts names naturally, which SQL cannot do portably). For a
   * filter without state and connection these are the tiles of its scope, and {@link countKeys} counts them without
   * another pass over the fleet.
   */
  keys(filter?: OverviewFilter): Promise<OverviewKeyRow[]>;
  /** What the tiles of these stations show. */
  details(chargePointIds: readonly string[]): Promise<OverviewDetails>;
  /** The gateway nodes holding stations' connections now, sorted. */
  nodes(): Promise<string[]>;
}

/** A LIKE pattern for "contains", lower-cased, with the wildcards of the text escaped. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The tiles with their state, filtered: one tile per EVSE (a 2.x EVSE with several connectors is one, its first
 * connector standing for it) and one for a station without connectors. The open transaction is the latest of the
 * EVSE being Active, as the tiles judge it (index `transaction_connector_latest_index`). Parameters: 1 search pattern,
 * 2 protocols (JSON), 3 node, 4 online ('on'/'off'), 5 state; null means no filter.
 */
function tilesSql(d: SqlDialect): string {
  const p = (n: number) => `CAST(${d.param(n)} AS TEXT)`;
  return (
    `WITH tile AS (` +
    `SELECT cp.id AS cp, cp.name AS cp_name, cp.online AS online, cp.protocol AS protocol, cp.node_id AS node, c.evse_id AS evse, ` +
    `c.status AS status, c.ocpp_status AS ocpp_status FROM charge_point cp JOIN connector c ON c.charge_point_id = cp.id ` +
    `WHERE cp.deleted_at IS NULL AND c.evse_id > 0 AND NOT EXISTS (SELECT 1 FROM connector c2 WHERE c2.charge_point_id = c.charge_point_id ` +
    `AND c2.evse_id = c.evse_id AND c2.connector_id < c.connector_id) ` +
    `UNION ALL SELECT cp.id, cp.name, cp.online, cp.protocol, cp.node_id, 0, NULL, NULL FROM charge_point cp WHERE cp.deleted_at IS NULL ` +
    `AND NOT EXISTS (SELECT 1 FROM connector c WHERE c.charge_point_id = cp.id AND c.evse_id > 0)), ` +
    `judged AS (SELECT tile.*, CASE WHEN (SELECT t.status FROM charging_transaction t WHERE t.charge_point_id = tile.cp ` +
    `AND t.evse_id = tile.evse ORDER BY t.id DESC LIMIT 1) = 'Active' THEN 'Charging' WHEN tile.ocpp_status = 'Reserved' THEN 'Reserved' ` +
    `WHEN tile.status IS NULL THEN 'Available' ELSE tile.status END AS state FROM tile) ` +
    `SELECT %COLUMNS% FROM judged WHERE ` +
    `(${p(1)} IS NULL OR lower(cp) LIKE ${p(1)} ESCAPE '\\' OR lower(cp_name) LIKE ${p(1)} ESCAPE '\\' OR EXISTS (SELECT 1 FROM ` +
    `charging_transaction t WHERE t.status = 'Active' AND t.charge_point_id = judged.cp AND t.evse_id = judged.evse ` +
    `AND lower(t.start_tag) LIKE ${p(1)} ESCAPE '\\')) ` +
    `AND (${p(2)} IS NULL OR protocol ${d.inList(2)}) ` +
    `AND (${p(3)} IS NULL OR node = ${p(3)}) ` +
    `AND (${p(4)} IS NULL OR (${p(4)} = 'on' AND online = ${d.literal(true)}) OR (${p(4)} = 'off' AND online = ${d.literal(false)})) ` +
    `AND (${p(5)} IS NULL OR state = ${p(5)})`
  );
}

/**
 * Stations by connection within a scope, on `charge_point` alone: parameters 1 search pattern, 2 protocols (JSON), 3
 * node, as in {@link tilesSql}; a station matches the search by id, name or the tag of any session open on it.
 */
function stationsSql(d: SqlDialect): string {
  const p = (n: number) => `CAST(${d.param(n)} AS TEXT)`;
  return (
    `SELECT cp.online AS online, count(*) AS s FROM charge_point cp WHERE cp.deleted_at IS NULL ` +
    `AND (${p(1)} IS NULL OR lower(cp.id) LIKE ${p(1)} ESCAPE '\\' OR lower(cp.name) LIKE ${p(1)} ESCAPE '\\' OR EXISTS (SELECT 1 FROM ` +
    `charging_transaction t WHERE t.status = 'Active' AND t.charge_point_id = cp.id AND lower(t.start_tag) LIKE ${p(1)} ESCAPE '\\')) ` +
    `AND (${p(2)} IS NULL OR cp.protocol ${d.inList(2)}) AND (${p(3)} IS NULL OR cp.node_id = ${p(3)}) GROUP BY cp.online`
  );
}

const isState = (value: string): value is OverviewState => (OVERVIEW_STATES as readonly string[]).includes(value);

/** Counts the rows of {@link FleetOverviewRepository.keys} of a scope as {@link FleetOverviewRepository.counts} would. */
export function countKeys(rows: readonly OverviewKeyRow[]): OverviewCounts {
  const states = Object.fromEntries(OVERVIEW_STATES.map((s) => [s, 0])) as Record<OverviewState, number>;
  const online = new Set<string>();
  const offline = new Set<string>();
  for (const row of rows) {
    states[row.state] += 1;
    (row.online ? online : offline).add(row.chargePointId);
  }
  return { stations: online.size + offline.size, online: online.size, offline: offline.size, tiles: rows.length, states };
}

function paramsOf(filter: OverviewFilter): SqlValue[] {
  const search = filter.search?.trim();
  return [
    search ? containsPattern(search) : null,
    filter.protocol ? JSON.stringify(OVERVIEW_PROTOCOLS[filter.protocol]) : null,
    filter.nodeId ?? null,
    filter.online === undefined ? null : filter.online ? 'on' : 'off',
    filter.state ?? null,
  ];
}

const truthy = (value: unknown) => value === true || value === 1 || value === '1';
const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** Binds the fleet overview to a session. */
export function createFleetOverviewRepository(session: Session): FleetOverviewRepository {
  const driver = sessionStatements(session);
  const d = driver.dialect;
  const tiles = tilesSql(d);
  const all = <R>(text: string, params: readonly SqlValue[]) => driver.read((statements) => statements.all<R>(text, params));
  const countsSql = tiles.replace('%COLUMNS%', 'state, count(*) AS n') + ' GROUP BY state';
  const stationCountsSql = stationsSql(d);
  const keysSql = tiles.replace('%COLUMNS%', 'cp, cp_name, evse, state, online');

  return {
    counts: async (scope = {}) => {
      const params = paramsOf({ search: scope.search, protocol: scope.protocol, nodeId: scope.nodeId });
      const [byState, byConnection] = await Promise.all([
        all<{ state: string; n: unknown }>(countsSql, params),
        all<{ online: unknown; s: unknown }>(stationCountsSql, params.slice(0, 3)),
      ]);
      const states = Object.fromEntries(OVERVIEW_STATES.map((s) => [s, 0])) as Record<OverviewState, number>;
      let tileCount = 0;
      for (const row of byState) {
        states[isState(row.state) ? row.state : 'Unknown'] += Number(row.n);
        tileCount += Number(row.n);
      }
      let online = 0;
      let offline = 0;
      for (const row of byConnection) {
        if (truthy(row.online)) online += Number(row.s);
        else offline += Number(row.s);
      }
      return { stations: online + offline, online, offline, tiles: tileCount, states };
    },

    keys: async (filter = {}) => {
      const rows = await all<{ cp: string; cp_name: string; evse: unknown; state: string; online: unknown }>(keysSql, paramsOf(filter));
      return rows.map((row) => ({
        chargePointId: row.cp,
        stationName: row.cp_name,
        evseId: Number(row.evse),
        state: isState(row.state) ? row.state : 'Unknown',
        online: truthy(row.online),
      }));
    },

    details: async (chargePointIds) => {
      if (chargePointIds.length === 0) return { stations: [], connectors: [], latest: [] };
      const ids = [JSON.stringify([...new Set(chargePointIds)])];
      const [stations, connectors, latest] = await Promise.all([
        all<{ id: string; name: string; online: unknown }>(`SELECT id, name, online FROM charge_point WHERE id ${d.inList(1)}`, ids),
        all<Record<string, unknown>>(
          `SELECT charge_point_id, evse_id, connector_id, name, status, ocpp_status, power_w, soc FROM connector ` +
            `WHERE charge_point_id ${d.inList(1)} ORDER BY charge_point_id, evse_id, connector_id`,
          ids,
        ),
        all<Record<string, unknown>>(
          `SELECT id, charge_point_id, evse_id, status, started_at, energy_wh FROM charging_transaction WHERE id IN ` +
            `(SELECT max(id) FROM charging_transaction WHERE charge_point_id ${d.inList(1)} GROUP BY charge_point_id, evse_id)`,
          ids,
        ),
      ]);
      return {
        stations: stations.map((row) => ({ id: row.id, name: row.name, online: truthy(row.online) })),
        connectors: connectors.map((row) => ({
          chargePointId: String(row.charge_point_id),
          evseId: Number(row.evse_id),
          connectorId: Number(row.connector_id),
          name: (row.name as string | null) ?? null,
          status: row.status as OverviewConnectorRow['status'],
          ocppStatus: (row.ocpp_status as string | null) ?? null,
          powerW: numberOrNull(row.power_w),
          soc: numberOrNull(row.soc),
        })),
        latest: latest.map((row) => ({
          id: Number(row.id),
          chargePointId: String(row.charge_point_id),
          evseId: Number(row.evse_id),
          status: String(row.status),
          startedAt: d.readDate(row.started_at),
          energyWh: numberOrNull(row.energy_wh),
        })),
      };
    },

    nodes: async () => {
      const rows = await all<{ node_id: string }>(
        'SELECT DISTINCT node_id FROM charge_point WHERE node_id IS NOT NULL AND deleted_at IS NULL ORDER BY node_id',
        [],
      );
      return rows.map((row) => row.node_id);
    },
  };
}
