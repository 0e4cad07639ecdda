import type { FilterQuery, InferEntity } from '@mikro-orm/core';
import { MessageLogEntity } from '../entities/message-log.entity.ts';
import type { Session } from '../orm/session.ts';
import { chunk } from './support.ts';

/** One logged OCPP-J frame. `messageType` is CALL, CALLRESULT or CALLERROR; `direction` in (from station) or out. */
export interface MessageLogEntry {
  readonly loggedAt: Date;
  readonly chargePointId: string;
  readonly direction: 'in' | 'out';
  readonly messageType: 'CALL' | 'CALLRESULT' | 'CALLERROR';
  readonly action?: string | null;
  readonly uniqueId?: string | null;
  readonly payload?: string | null;
  readonly errorCode?: string | null;
}

/** A stored log entry. */
export interface MessageLogRecord extends MessageLogEntry {
  readonly id: number;
}

/** Filters of {@link MessageLogRepository.list}; `from`/`to` bound `loggedAt` (`to` exclusive). */
export interface MessageLogQuery {
  readonly chargePointId?: string;
  readonly action?: string;
  readonly direction?: MessageLogEntry['direction'];
  readonly messageType?: MessageLogEntry['messageType'];
  readonly uniqueId?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly beforeId?: number;
  readonly limit?: number;
}

const BATCH_ROWS = 500;

function toRecord(row: InferEntity<typeof MessageLogEntity>): MessageLogRecord {
  return {
    id: Number(row.id),
    loggedAt: row.loggedAt,
    chargePointId: row.chargePointId,
    direction: row.direction as MessageLogEntry['direction'],
    messageType: row.messageType as MessageLogEntry['messageType'],
    action: row.action ?? null,
    uniqueId: row.uniqueId ?? null,
    payload: row.payload ?? null,
    errorCode: row.errorCode ?? null,
  };
}

/** The OCPP message log, written in batches. */
export interface MessageLogRepository {
  insertMany(entries: readonly MessageLogEntry[]): Promise<number>;
  /** Newest first; `beforeId` pages backwards. */
  list(query?: MessageLogQuery): Promise<MessageLogRecord[]>;
}

/** Binds the message log repository to a session. */
export function createMessageLogRepository(session: Session): MessageLogRepository {
  return {
    insertMany: async (entries) => {
      if (entries.length === 0) return 0;
      const rows = entries.map((e) => ({
        loggedAt: e.loggedAt,
        chargePointId: e.chargePointId,
        direction: e.direction,
        messageType: e.messageType,
        action: e.action ?? null,
        uniqueId: e.uniqueId ?? null,
        payload: e.payload ?? null,
        errorCode: e.errorCode ?? null,
      }));
      await session.write(async (em) => {
        for (const batch of chunk(rows, BATCH_ROWS)) await em.insertMany(MessageLogEntity, batch);
      });
      return rows.length;
    },
    list: (query = {}) =>
      session.read(async (em) => {
        const where: FilterQuery<InferEntity<typeof MessageLogEntity>> = {};
        if (query.chargePointId !== undefined) where.chargePointId = query.chargePointId;
        if (query.beforeId !== undefined) where.id = { $lt: query.beforeId };
        if (query.action !== undefined) where.action = query.action;
        if (query.direction !== undefined) where.direction = query.direction;
        if (query.messageType !== undefined) where.messageType = query.messageType;
        if (query.uniqueId !== undefined) where.uniqueId = query.uniqueId;
        if (query.from || query.to) {
          where.loggedAt = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lt: query.to } : {}) };
        }
        const rows = await em.find(MessageLogEntity, where, { orderBy: { id: 'desc' }, limit: query.limit ?? 100 });
        return rows.map(toRecord);
      }),
  };
}
