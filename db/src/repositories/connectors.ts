import type { InferEntity } from '@mikro-orm/core';
import { ConnectorEntity } from '../entities/connector.entity.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import { createConnectorRows } from '../bulk/connector-rows.ts';
import { sessionStatements } from '../bulk/driver-statements.ts';
import type { Session } from '../orm/session.ts';
import { characterCount } from '../text-length.ts';
import { pageOf, type ListPage, type ListQuery, type ListSpec } from './list-query.ts';

/** The status shown to people, mapped from the raw OCPP status of 1.6 and 2.x. */
export type ConnectorStatus = 'Available' | 'Occupied' | 'Unavailable' | 'Faulted' | 'Unknown';

const STATUS_MAP: Record<string, ConnectorStatus> = {
  Available: 'Available',
  Preparing: 'Occupied',
  Charging: 'Occupied',
  SuspendedEVSE: 'Occupied',
  SuspendedEV: 'Occupied',
  Finishing: 'Occupied',
  Occupied: 'Occupied',
  Reserved: 'Occupied',
  Unavailable: 'Unavailable',
  Faulted: 'Faulted',
};

/** Maps a raw OCPP 1.6 / 2.x connector status to {@link ConnectorStatus}. */
export function mapConnectorStatus(ocppStatus: string): ConnectorStatus {
  return STATUS_MAP[ocppStatus] ?? 'Unknown';
}

/** A connector as plain data. */
export interface ConnectorRecord {
  readonly chargePointId: string;
  readonly evseId: number;
  readonly connectorId: number;
  readonly name: string | null;
  readonly ocppStatus: string | null;
  readonly status: ConnectorStatus;
  readonly errorCode: string | null;
  readonly statusInfo: string | null;
  readonly statusAt: Date | null;
  readonly meterWh: number | null;
  readonly meterAt: Date | null;
  readonly powerW: number | null;
  readonly powerAt: Date | null;
  readonly soc: number | null;
  readonly socAt: Date | null;
}

/** Which connector: `evseId` is the 1.6 connectorId or the 2.x EVSE id; `connectorId` defaults to 1. */
export interface ConnectorKey {
  readonly chargePointId: string;
  readonly evseId: number;
  readonly connectorId?: number;
}

function toRecord(row: InferEntity<typeof ConnectorEntity>): ConnectorRecord {
  return {
    chargePointId: row.chargePoint,
    evseId: row.evseId,
    connectorId: row.connectorId,
    name: row.name ?? null,
    ocppStatus: row.ocppStatus ?? null,
    status: row.status as ConnectorStatus,
    errorCode: row.errorCode ?? null,
    statusInfo: row.statusInfo ?? null,
    statusAt: row.statusAt ?? null,
    meterWh: row.meterWh ?? null,
    meterAt: row.meterAt ?? null,
    powerW: row.powerW ?? null,
    powerAt: row.powerAt ?? null,
    soc: row.soc ?? null,
    socAt: row.socAt ?? null,
  };
}

function keyOf(key: ConnectorKey) {
  if (!Number.isSafeInteger(key.evseId) || key.evseId < 0) throw new InvalidInputError('evseId must be an integer ≥ 0');
  return { chargePoint: key.chargePointId, evseId: key.evseId, connectorId: key.connectorId ?? 1 };
}

const UPSERT_KEY: ('chargePoint' | 'evseId' | 'connectorId')[] = ['chargePoint', 'evseId', 'connectorId'];

/** Live state of connectors; rows appear the first time a station reports a connector. */
export interface ConnectorRepository {
  /** Stores a StatusNotification (raw and mapped status), creating the connector if new. */
  recordStatus(
    key: ConnectorKey,
    status: { ocppStatus: string; errorCode?: string | null; info?: string | null; at: Date },
  ): Promise<ConnectorRecord>;
  /**
   * Sets the status a transaction message implies (a start makes the connector occupied, OCPP.Core never did that in
   * 1.6), unless the connector reported a newer status itself: a start queued offline must not hide a later status.
   * Returns whether it changed the row.
   */
  recordImpliedStatus(key: ConnectorKey, status: { ocppStatus: string; at: Date }): Promise<boolean>;
  /** Stores the latest meter reading, power and state of charge (each only when given). */
  recordMeter(key: ConnectorKey, values: { meterWh?: number; powerW?: number; soc?: number; at: Date }): Promise<void>;
  /** Sets or clears the display name. */
  rename(key: ConnectorKey, name: string | null): Promise<ConnectorRecord>;
  /** Connectors of one station, or of all stations, ordered by station, EVSE and connector. */
  list(chargePointId?: string): Promise<ConnectorRecord[]>;
  /** One page of the connectors (EVSE 1 and up) of stations that are not deleted; station ids sort naturally. */
  page(query: ListQuery<ConnectorSort>): Promise<ListPage<ConnectorRecord>>;
}

/** The sort keys of the connector list. */
export const CONNECTOR_SORTS = ['chargePoint', 'evse', 'name', 'status', 'statusAt', 'meter'] as const;
/** A sort key of the connector list. */
export type ConnectorSort = (typeof CONNECTOR_SORTS)[number];

const CONNECTOR_LIST: ListSpec<ConnectorSort> = {
  search: ['charge_point_id', 'name', 'status', 'ocpp_status'],
  sorts: {
    chargePoint: { column: 'charge_point_id', natural: true },
    evse: { column: 'evse_id' },
    name: { column: 'name', natural: true },
    status: { column: 'status' },
    statusAt: { column: 'status_at' },
    meter: { column: 'meter_wh' },
  },
  tieBreak: 'id',
  filterSql: 'e.charge_point_id in (select cp.id from charge_point cp where cp.deleted_at is null)',
};

/** Binds the connector repository to a session. */
export function createConnectorRepository(session: Session): ConnectorRepository {
  const driver = sessionStatements(session);
  return {
    recordStatus: async (key, status) => {
      const where = keyOf(key);
      return session.write(async (em) => {
        const fields = {
          ocppStatus: status.ocppStatus,
          status: mapConnectorStatus(status.ocppStatus),
          errorCode: status.errorCode ?? null,
          statusInfo: status.info ?? null,
          statusAt: status.at,
        };
        const row = await em.upsert(ConnectorEntity, { ...where, ...fields }, {
          onConflictFields: UPSERT_KEY,
          onConflictAction: 'merge',
          onConflictMergeFields: Object.keys(fields) as (keyof typeof fields)[],
        });
        return toRecord(row);
      });
    },
    // these two past the ORM: every session's start sets both (issue 14)
    recordImpliedStatus: async (key, status) => {
      const where = keyOf(key);
      return driver.write((statements) =>
        createConnectorRows(driver.dialect, statements).recordImpliedStatus({
          chargePointId: where.chargePoint,
          evseId: where.evseId,
          connectorId: where.connectorId,
          ocppStatus: status.ocppStatus,
          at: status.at,
        }),
      );
    },
    recordMeter: async (key, values) => {
      const where = keyOf(key);
      if (values.meterWh === undefined && values.powerW === undefined && values.soc === undefined) return;
      const row = { chargePointId: where.chargePoint, evseId: where.evseId, connectorId: where.connectorId, ...values };
      await driver.write((statements) => createConnectorRows(driver.dialect, statements).recordMeters([row]));
    },
    rename: async (key, name) => {
      const where = keyOf(key);
      if (name !== null && characterCount(name) > 100) throw new InvalidInputError('a connector name must have at most 100 characters');
      return session.write(async (em) => {
        const row = await em.findOne(ConnectorEntity, where);
        if (!row) throw new NotFoundError(`connector ${key.evseId} of "${key.chargePointId}" does not exist`);
        row.name = name === '' ? null : name;
        await em.flush();
        return toRecord(row);
      });
    },
    list: (chargePointId) =>
      session.read(async (em) => {
        const rows = await em.find(ConnectorEntity, chargePointId ? { chargePoint: chargePointId } : {}, {
          orderBy: { chargePoint: 'asc', evseId: 'asc', connectorId: 'asc' },
        });
        return rows.map(toRecord);
      }),
    page: (query) =>
      session.read(async (em) => {
        const page = await pageOf(em, ConnectorEntity, { evseId: { $gt: 0 } }, CONNECTOR_LIST, query);
        return { rows: page.rows.map(toRecord), total: page.total };
      }),
  };
}
