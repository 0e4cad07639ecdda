import { defineEntity, p } from '@mikro-orm/core';

/**
 * An event for a session workflow, committed in the same DB transaction as the change it reports and delivered by the
 * relay (DESIGN.md §2). `seq` is the per-workflow sequence number, allocated from {@link OutboxSequenceEntity}.
 */
export const OutboxEventEntity = defineEntity({
  name: 'OutboxEvent',
  tableName: 'outbox_event',
  properties: {
    id: p.integer().primary().autoincrement(),
    workflowId: p.string().length(200),
    seq: p.integer(),
    type: p.string().length(50),
    payload: p.json<Record<string, unknown>>(),
    createdAt: p.datetime(),
    deliveredAt: p.datetime().nullable(),
    attempts: p.integer().default(0),
    lastError: p.string().length(1000).nullable(),
    nextAttemptAt: p.datetime(),
  },
  uniques: [{ properties: ['workflowId', 'seq'], name: 'outbox_event_workflow_seq_unique' }],
  indexes: [{ properties: ['deliveredAt', 'nextAttemptAt'], name: 'outbox_event_pending_index' }],
});

/** The last sequence number handed out per workflow; incremented atomically with an upsert. */
export const OutboxSequenceEntity = defineEntity({
  name: 'OutboxSequence',
  tableName: 'outbox_sequence',
  properties: {
    workflowId: p.string().length(200).primary(),
    lastSeq: p.integer(),
  },
});
