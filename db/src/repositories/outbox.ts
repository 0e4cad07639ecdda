import { raw, type InferEntity } from '@mikro-orm/core';
import { OutboxEventEntity } from '../entities/outbox-event.entity.ts';
import { sessionStatements } from '../bulk/driver-statements.ts';
import { appendOutboxEvent } from '../bulk/outbox-rows.ts';
import type { Session } from '../orm/session.ts';

/** An event for a session workflow, waiting for (or done with) delivery. */
export interface OutboxEventRecord {
  readonly id: number;
  readonly workflowId: string;
  /** Per-workflow sequence number, from 1, without gaps within one database. */
  readonly seq: number;
  readonly type: string;
  readonly payload: Record<string, unknown>;
  readonly createdAt: Date;
  readonly deliveredAt: Date | null;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly nextAttemptAt: Date;
}

function toRecord(row: InferEntity<typeof OutboxEventEntity>): OutboxEventRecord {
  return {
    id: row.id,
    workflowId: row.workflowId,
    seq: row.seq,
    type: row.type,
    payload: row.payload,
    createdAt: row.createdAt,
    deliveredAt: row.deliveredAt ?? null,
    attempts: row.attempts,
    lastError: row.lastError ?? null,
    nextAttemptAt: row.nextAttemptAt,
  };
}

/** The transactional outbox between gateway and session workflows (DESIGN.md §2). */
export interface OutboxRepository {
  /**
   * Appends an event with the workflow's next sequence number. Call it inside `Database.transaction` together with
   * the change it reports, so that both commit or neither does.
   */
  append(event: { workflowId: string; type: string; payload: Record<string, unknown>; at: Date }): Promise<OutboxEventRecord>;
  /** Undelivered events due at `now`, oldest first. The relay must keep one workflow's events in `seq` order. */
  pending(now: Date, limit?: number): Promise<OutboxEventRecord[]>;
  markDelivered(ids: readonly number[], at: Date): Promise<void>;
  /**
   * Records a failed delivery and when to try again. The workflow's later undelivered events are held back until
   * then too, so the relay can never deliver them ahead of this one (even after a restart).
   */
  markFailed(id: number, error: string, nextAttemptAt: Date): Promise<void>;
  /** All events of one workflow in sequence order (diagnostics, tests). */
  listForWorkflow(workflowId: string): Promise<OutboxEventRecord[]>;
  /** How many events are not delivered yet, due or waiting for a retry (the backlog metric; one indexed count). */
  countUndelivered(): Promise<number>;
}

/** Binds the outbox repository to a session. */
export function createOutboxRepository(session: Session): OutboxRepository {
  const driver = sessionStatements(session);
  return {
    // past the ORM: one or two per station message of the transaction path (issue 14)
    append: (event) =>
      driver.write(async (statements) => {
        const { id, seq } = await appendOutboxEvent(driver.dialect, statements, event);
        return { id, workflowId: event.workflowId, seq, type: event.type, payload: event.payload, createdAt: event.at, deliveredAt: null, attempts: 0, lastError: null, nextAttemptAt: event.at };
      }),
    pending: (now, limit = 100) =>
      session.read(async (em) => {
        const rows = await em.find(
          OutboxEventEntity,
          { deliveredAt: null, nextAttemptAt: { $lte: now } },
          { orderBy: { id: 'asc' }, limit },
        );
        return rows.map(toRecord);
      }),
    markDelivered: async (ids, at) => {
      if (ids.length === 0) return;
      await session.write((em) => em.nativeUpdate(OutboxEventEntity, { id: { $in: [...ids] } }, { deliveredAt: at }));
    },
    markFailed: (id, error, nextAttemptAt) =>
      session.write(async (em) => {
        const failed = await em.findOne(OutboxEventEntity, { id });
        if (!failed) return;
        await em.nativeUpdate(
          OutboxEventEntity,
          { id },
          { attempts: raw('attempts + 1'), lastError: error.slice(0, 1000), nextAttemptAt },
        );
        await em.nativeUpdate(
          OutboxEventEntity,
          { workflowId: failed.workflowId, seq: { $gt: failed.seq }, deliveredAt: null, nextAttemptAt: { $lt: nextAttemptAt } },
          { nextAttemptAt },
        );
      }),
    countUndelivered: () => session.read((em) => em.count(OutboxEventEntity, { deliveredAt: null })),
    listForWorkflow: (workflowId) =>
      session.read(async (em) =>
        (await em.find(OutboxEventEntity, { workflowId }, { orderBy: { seq: 'asc' } })).map(toRecord),
      ),
  };
}
