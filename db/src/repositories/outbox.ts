import { raw, type InferEntity } from '@mikro-orm/core';
import { OutboxEventEntity, OutboxSequenceEntity } from '../entities/outbox-event.entity.ts';
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
  return {
    append: (event) =>
      session.write(async (em) => {
        // one atomic statement on both dialects: concurrent writers on PostgreSQL cannot draw the same number
        const [allocated] = await em
          .createQueryBuilder(OutboxSequenceEntity)
          .insert({ workflowId: event.workflowId, lastSeq: 1 })
          .onConflict('workflowId')
          .merge({ lastSeq: raw('outbox_sequence.last_seq + 1') })
          .returning('lastSeq')
          .execute<{ lastSeq?: number; last_seq?: number }[]>('all', true);
        const seq = Number(allocated?.lastSeq ?? allocated?.last_seq);
        const row = em.create(OutboxEventEntity, {
          workflowId: event.workflowId,
          seq,
          type: event.type,
          payload: event.payload,
          createdAt: event.at,
          nextAttemptAt: event.at,
        });
        await em.flush();
        return toRecord(row);
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
