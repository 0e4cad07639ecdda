import type { TransactionRecord } from '@csms/db';
import { chargingSessionWorkflowId, type SessionEventType } from '@csms/temporal';
import { currentTraceparent, TRACEPARENT_FIELD } from '@csms/temporal/tracing';

/** One event for `outbox.append`, following temporal's `SessionEventPayload` contract. */
export interface OutboxAppend {
  readonly workflowId: string;
  readonly type: SessionEventType;
  readonly payload: Record<string, unknown>;
  readonly at: Date;
}

/** What an event needs to know about its transaction. */
export type SessionRef = Pick<TransactionRecord, 'id' | 'chargePointId' | 'workflowId'>;

/** The session's workflow: the one stored on the transaction (a matched intent's), else the builder's default. */
export function workflowIdOf(transaction: SessionRef): string {
  return transaction.workflowId ?? chargingSessionWorkflowId(transaction.chargePointId, transaction.id);
}

/**
 * Builds a session event: `chargePointId` and `transactionId` (the row id) always, `occurredAt` the station's time,
 * the event's own fields on top (`meterWh`, `reason`, …; undefined ones left out). `now` is when it was written.
 */
export function sessionEvent(
  type: SessionEventType,
  transaction: SessionRef,
  occurredAt: Date,
  now: Date,
  fields: Record<string, unknown> = {},
): OutboxAppend {
  const payload: Record<string, unknown> = {
    chargePointId: transaction.chargePointId,
    transactionId: transaction.id,
    occurredAt: occurredAt.toISOString(),
  };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined && value !== null) payload[key] = value;
  // the station message's trace, continued by the outbox relay (removed before the event reaches the workflow)
  const traceparent = currentTraceparent();
  if (traceparent !== undefined) payload[TRACEPARENT_FIELD] = traceparent;
  return { workflowId: workflowIdOf(transaction), type, payload, at: now };
}
