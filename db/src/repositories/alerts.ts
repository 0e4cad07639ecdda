import type { FilterQuery, InferEntity } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { ChargePointEntity } from '../entities/charge-point.entity.ts';
import { CommandFailureEntity } from '../entities/command-failure.entity.ts';
import { ConnectorEntity } from '../entities/connector.entity.ts';
import { SecurityEventEntity } from '../entities/security-event.entity.ts';
import { TransactionEntity } from '../entities/transaction.entity.ts';
import { InvalidInputError } from '../errors.ts';
import type { Session } from '../orm/session.ts';

/** The kinds of alert, in the order the alerts page shows them. */
export const ALERT_KINDS = ['offlineStations', 'faultedConnectors', 'longSessions', 'failedCommands', 'securityEvents'] as const;

/** One kind of alert. */
export type AlertKind = (typeof ALERT_KINDS)[number];

/** When a condition becomes an alert (docs/ui.md, Alerts). */
export interface AlertThresholds {
  /** A station offline (not connected) at least this long, counted from the last time it was heard of. */
  readonly offlineMs: number;
  /** A transaction still open this long after its start. */
  readonly longSessionMs: number;
  /** Failed commands of this recent past. */
  readonly failedCommandWindowMs: number;
  /** Critical security events received in this recent past. */
  readonly securityEventWindowMs: number;
}

/** A station offline longer than the threshold. */
export interface OfflineStationAlert {
  readonly chargePointId: string;
  readonly name: string;
  /** The last time the station was heard of; offline since then. */
  readonly lastSeenAt: Date;
  /** Why the system ended its connection (a gateway node that died), when it did. */
  readonly offlineReason: string | null;
}

/** A connector whose last status is Faulted. */
export interface FaultedConnectorAlert {
  readonly chargePointId: string;
  readonly name: string;
  /** 1.6 connectorId or 2.x EVSE id; 0 is the whole station. */
  readonly evseId: number;
  readonly connectorId: number;
  /** The station's error code (1.6 StatusNotification), when it gave one other than NoError. */
  readonly errorCode: string | null;
  readonly statusInfo: string | null;
  readonly since: Date | null;
}

/** A transaction open longer than the threshold. */
export interface LongSessionAlert {
  readonly chargePointId: string;
  readonly name: string;
  readonly transactionId: number;
  readonly evseId: number;
  readonly startedAt: Date;
}

/** An operator command that failed in the recent past. */
export interface FailedCommandAlert {
  readonly id: number;
  readonly chargePointId: string;
  readonly name: string;
  readonly command: string;
  readonly code: string;
  readonly message: string;
  readonly requestedBy: string | null;
  readonly failedAt: Date;
}

/** A critical security event of the recent past. */
export interface SecurityEventAlert {
  readonly id: number;
  readonly chargePointId: string;
  readonly name: string;
  readonly type: string;
  readonly occurredAt: Date;
  readonly receivedAt: Date;
  readonly techInfo: string | null;
}

/** The rows of each kind. */
export interface AlertItems {
  readonly offlineStations: OfflineStationAlert;
  readonly faultedConnectors: FaultedConnectorAlert;
  readonly longSessions: LongSessionAlert;
  readonly failedCommands: FailedCommandAlert;
  readonly securityEvents: SecurityEventAlert;
}

/** One page of one kind: how many alerts of the kind there are, and the rows from `offset`. */
export interface AlertPage<K extends AlertKind> {
  readonly total: number;
  readonly items: AlertItems[K][];
}

/** The largest page {@link AlertRepository.page} returns. */
export const MAX_ALERT_PAGE = 200;

/**
 * Alerts an operator acts on, computed in SQL at `now` by `thresholds`: a COUNT and one LIMIT/OFFSET page per kind,
 * never the whole fleet. Stations that are deleted raise none.
 */
export interface AlertRepository {
  /** How many alerts of each kind there are. */
  counts(now: Date, thresholds: AlertThresholds): Promise<Record<AlertKind, number>>;
  /** One page of one kind, worst first: longest offline, faulted or open first; newest failures and events first. */
  page<K extends AlertKind>(kind: K, now: Date, thresholds: AlertThresholds, limit: number, offset?: number): Promise<AlertPage<K>>;
}

type Where<E> = FilterQuery<InferEntity<E>>;

const alive = { deletedAt: null };

/** The filter of each kind; relations to the station join it to skip deleted ones. */
function filters(now: Date, t: AlertThresholds) {
  const before = (ms: number) => new Date(now.getTime() - ms);
  return {
    offlineStations: { ...alive, online: false, lastSeenAt: { $lt: before(t.offlineMs) } } as Where<typeof ChargePointEntity>,
    faultedConnectors: { status: 'Faulted', chargePoint: alive } as Where<typeof ConnectorEntity>,
    longSessions: { status: 'Active', startedAt: { $lt: before(t.longSessionMs) }, chargePoint: alive } as Where<typeof TransactionEntity>,
    failedCommands: { failedAt: { $gte: before(t.failedCommandWindowMs) }, chargePoint: alive } as Where<typeof CommandFailureEntity>,
    securityEvents: { critical: true, receivedAt: { $gte: before(t.securityEventWindowMs) }, chargePoint: alive } as Where<typeof SecurityEventEntity>,
  };
}

async function names(em: SqlEntityManager, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await em.find(ChargePointEntity, { id: { $in: [...new Set(ids)] } }, { fields: ['id', 'name'] });
  return new Map(rows.map((row) => [row.id, row.name]));
}

async function pageOf(em: SqlEntityManager, kind: AlertKind, where: ReturnType<typeof filters>, limit: number, offset: number): Promise<AlertPage<AlertKind>> {
  const window = { limit, offset };
  switch (kind) {
    case 'offlineStations': {
      const [rows, total] = await em.findAndCount(ChargePointEntity, where.offlineStations, { ...window, orderBy: { lastSeenAt: 'asc', id: 'asc' } });
      return {
        total,
        items: rows.map((row) => ({ chargePointId: row.id, name: row.name, lastSeenAt: row.lastSeenAt!, offlineReason: row.offlineReason ?? null })),
      };
    }
    case 'faultedConnectors': {
      const [rows, total] = await em.findAndCount(ConnectorEntity, where.faultedConnectors, { ...window, orderBy: { statusAt: 'asc', id: 'asc' } });
      const named = await names(em, rows.map((row) => row.chargePoint));
      return {
        total,
        items: rows.map((row) => ({
          chargePointId: row.chargePoint,
          name: named.get(row.chargePoint) ?? row.chargePoint,
          evseId: row.evseId,
          connectorId: row.connectorId,
          errorCode: row.errorCode && row.errorCode !== 'NoError' ? row.errorCode : null,
          statusInfo: row.statusInfo ?? null,
          since: row.statusAt ?? null,
        })),
      };
    }
    case 'longSessions': {
      const [rows, total] = await em.findAndCount(TransactionEntity, where.longSessions, { ...window, orderBy: { startedAt: 'asc', id: 'asc' } });
      const named = await names(em, rows.map((row) => row.chargePoint));
      return {
        total,
        items: rows.map((row) => ({
          chargePointId: row.chargePoint,
          name: named.get(row.chargePoint) ?? row.chargePoint,
          transactionId: row.id,
          evseId: row.evseId,
          startedAt: row.startedAt,
        })),
      };
    }
    case 'failedCommands': {
      const [rows, total] = await em.findAndCount(CommandFailureEntity, where.failedCommands, { ...window, orderBy: { failedAt: 'desc', id: 'desc' } });
      const named = await names(em, rows.map((row) => row.chargePoint));
      return {
        total,
        items: rows.map((row) => ({
          id: row.id,
          chargePointId: row.chargePoint,
          name: named.get(row.chargePoint) ?? row.chargePoint,
          command: row.command,
          code: row.code,
          message: row.message,
          requestedBy: row.requestedBy ?? null,
          failedAt: row.failedAt,
        })),
      };
    }
    case 'securityEvents': {
      const [rows, total] = await em.findAndCount(SecurityEventEntity, where.securityEvents, { ...window, orderBy: { receivedAt: 'desc', id: 'desc' } });
      const named = await names(em, rows.map((row) => row.chargePoint));
      return {
        total,
        items: rows.map((row) => ({
          id: row.id,
          chargePointId: row.chargePoint,
          name: named.get(row.chargePoint) ?? row.chargePoint,
          type: row.type,
          occurredAt: row.occurredAt,
          receivedAt: row.receivedAt,
          techInfo: row.techInfo ?? null,
        })),
      };
    }
  }
}

/** Binds the alert queries to a session. */
export function createAlertRepository(session: Session): AlertRepository {
  return {
    counts: (now, thresholds) =>
      session.read(async (em) => {
        const where = filters(now, thresholds);
        const [offlineStations, faultedConnectors, longSessions, failedCommands, securityEvents] = await Promise.all([
          em.count(ChargePointEntity, where.offlineStations),
          em.count(ConnectorEntity, where.faultedConnectors),
          em.count(TransactionEntity, where.longSessions),
          em.count(CommandFailureEntity, where.failedCommands),
          em.count(SecurityEventEntity, where.securityEvents),
        ]);
        return { offlineStations, faultedConnectors, longSessions, failedCommands, securityEvents };
      }),
    page: async (kind, now, thresholds, limit, offset = 0) => {
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_ALERT_PAGE) throw new InvalidInputError(`limit must be 1 to ${MAX_ALERT_PAGE}`);
      if (!Number.isSafeInteger(offset) || offset < 0) throw new InvalidInputError('offset must be a whole number ≥ 0');
      return session.read((em) => pageOf(em, kind, filters(now, thresholds), limit, offset)) as Promise<AlertPage<typeof kind>>;
    },
  };
}
