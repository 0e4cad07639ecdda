import type { TransactionRecord, TransactionStart, TransactionStatus } from '../repositories/transactions.ts';
import type { DriverStatements } from './driver-statements.ts';
import { statementChunks, type SqlDialect } from './sql-dialect.ts';

interface RawTransaction {
  id: number | string;
  external_id: string | null;
  charge_point_id: string;
  evse_id: number | string;
  connector_id: number | string;
  start_tag: string | null;
  started_at: number | string | Date;
  meter_start_wh: number | string;
  meter_start_pending: unknown;
  start_reason: string | null;
  stop_tag: string | null;
  stopped_at: number | string | Date | null;
  meter_stop_wh: number | string | null;
  stop_reason: string | null;
  energy_wh: number | string | null;
  last_meter_wh: number | string | null;
  last_meter_at: number | string | Date | null;
  max_energy_wh: number | string | null;
  status: string;
  data_issue: string | null;
  workflow_id: string | null;
  remote_start_id: number | string | null;
  payment_id: number | string | null;
  cost_minor: number | string | null;
}

const COLUMNS =
  'id, external_id, charge_point_id, evse_id, connector_id, start_tag, started_at, meter_start_wh, meter_start_pending, start_reason, ' +
  'stop_tag, stopped_at, meter_stop_wh, stop_reason, energy_wh, last_meter_wh, last_meter_at, max_energy_wh, status, data_issue, ' +
  'workflow_id, remote_start_id, payment_id, cost_minor';

const optionalNumber = (value: number | string | null): number | null => (value === null ? null : Number(value));

function toRecord(r: RawTransaction, d: SqlDialect): TransactionRecord {
  const optionalDate = (value: unknown): Date | null => (value === null ? null : d.readDate(value));
  return {
    id: Number(r.id),
    externalId: r.external_id,
    chargePointId: r.charge_point_id,
    evseId: Number(r.evse_id),
    connectorId: Number(r.connector_id),
    startTag: r.start_tag,
    startedAt: d.readDate(r.started_at),
    meterStartWh: Number(r.meter_start_wh),
    meterStartPending: r.meter_start_pending === true || r.meter_start_pending === 1,
    startReason: r.start_reason,
    stopTag: r.stop_tag,
    stoppedAt: optionalDate(r.stopped_at),
    meterStopWh: optionalNumber(r.meter_stop_wh),
    stopReason: r.stop_reason,
    energyWh: optionalNumber(r.energy_wh),
    lastMeterWh: optionalNumber(r.last_meter_wh),
    lastMeterAt: optionalDate(r.last_meter_at),
    maxEnergyWh: optionalNumber(r.max_energy_wh),
    status: r.status as TransactionStatus,
    dataIssue: r.data_issue,
    workflowId: r.workflow_id,
    remoteStartId: optionalNumber(r.remote_start_id),
    paymentId: optionalNumber(r.payment_id),
    costMinor: optionalNumber(r.cost_minor),
  };
}

/**
 * Transaction rows by id as one `WHERE id IN (…)` read per few thousand ids, past the ORM: every open session of a
 * node re-reads its row now and then (a paid session's limit is linked after the start), and with 10,000 of them
 * single-row ORM reads cost more than the meter values themselves.
 */
export async function readTransactions(dialect: SqlDialect, statements: DriverStatements, ids: readonly number[]): Promise<TransactionRecord[]> {
  // typed ids: PostgreSQL compares no integer column with the text of an `IN` over a JSON array
  const sql = `SELECT ${COLUMNS} FROM charging_transaction WHERE id IN (SELECT id FROM (${dialect.rows([['id', 'int']])}) AS ids)`;
  const found: TransactionRecord[] = [];
  for (const part of statementChunks([...new Set(ids)].filter(isTransactionId))) {
    for (const row of await statements.all<RawTransaction>(sql, [dialect.json(part.map((id) => [id]))])) found.push(toRecord(row, dialect));
  }
  return found;
}

/** The largest id a transaction row can have (PostgreSQL's `serial`, a 32-bit integer). */
const MAX_ID = 2_147_483_647;

/**
 * Whether `id` can be a transaction's id at all. Ids come from stations and API paths; PostgreSQL refuses to compare
 * its integer column with a number beyond 32 bits (an error, not a miss), so such an id is answered as not found
 * before it reaches a statement.
 */
export function isTransactionId(id: number): boolean {
  return Number.isSafeInteger(id) && id >= 1 && id <= MAX_ID;
}

/** One transaction row by id, past the ORM (the stop and its reads run for every session). */
export async function readTransaction(dialect: SqlDialect, statements: DriverStatements, id: number): Promise<TransactionRecord | null> {
  if (!isTransactionId(id)) return null;
  const [row] = await statements.all<RawTransaction>(`SELECT ${COLUMNS} FROM charging_transaction WHERE id = ${dialect.param(1)}`, [id]);
  return row ? toRecord(row, dialect) : null;
}

/** A station's transaction by its start key (the unique business key of a start), past the ORM. */
export async function readTransactionByStartKey(
  dialect: SqlDialect,
  statements: DriverStatements,
  chargePointId: string,
  startKey: string,
): Promise<TransactionRecord | null> {
  const sql = `SELECT ${COLUMNS} FROM charging_transaction WHERE charge_point_id = ${dialect.param(1)} AND start_key = ${dialect.param(2)}`;
  const [row] = await statements.all<RawTransaction>(sql, [chargePointId, startKey]);
  return row ? toRecord(row, dialect) : null;
}

const START_COLUMNS = [
  'charge_point_id', 'evse_id', 'connector_id', 'start_key', 'external_id', 'start_tag', 'started_at', 'meter_start_wh', 'meter_start_pending',
  'start_reason', 'status', 'data_issue', 'workflow_id', 'remote_start_id', 'max_energy_wh', 'payment_id', 'created_at', 'updated_at',
];

/**
 * Inserts a start unless the station already has a row with its start key: one statement, which also settles a race
 * of two nodes on PostgreSQL (the loser's `DO NOTHING` waits for the winner's commit and inserts nothing). Resolves
 * with the new row, or null when the key was taken.
 */
export async function insertTransaction(dialect: SqlDialect, statements: DriverStatements, start: TransactionStart, now: Date): Promise<TransactionRecord | null> {
  const sql =
    `INSERT INTO charging_transaction (${START_COLUMNS.join(', ')}) VALUES (${START_COLUMNS.map((_, i) => dialect.param(i + 1)).join(', ')}) ` +
    `ON CONFLICT (charge_point_id, start_key) DO NOTHING RETURNING ${COLUMNS}`;
  const [row] = await statements.all<RawTransaction>(sql, [
    start.chargePointId,
    start.evseId,
    start.connectorId ?? 1,
    start.startKey,
    start.externalId ?? null,
    start.startTag,
    dialect.date(start.startedAt),
    start.meterStartWh,
    dialect.bool(start.meterStartPending ?? false),
    start.startReason ?? null,
    start.status ?? 'Active',
    start.dataIssue ?? null,
    start.workflowId ?? null,
    start.remoteStartId ?? null,
    start.maxEnergyWh ?? null,
    start.paymentId ?? null,
    dialect.date(now),
    dialect.date(now),
  ]);
  return row ? toRecord(row, dialect) : null;
}

/** Writes the fields a stop sets (status, stop, energy, data issue) of a row read before in the same transaction. */
export async function updateStop(dialect: SqlDialect, statements: DriverStatements, row: TransactionRecord, now: Date): Promise<void> {
  const p = (n: number) => dialect.param(n);
  const sql =
    `UPDATE charging_transaction SET status = ${p(2)}, data_issue = ${p(3)}, stopped_at = ${p(4)}, meter_stop_wh = ${p(5)}, stop_tag = ${p(6)}, ` +
    `stop_reason = ${p(7)}, energy_wh = ${p(8)}, updated_at = ${p(9)} WHERE id = ${p(1)}`;
  await statements.run(sql, [
    row.id,
    row.status,
    row.dataIssue,
    row.stoppedAt ? dialect.date(row.stoppedAt) : null,
    row.meterStopWh,
    row.stopTag,
    row.stopReason,
    row.energyWh,
    dialect.date(now),
  ]);
}
