import { defineEntity, p } from '@mikro-orm/core';
import { TransactionEntity } from './transaction.entity.ts';

/**
 * One applied OCPP 2.x TransactionEvent, keyed by its transaction and `seqNo` (DESIGN.md §3): a station that lost the
 * CALLRESULT resends the event, and the key makes the resend a no-op. Also the audit trail of the events' order
 * (`seqNo`) against their arrival order, for offline history.
 */
export const TransactionEventEntity = defineEntity({
  name: 'TransactionEvent',
  tableName: 'transaction_event',
  properties: {
    id: p.integer().primary().autoincrement(),
    transaction: p.manyToOne(TransactionEntity).mapToPk().deleteRule('cascade'),
    seqNo: p.integer(),
    eventType: p.string().length(10),
    triggerReason: p.string().length(50).nullable(),
    occurredAt: p.datetime(),
    offline: p.boolean().default(false),
    receivedAt: p.datetime(),
  },
  uniques: [{ properties: ['transaction', 'seqNo'], name: 'transaction_event_seq_unique' }],
});
