import type { BootInfo } from '../repositories/charge-points.ts';
import type { DriverStatements } from './driver-statements.ts';
import { statementChunks, type SqlDialect } from './sql-dialect.ts';

/** A connection opened on a gateway node. */
export interface ConnectRow {
  readonly chargePointId: string;
  readonly nodeId: string;
  readonly protocol: string;
  readonly at: Date;
}

/** What a BootNotification reported; fields left undefined keep their stored value. */
export interface BootRow {
  readonly chargePointId: string;
  readonly boot: Partial<BootInfo>;
  readonly at: Date;
}

/** A connection that closed: it marks the station offline only while `epoch` is still its current one. */
export interface DisconnectRow {
  readonly chargePointId: string;
  readonly epoch: number;
  readonly at: Date;
}

const BOOT_COLUMNS: Record<keyof BootInfo, string> = {
  vendor: 'vendor',
  model: 'model',
  chargePointSerialNumber: 'charge_point_serial_number',
  chargeBoxSerialNumber: 'charge_box_serial_number',
  firmwareVersion: 'firmware_version',
  iccid: 'iccid',
  imsi: 'imsi',
  meterType: 'meter_type',
  meterSerialNumber: 'meter_serial_number',
  reason: 'boot_reason',
};

/**
 * Splits rows into rounds in which each station appears at most once, keeping each station's rows in order: one
 * `UPDATE … FROM (VALUES …)` may not touch a row twice (PostgreSQL takes one match at random, SQLite too).
 */
export function rounds<T extends { readonly chargePointId: string }>(rows: readonly T[]): { row: T; index: number }[][] {
  const result: { row: T; index: number }[][] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, index) => {
    const round = seen.get(row.chargePointId) ?? 0;
    seen.set(row.chargePointId, round + 1);
    (result[round] ??= []).push({ row, index });
  });
  return result;
}

/** Charge point rows of the hot path: connect, boot, last seen, disconnect, as multi-row statements. */
export function createStationRows(dialect: SqlDialect, statements: DriverStatements) {
  const d = dialect;

  return {
    /** Marks stations online on a node with a new connection epoch each; returns the epochs (null: no such station). */
    async markConnected(rows: readonly ConnectRow[]): Promise<(number | null)[]> {
      const epochs: (number | null)[] = rows.map(() => null);
      const sql =
        `WITH v AS (${d.rows([['v_id', 'text'], ['v_node', 'text'], ['v_protocol', 'text'], ['v_at', 'timestamptz']])}) ` +
        `UPDATE charge_point SET connection_epoch = connection_epoch + 1, online = ${d.literal(true)}, node_id = v_node, protocol = v_protocol, ` +
        // a new connection clears why the station was last shown offline (the sweeper's lapsed lease), as the repository's markConnected does
        'connected_at = v_at, last_seen_at = v_at, offline_reason = NULL FROM v WHERE id = v_id AND deleted_at IS NULL RETURNING id, connection_epoch';
      for (const round of rounds(rows)) {
        for (const part of statementChunks(round)) {
          const json = d.json(part.map(({ row }) => [row.chargePointId, row.nodeId, row.protocol, row.at]));
          const found = new Map((await statements.all<{ id: string; connection_epoch: number }>(sql, [json])).map((r) => [r.id, Number(r.connection_epoch)]));
          for (const { row, index } of part) epochs[index] = found.get(row.chargePointId) ?? null;
        }
      }
      return epochs;
    },

    /** Stores boots; returns per row whether the station exists (a deleted one is not booted). */
    async recordBoots(rows: readonly BootRow[]): Promise<boolean[]> {
      const found: boolean[] = rows.map(() => false);
      for (const round of rounds(rows)) {
        // the same fields reported (1.6 and 2.x boots differ) share one statement
        const shapes = new Map<string, { row: BootRow; index: number }[]>();
        for (const item of round) {
          const keys = (Object.keys(BOOT_COLUMNS) as (keyof BootInfo)[]).filter((key) => item.row.boot[key] !== undefined);
          const shape = keys.join(',');
          shapes.set(shape, [...(shapes.get(shape) ?? []), item]);
        }
        for (const [shape, items] of shapes) {
          const keys = (shape === '' ? [] : shape.split(',')) as (keyof BootInfo)[];
          const sql =
            `WITH v AS (${d.rows([['v_id', 'text'], ['v_at', 'timestamptz'], ...keys.map((key) => [`v_${BOOT_COLUMNS[key]}`, 'text'] as [string, 'text'])])}) ` +
            `UPDATE charge_point SET booted_at = v_at, last_seen_at = v_at, updated_at = v_at${keys.map((key) => `, ${BOOT_COLUMNS[key]} = v_${BOOT_COLUMNS[key]}`).join('')} ` +
            'FROM v WHERE id = v_id AND deleted_at IS NULL RETURNING id';
          for (const part of statementChunks(items)) {
            const json = d.json(part.map(({ row }) => [row.chargePointId, row.at, ...keys.map((key) => row.boot[key] ?? null)]));
            const updated = new Set((await statements.all<{ id: string }>(sql, [json])).map((r) => r.id));
            for (const { row, index } of part) found[index] = updated.has(row.chargePointId);
          }
        }
      }
      return found;
    },

    /** Marks stations offline where the epoch is still current; returns per row whether it did. */
    async markDisconnected(rows: readonly DisconnectRow[]): Promise<boolean[]> {
      const done: boolean[] = rows.map(() => false);
      const sql =
        `WITH v AS (${d.rows([['v_id', 'text'], ['v_epoch', 'int'], ['v_at', 'timestamptz']])}) ` +
        `UPDATE charge_point SET online = ${d.literal(false)}, node_id = NULL, last_seen_at = v_at FROM v WHERE id = v_id AND connection_epoch = v_epoch RETURNING id`;
      for (const round of rounds(rows)) {
        for (const part of statementChunks(round)) {
          const json = d.json(part.map(({ row }) => [row.chargePointId, row.epoch, row.at]));
          const changed = new Set((await statements.all<{ id: string }>(sql, [json])).map((r) => r.id));
          for (const { row, index } of part) done[index] = changed.has(row.chargePointId);
        }
      }
      return done;
    },

    /** Sets the last-seen time of many stations; returns how many rows changed. */
    async markSeen(ids: readonly string[], at: Date): Promise<number> {
      let count = 0;
      const sql = `UPDATE charge_point SET last_seen_at = ${d.param(2)} WHERE id ${d.inList(1)}`;
      for (const part of statementChunks(ids)) count += await statements.run(sql, [JSON.stringify(part), d.date(at)]);
      return count;
    },
  };
}
