import { mapConnectorStatus } from '../repositories/connectors.ts';
import type { MessageLogEntry } from '../repositories/message-log.ts';
import type { MeterSample } from '../repositories/meter-samples.ts';
import type { DriverStatements, SqlValue } from './driver-statements.ts';
import { fixedChunks, type SqlDialect } from './sql-dialect.ts';

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
  const no = d.name === 'sqlite' ? '0' : 'false';
  return {
    /** Upserts connector statuses (a later row for the same connector wins). */
    async recordStatuses(rows: readonly ConnectorStatusRow[]): Promise<void> {
      for (const part of fixedChunks(lastPerKey(rows, connectorKey))) {
        const sql =
          `INSERT INTO connector (${KEY}, ocpp_status, status, error_code, status_info, status_at) VALUES ${d.tuples(part.length, ['text', 'int', 'int', 'text', 'text', 'text', 'text', 'timestamptz'])} ` +
          `ON CONFLICT (${KEY}) DO UPDATE SET ocpp_status = excluded.ocpp_status, status = excluded.status, error_code = excluded.error_code, ` +
          'status_info = excluded.status_info, status_at = excluded.status_at';
        const params = part.flatMap((r) => [r.chargePointId, r.evseId, r.connectorId, r.ocppStatus, mapConnectorStatus(r.ocppStatus), r.errorCode, r.info, d.date(r.at)]);
        await statements.run(sql, params);
      }
    },

    /** Upserts connectors' live values; a value not given keeps the stored one (and its time). */
    async recordMeters(rows: readonly ConnectorMeterRow[]): Promise<void> {
      for (const part of fixedChunks(lastPerKey(rows, connectorKey))) {
        const keep = (column: string) => `${column} = COALESCE(excluded.${column}, connector.${column})`;
        const sql =
          `INSERT INTO connector (${KEY}, meter_wh, meter_at, power_w, power_at, soc, soc_at) VALUES ${d.tuples(part.length, ['text', 'int', 'int', 'int', 'timestamptz', 'int', 'timestamptz', 'int', 'timestamptz'])} ` +
          `ON CONFLICT (${KEY}) DO UPDATE SET ${['meter_wh', 'meter_at', 'power_w', 'power_at', 'soc', 'soc_at'].map(keep).join(', ')}`;
        const at = (value: number | undefined, when: Date) => (value === undefined ? null : d.date(when));
        const params = part.flatMap((r) => [
          r.chargePointId, r.evseId, r.connectorId,
          round(r.meterWh), at(r.meterWh, r.at), round(r.powerW), at(r.powerW, r.at), round(r.soc), at(r.soc, r.at),
        ]);
        await statements.run(sql, params);
      }
    },

    /** Inserts meter samples; returns how many. */
    async insertSamples(samples: readonly MeterSample[]): Promise<number> {
      for (const part of fixedChunks(samples)) {
        const sql =
          'INSERT INTO meter_sample (charge_point_id, transaction_id, evse_id, sampled_at, measurand, phase, location, context, value, unit) ' +
          `VALUES ${d.tuples(part.length, ['text', 'int', 'int', 'timestamptz', 'text', 'text', 'text', 'text', 'float', 'text'])}`;
        const params = part.flatMap((s) => [
          s.chargePointId, s.transactionId, s.evseId, d.date(s.sampledAt), s.measurand, s.phase ?? null, s.location ?? null, s.context ?? null, s.value, s.unit ?? null,
        ]);
        await statements.run(sql, params);
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
      for (const part of fixedChunks([...newest.values()])) {
        const later = '(last_meter_at IS NULL OR last_meter_at <= v_at)';
        const resolve = 'meter_start_pending AND v_resolves';
        const sql =
          `WITH v(v_id, v_wh, v_at, v_resolves) AS (VALUES ${d.tuples(part.length, ['int', 'int', 'timestamptz', 'boolean'], 1, true)}) ` +
          `UPDATE charging_transaction SET last_meter_wh = CASE WHEN ${later} THEN v_wh ELSE last_meter_wh END, ` +
          `last_meter_at = CASE WHEN ${later} THEN v_at ELSE last_meter_at END, ` +
          `meter_start_wh = CASE WHEN ${resolve} THEN v_wh ELSE meter_start_wh END, ` +
          `meter_start_pending = CASE WHEN ${resolve} THEN ${no} ELSE meter_start_pending END FROM v WHERE id = v_id`;
        const params = part.flatMap((r) => [r.transactionId, Math.round(r.meterWh), d.date(r.at), d.bool(r.resolvesStart)]);
        await statements.run(sql, params);
      }
    },

    /** Inserts message log entries; returns how many. */
    async insertMessageLog(entries: readonly MessageLogEntry[]): Promise<number> {
      for (const part of fixedChunks(entries)) {
        const sql =
          'INSERT INTO message_log (logged_at, charge_point_id, direction, message_type, action, unique_id, payload, error_code) ' +
          `VALUES ${d.tuples(part.length, ['timestamptz', 'text', 'text', 'text', 'text', 'text', 'text', 'text'])}`;
        const params: SqlValue[] = part.flatMap((e) => [
          d.date(e.loggedAt), e.chargePointId, e.direction, e.messageType, e.action ?? null, e.uniqueId ?? null, e.payload ?? null, e.errorCode ?? null,
        ]);
        await statements.run(sql, params);
      }
      return entries.length;
    },
  };
}
