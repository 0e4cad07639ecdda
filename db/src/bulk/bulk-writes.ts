import type { MessageLogEntry } from '../repositories/message-log.ts';
import type { MeterSample } from '../repositories/meter-samples.ts';
import type { ChargePointRecord } from '../repositories/charge-points.ts';
import type { TransactionRecord } from '../repositories/transactions.ts';
import type { Session } from '../orm/session.ts';
import { createConnectorRows, type ConnectorMeterRow, type ConnectorStatusRow, type TransactionReadingRow } from './connector-rows.ts';
import { sessionStatements, type DriverStatements } from './driver-statements.ts';
import { createFleetRows, type FleetRows } from './fleet-rows.ts';
import { statementChunks } from './sql-dialect.ts';
import { appendOutboxRows, type OutboxRow } from './outbox-rows.ts';
import { readTransactions } from './transaction-rows.ts';
import { createStationRows, type BootRow, type ConnectRow, type DisconnectRow } from './station-rows.ts';

/** What the gateway's admission needs of a station (a deleted one is not returned). */
export type AdmissionRow = Pick<
  ChargePointRecord,
  'id' | 'basicAuthPasswordHash' | 'clientCertThumbprint' | 'securityProfile' | 'registrationStatus' | 'heartbeatInterval' | 'lenient'
>;

/** An open transaction as the hot path needs it (boots and `Available` statuses tell its session). */
export type OpenTransactionRow = Pick<TransactionRecord, 'id' | 'chargePointId' | 'evseId' | 'connectorId' | 'workflowId'>;

/**
 * The gateway's hot-path writes as multi-row statements, prepared once per connection and only bound afterwards,
 * past the ORM (no entities, no identity map, nothing read back but what `RETURNING` gives). Each call takes the rows
 * of a whole batch; inside `Database.transaction` they commit with everything else of that transaction. Rows are
 * plain data; results come back in the order of the rows.
 */
export interface BulkWriteRepository {
  /** Marks stations online on a node; returns each row's new connection epoch (null: no such station). */
  markConnected(rows: readonly ConnectRow[]): Promise<(number | null)[]>;
  /** Stores BootNotifications; returns whether each row's station exists. */
  recordBoots(rows: readonly BootRow[]): Promise<boolean[]>;
  /** Marks stations offline where the epoch is still current; returns whether each row did. */
  markDisconnected(rows: readonly DisconnectRow[]): Promise<boolean[]>;
  /** Sets the last-seen time of many stations; returns how many rows changed. */
  markSeen(chargePointIds: readonly string[], at: Date): Promise<number>;
  /** Upserts connector statuses (raw and mapped); the last row per connector wins. */
  recordConnectorStatuses(rows: readonly ConnectorStatusRow[]): Promise<void>;
  /** Upserts connectors' live values; values not given keep what is stored. */
  recordConnectorMeters(rows: readonly ConnectorMeterRow[]): Promise<void>;
  insertMeterSamples(samples: readonly MeterSample[]): Promise<number>;
  /** Transactions' register readings (newest per transaction; an older one never replaces a newer). */
  recordTransactionReadings(rows: readonly TransactionReadingRow[]): Promise<void>;
  insertMessageLog(entries: readonly MessageLogEntry[]): Promise<number>;
  /** Appends session events with each workflow's next sequence numbers, in order (as `outbox.append`, many at once). */
  appendOutbox(events: readonly OutboxRow[]): Promise<void>;
  /** The open (Active) transactions of these stations, oldest first. */
  openTransactions(chargePointIds: readonly string[]): Promise<OpenTransactionRow[]>;
  /** The transaction rows among `ids` that exist, in any order (open sessions refreshing what they know). */
  transactions(ids: readonly number[]): Promise<TransactionRecord[]>;
  /** The admission data of the stations among `ids` that exist and are not deleted (a reconnect storm's reads). */
  admissions(ids: readonly string[]): Promise<AdmissionRow[]>;
  /** Which of `keys` exist in a fleet table (stations: and whether soft-deleted); for imports. */
  fleetKeys(table: FleetRows['table'], keys: readonly string[]): Promise<Map<string, { deleted: boolean }>>;
  /** Upserts imported stations or tags by primary key, thousands per statement batch. */
  upsertFleet(rows: FleetRows): Promise<void>;
}

/** Binds the bulk write repository to a session. */
export function createBulkWriteRepository(session: Session): BulkWriteRepository {
  const driver = sessionStatements(session);
  const { dialect } = driver;
  const write = <T>(rows: readonly unknown[], empty: T, work: (statements: DriverStatements) => Promise<T>): Promise<T> =>
    rows.length === 0 ? Promise.resolve(empty) : driver.write(work);
  const stations = (statements: DriverStatements) => createStationRows(dialect, statements);
  const connectors = (statements: DriverStatements) => createConnectorRows(dialect, statements);
  return {
    markConnected: (rows) => write(rows, [], (s) => stations(s).markConnected(rows)),
    recordBoots: (rows) => write(rows, [], (s) => stations(s).recordBoots(rows)),
    markDisconnected: (rows) => write(rows, [], (s) => stations(s).markDisconnected(rows)),
    markSeen: (ids, at) => write(ids, 0, (s) => stations(s).markSeen([...new Set(ids)], at)),
    recordConnectorStatuses: (rows) => write(rows, undefined, (s) => connectors(s).recordStatuses(rows)),
    recordConnectorMeters: (rows) => write(rows, undefined, (s) => connectors(s).recordMeters(rows)),
    insertMeterSamples: (samples) => write(samples, 0, (s) => connectors(s).insertSamples(samples)),
    recordTransactionReadings: (rows) => write(rows, undefined, (s) => connectors(s).recordReadings(rows)),
    appendOutbox: (events) => write(events, undefined, (s) => appendOutboxRows(dialect, s, events)),
    insertMessageLog: (entries) => write(entries, 0, (s) => connectors(s).insertMessageLog(entries)),
    fleetKeys: (table, keys) =>
      keys.length === 0
        ? Promise.resolve(new Map())
        : driver.read((s) => createFleetRows(dialect, s).existing(table, table === 'charge_point' ? 'id' : 'tag_id', keys)),
    upsertFleet: (rows) => write([...rows.inserts, ...rows.updates], undefined, (s) => createFleetRows(dialect, s).write(rows)),
    admissions: (ids) =>
      ids.length === 0
        ? Promise.resolve([])
        : driver.read(async (statements) => {
            const sql =
              'SELECT id, basic_auth_password_hash, client_cert_thumbprint, security_profile, registration_status, heartbeat_interval, lenient ' +
              `FROM charge_point WHERE deleted_at IS NULL AND id ${dialect.inList(1)}`;
            const found: AdmissionRow[] = [];
            for (const part of statementChunks([...new Set(ids)])) {
              const rows = await statements.all<{
                id: string;
                basic_auth_password_hash: string | null;
                client_cert_thumbprint: string | null;
                security_profile: number;
                registration_status: string;
                heartbeat_interval: number;
                lenient: unknown;
              }>(sql, [JSON.stringify(part)]);
              for (const r of rows) {
                found.push({
                  id: r.id,
                  basicAuthPasswordHash: r.basic_auth_password_hash,
                  clientCertThumbprint: r.client_cert_thumbprint,
                  securityProfile: Number(r.security_profile),
                  registrationStatus: r.registration_status === 'Pending' ? 'Pending' : 'Accepted',
                  heartbeatInterval: Number(r.heartbeat_interval),
                  lenient: r.lenient === true || r.lenient === 1,
                });
              }
            }
            return found;
          }),
    transactions: (ids) =>
      ids.length === 0 ? Promise.resolve([]) : driver.read((statements) => readTransactions(dialect, statements, ids)),
    openTransactions: (chargePointIds) => {
      const ids = [...new Set(chargePointIds)];
      if (ids.length === 0) return Promise.resolve([]);
      return driver.read(async (statements) => {
        const found: OpenTransactionRow[] = [];
        const sql = `SELECT id, charge_point_id, evse_id, connector_id, workflow_id FROM charging_transaction WHERE status = 'Active' AND charge_point_id ${dialect.inList(1)} ORDER BY id`;
        for (const part of statementChunks(ids)) {
          const rows = await statements.all<{ id: number; charge_point_id: string; evse_id: number; connector_id: number; workflow_id: string | null }>(sql, [JSON.stringify(part)]);
          for (const r of rows) found.push({ id: Number(r.id), chargePointId: r.charge_point_id, evseId: Number(r.evse_id), connectorId: Number(r.connector_id), workflowId: r.workflow_id });
        }
        return found.sort((a, b) => a.id - b.id);
      });
    },
  };
}
