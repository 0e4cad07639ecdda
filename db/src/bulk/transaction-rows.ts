import type { TransactionRecord, TransactionStatus } from '../repositories/transactions.ts';
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
  for (const part of statementChunks([...new Set(ids)])) {
    for (const row of await statements.all<RawTransaction>(sql, [dialect.json(part.map((id) => [id]))])) found.push(toRecord(row, dialect));
  }
  return found;
}
