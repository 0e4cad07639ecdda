import { mapConnectorStatus } from '../repositories/connectors.ts';
import type { MessageLogEntry } from '../repositories/message-log.ts';
import type { MeterSample } from '../repositories/meter-samples.ts';
import type { DriverStatements } from './driver-statements.ts';
import { statementChunks, type ColumnType, type SqlDialect } from './sql-dialect.ts';

/** A StatusNotification for one connector (the mapped status is derived here, as in `connectors.recordStatus`). */
export interface ConnectorStatusRow {
  readonly chargePointId: string;
  readonly evseId: number;
  readonly connectorId: number;
  readonly ocppStatus: string;
  readonly errorCode: string | null;
  readonly info: string | null;
  readonly at: Date;
}

/** Live values of one connector; undefined ones keep what is stored. */
export interface ConnectorMeterRow {
  readonly chargePointId: string;
  readonly evseId: number;
  readonly connectorId: number;
  readonly meterWh?: number;
  readonly powerW?: number;
  readonly soc?: number;
  readonly at: Date;
}

/** An energy register reading of a transaction. */
export interface TransactionReadingRow {
  readonly transactionId: number;
  readonly meterWh: number;
  readonly at: Date;
  /** The reading may become the meter start while that is pending (false while the 2.x start has not arrived). */
  readonly resolvesStart: boolean;
}

const KEY = 'charge_point_id, evse_id, connector_id';

/** Keeps the last row per key, in the order of their last occurrence (one upsert may not touch a row twice). */
function lastPerKey<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) {
    const k = key(row);
    byKey.delete(k);
    byKey.set(k, row);
  }
  return [...byKey.values()];
}

const connectorKey = (row: { chargePointId: string; evseId: number; connectorId: number }) => `${row.chargePointId}\u0000${row.evseId}\u0000${row.connectorId}`;
const round = (value: number | undefined) => (value === undefined ? null : Math.round(value));

/** Connector, sample, reading and message-log rows of the hot path as multi-row statements. */
export function createConnectorRows(dialect: SqlDialect, statements: DriverStatements) {
  const d = dialect;
  const key: [string, ColumnType][] = [['charge_point_id', 'text'], ['evse_id', 'int'], ['connector_id', 'int']];
  return {
    /** Upserts connector statuses (a later row for the same connector wins). */
    async recordStatuses(rows: readonly ConnectorStatusRow[]): Promise<void> {
      const source = d.rows([...key, ['ocpp_status', 'text'], ['status', 'text'], ['error_code', 'text'], ['status_info', 'text'], ['status_at', 'timestamptz']]);
      // SQLite: an INSERT … SELECT with an upsert needs a WHERE, or ON is read as a join constraint
      const sql =
        `INSERT INTO connector (${KEY}, ocpp_status, status, error_code, status_info, status_at) ${source} WHERE true ` +
        `ON CONFLICT (${KEY}) DO UPDATE SET ocpp_status = excluded.ocpp_status, status = excluded.status, error_code = excluded.error_code, ` +
        'status_info = excluded.status_info, status_at = excluded.status_at';
      for (const part of statementChunks(lastPerKey(rows, connectorKey))) {
        await statements.run(sql, [d.json(part.map((r) => [r.chargePointId, r.evseId, r.connectorId, r.ocppStatus, mapConnectorStatus(r.ocppStatus), r.errorCode, r.info, r.at]))]);
      }
    },

    /**
     * The status a transaction implies (1.6 `Charging`, 2.x `Occupied`), unless the connector reported a newer one;
     * clears error code and info. Resolves with whether it was stored.
     */
    async recordImpliedStatus(row: Omit<ConnectorStatusRow, 'errorCode' | 'info'>): Promise<boolean> {
      const p = (n: number) => d.param(n);
      const sql =
        `INSERT INTO connector (${KEY}, ocpp_status, status, error_code, status_info, status_at) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, NULL, NULL, ${p(6)}) ` +
        `ON CONFLICT (${KEY}) DO UPDATE SET ocpp_status = excluded.ocpp_status, status = excluded.status, error_code = NULL, status_info = NULL, ` +
        'status_at = excluded.status_at WHERE connector.status_at IS NULL OR connector.status_at <= excluded.status_at';
      const changed = await statements.run(sql, [row.chargePointId, row.evseId, row.connectorId, row.ocppStatus, mapConnectorStatus(row.ocppStatus), d.date(row.at)]);
      return changed > 0;
    },

    /** Upserts connectors' live values; a value not given keeps the stored one (and its time). */
    async recordMeters(rows: readonly ConnectorMeterRow[]): Promise<void> {
      const values: [string, ColumnType][] = [['meter_wh', 'int'], ['meter_at', 'timestamptz'], ['power_w', 'int'], ['power_at', 'timestamptz'], ['soc', 'int'], ['soc_at', 'timestamptz']];
      const keep = (column: string) => `${column} = COALESCE(excluded.${column}, connector.${column})`;
      const sql =
        `INSERT INTO connector (${KEY}, ${values.map(([c]) => c).join(', ')}) ${d.rows([...key, ...values])} WHERE true ` +
        `ON CONFLICT (${KEY}) DO UPDATE SET ${values.map(([c]) => keep(c)).join(', ')}`;
      const at = (value: number | undefined, when: Date) => (value === undefined ? null : when);
      for (const part of statementChunks(lastPerKey(rows, connectorKey))) {
        await statements.run(sql, [
          d.json(part.map((r) => [r.chargePointId, r.evseId, r.connectorId, round(r.meterWh), at(r.meterWh, r.at), round(r.powerW), at(r.powerW, r.at), round(r.soc), at(r.soc, r.at)])),
        ]);
      }
    },

    /** Inserts meter samples; returns how many. */
    async insertSamples(samples: readonly MeterSample[]): Promise<number> {
      const columns: [string, ColumnType][] = [
        ['charge_point_id', 'text'], ['transaction_id', 'int'], ['evse_id', 'int'], ['sampled_at', 'timestamptz'], ['measurand', 'text'],
        ['phase', 'text'], ['location', 'text'], ['context', 'text'], ['value', 'float'], ['unit', 'text'],
      ];
      const sql = `INSERT INTO meter_sample (${columns.map(([c]) => c).join(', ')}) ${d.rows(columns)}`;
      for (const part of statementChunks(samples)) {
        await statements.run(sql, [
          d.json(part.map((s) => [s.chargePointId, s.transactionId, s.evseId, s.sampledAt, s.measurand, s.phase ?? null, s.location ?? null, s.context ?? null, s.value, s.unit ?? null])),
        ]);
      }
      return samples.length;
    },

    /**
     * Stores register readings of transactions: a reading becomes the latest unless an older one arrived late, and
     * the meter start while that is pending (as `transactions.recordMeter`). One row per transaction (the newest).
     */
    async recordReadings(rows: readonly TransactionReadingRow[]): Promise<void> {
      const newest = new Map<number, TransactionReadingRow>();
      for (const r of rows) {
        const before = newest.get(r.transactionId);
        if (!before || before.at.getTime() <= r.at.getTime()) newest.set(r.transactionId, r);
      }
      const later = '(last_meter_at IS NULL OR last_meter_at <= v_at)';
      const resolve = 'meter_start_pending AND v_resolves';
      const sql =
        `WITH v AS (${d.rows([['v_id', 'int'], ['v_wh', 'int'], ['v_at', 'timestamptz'], ['v_resolves', 'boolean']])}) ` +
        `UPDATE charging_transaction SET last_meter_wh = CASE WHEN ${later} THEN v_wh ELSE last_meter_wh END, ` +
        `last_meter_at = CASE WHEN ${later} THEN v_at ELSE last_meter_at END, ` +
        `meter_start_wh = CASE WHEN ${resolve} THEN v_wh ELSE meter_start_wh END, ` +
        `meter_start_pending = CASE WHEN ${resolve} THEN ${d.literal(false)} ELSE meter_start_pending END FROM v WHERE id = v_id`;
      for (const part of statementChunks([...newest.values()])) {
        await statements.run(sql, [d.json(part.map((r) => [r.transactionId, Math.round(r.meterWh), r.at, r.resolvesStart]))]);
      }
    },

    /** Inserts message log entries; returns how many. */
    async insertMessageLog(entries: readonly MessageLogEntry[]): Promise<number> {
      const columns: [string, ColumnType][] = [
        ['logged_at', 'timestamptz'], ['charge_point_id', 'text'], ['direction', 'text'], ['message_type', 'text'],
        ['action', 'text'], ['unique_id', 'text'], ['payload', 'text'], ['error_code', 'text'],
      ];
      const sql = `INSERT INTO message_log (${columns.map(([c]) => c).join(', ')}) ${d.rows(columns)}`;
      for (const part of statementChunks(entries)) {
        await statements.run(sql, [
          d.json(part.map((e) => [e.loggedAt, e.chargePointId, e.direction, e.messageType, e.action ?? null, e.uniqueId ?? null, e.payload ?? null, e.errorCode ?? null])),
        ]);
      }
      return entries.length;
    },
  };
}
