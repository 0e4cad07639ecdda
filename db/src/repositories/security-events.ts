import type { FilterQuery, InferEntity } from '@mikro-orm/core';
import { SecurityEventEntity } from '../entities/security-event.entity.ts';
import type { Session } from '../orm/session.ts';
import { clampText } from '../text-length.ts';

/**
 * The security events the OCPP event lists mark critical (1.6 security whitepaper appendix, 2.0.1 Part 2 appendix):
 * a station reports them at once, even when its log level would hold them back.
 */
export const CRITICAL_SECURITY_EVENTS: ReadonlySet<string> = new Set([
  'FirmwareUpdated',
  'SettingSystemTime',
  'StartupOfTheDevice',
  'ResetOrReboot',
  'SecurityLogWasCleared',
  'MemoryExhaustion',
  'TamperDetectionActivated',
]);

/** A security event as a station reported it. */
export interface SecurityEventInput {
  readonly chargePointId: string;
  readonly type: string;
  /** The station's timestamp. */
  readonly occurredAt: Date;
  readonly receivedAt: Date;
  readonly techInfo?: string | null;
}

/** A stored security event. */
export interface SecurityEventRecord extends SecurityEventInput {
  readonly id: number;
  readonly critical: boolean;
  readonly techInfo: string | null;
}

/** Filters of {@link SecurityEventRepository.list}: newest first, `beforeId` pages backwards. */
export interface SecurityEventQuery {
  readonly chargePointId?: string;
  readonly criticalOnly?: boolean;
  readonly beforeId?: number;
  readonly limit?: number;
}

function toRecord(row: InferEntity<typeof SecurityEventEntity>): SecurityEventRecord {
  return {
    id: row.id,
    chargePointId: row.chargePoint,
    type: row.type,
    critical: row.critical,
    occurredAt: row.occurredAt,
    receivedAt: row.receivedAt,
    techInfo: row.techInfo ?? null,
  };
}

/** Stations' security events: stored as they arrive, listed per station or across the fleet. */
export interface SecurityEventRepository {
  record(event: SecurityEventInput): Promise<SecurityEventRecord>;
  list(query?: SecurityEventQuery): Promise<SecurityEventRecord[]>;
}

/** Binds the security event repository to a session. */
export function createSecurityEventRepository(session: Session): SecurityEventRepository {
  return {
    record: (event) =>
      session.write(async (em) => {
        const row = em.create(SecurityEventEntity, {
          chargePoint: event.chargePointId,
          type: clampText(event.type, 50),
          critical: CRITICAL_SECURITY_EVENTS.has(event.type),
          occurredAt: event.occurredAt,
          receivedAt: event.receivedAt,
          techInfo: event.techInfo == null ? null : clampText(event.techInfo, 255),
        });
        await em.flush();
        return toRecord(row);
      }),
    list: (query = {}) =>
      session.read(async (em) => {
        const where: FilterQuery<InferEntity<typeof SecurityEventEntity>> = {};
        if (query.chargePointId !== undefined) where.chargePoint = query.chargePointId;
        if (query.criticalOnly) where.critical = true;
        if (query.beforeId !== undefined) where.id = { $lt: query.beforeId };
        const rows = await em.find(SecurityEventEntity, where, { orderBy: { id: 'desc' }, limit: query.limit ?? 100 });
        return rows.map(toRecord);
      }),
  };
}
