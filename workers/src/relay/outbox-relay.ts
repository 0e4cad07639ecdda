import { WorkflowExecutionAlreadyStartedError, type WorkflowClient } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { Database, OutboxEventRecord } from '@csms/db';
import {
  CHARGE_POINT_ID_ATTRIBUTE,
  CHARGING_SESSION_WORKFLOW,
  SESSION_EVENT_TYPES,
  sessionEventSignal,
  type ChargingSessionInput,
  type ChargingSessionWorkflow,
  type SessionEvent,
  type SessionEventType,
} from '@csms/temporal';
import { inSpan, tracingActive, TRACEPARENT_FIELD } from '@csms/temporal/tracing';
import type { Logger } from 'pino';

const EVENT_TYPES = new Set<string>(SESSION_EVENT_TYPES);

/** What the relay reports (the worker's metrics endpoint). */
export interface RelayMetrics {
  /** An event left the outbox: delivered, a late event for a completed session, or malformed and dropped. */
  settled(outcome: 'delivered' | 'late' | 'malformed', createdAt: Date): void;
  /** A delivery failed and will be retried. */
  failed(): void;
  /** A delivery is being tried again for an event that failed before (a relay retry). */
  retried(): void;
}

export interface OutboxRelayOptions {
  readonly database: Database;
  readonly workflows: WorkflowClient;
  /** Task queue of the session workflows (the worker's). */
  readonly taskQueue: string;
  readonly log: Logger;
  /** Poll interval when the outbox was empty (default 250 ms). */
  readonly pollIntervalMs?: number;
  readonly batchSize?: number;
  /** Sessions delivered in parallel; one session's events always go one after the other (default 8). */
  readonly concurrency?: number;
  /** Deadline of one signalWithStart call, so an unreachable server fails fast and is retried (default 10 s). */
  readonly callTimeoutMs?: number;
  /** Passed to new session workflows (tests shorten it). */
  readonly staleGraceMs?: number;
  readonly metrics?: RelayMetrics;
}

/** Retry delay after `attempts` failed deliveries: 1 s doubling to 1 min. */
export function retryDelayMs(attempts: number): number {
  return Math.min(1000 * 2 ** attempts, 60_000);
}

/**
 * Delivers the gateway's outbox events to session workflows (DESIGN.md §2): per session in `seq` order, with
 * `signalWithStart`, retried with back-off while Temporal is unavailable. A late event for a session whose workflow
 * has already completed must not start a new empty run (the id-reuse policy rejects it); the gateway already wrote
 * the change to the DB with the event, so it is reported and marked delivered.
 */
export class OutboxRelay {
  readonly #options: OutboxRelayOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;

  constructor(options: OutboxRelayOptions) {
    this.#options = options;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Stops polling and waits for a delivery in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.deliverOnce()
        .then((count) => this.#schedule(count > 0 ? 0 : (this.#options.pollIntervalMs ?? 250)))
        .catch((error: unknown) => {
          this.#options.log.warn({ err: error }, 'outbox relay pass failed; retrying');
          this.#schedule(1000);
        });
    }, delayMs);
  }

  /** One pass over the due events; returns how many were delivered (or settled). */
  async deliverOnce(now: Date = new Date()): Promise<number> {
    const { database } = this.#options;
    const events = await database.outbox.pending(now, this.#options.batchSize ?? 200);
    const bySession = new Map<string, OutboxEventRecord[]>();
    for (const event of events) {
      const list = bySession.get(event.workflowId);
      if (list) list.push(event);
      else bySession.set(event.workflowId, [event]);
    }
    const sessions = [...bySession.values()];
    const settled: number[] = [];
    const concurrency = this.#options.concurrency ?? 8;
    const worker = async () => {
      for (let next = sessions.shift(); next; next = sessions.shift()) settled.push(...(await this.#deliverSession(next, now)));
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, sessions.length) }, worker));
    await database.outbox.markDelivered(settled, new Date());
    return settled.length;
  }

  /** Delivers one session's events in order; stops at the first failure (the rest wait for its retry). */
  async #deliverSession(events: readonly OutboxEventRecord[], now: Date): Promise<number[]> {
    const settled: number[] = [];
    for (const record of events) {
      const log = this.#options.log.child({ workflowId: record.workflowId, eventId: record.id, seq: record.seq });
      const event = toSessionEvent(record);
      if (!event) {
        log.error({ type: record.type, payload: record.payload }, 'malformed outbox event dropped');
        this.#options.metrics?.settled('malformed', record.createdAt);
        settled.push(record.id);
        continue;
      }
      if (record.attempts > 0) this.#options.metrics?.retried();
      try {
        const deliver = () => this.#signalWithStart(record.workflowId, event);
        // tracing on: the delivery continues the trace of the station message that wrote the event
        await (tracingActive()
          ? inSpan('csms.outbox-relay', `outbox deliver ${event.type}`, { kind: 'consumer', traceparent: record.payload[TRACEPARENT_FIELD], attributes: { 'csms.workflow_id': record.workflowId, 'csms.outbox_event_id': record.id, 'csms.outbox_seq': record.seq, 'csms.outbox_attempts': record.attempts } }, deliver)
          : deliver());
        this.#options.metrics?.settled('delivered', record.createdAt);
        settled.push(record.id);
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) {
          log.warn({ type: event.type }, 'late event for a completed session: already in the DB record, not re-opened');
          this.#options.metrics?.settled('late', record.createdAt);
          settled.push(record.id);
          continue;
        }
        const retryAt = new Date(now.getTime() + retryDelayMs(record.attempts));
        log.warn({ err: error, retryAt }, 'outbox delivery failed; will retry');
        this.#options.metrics?.failed();
        await this.#options.database.outbox.markFailed(record.id, errorMessage(error), retryAt);
        break;
      }
    }
    return settled;
  }

  async #signalWithStart(workflowId: string, event: SessionEvent): Promise<void> {
    const input: ChargingSessionInput = {
      chargePointId: event.payload.chargePointId,
      sessionKey: String(event.payload.transactionId),
      transactionId: event.payload.transactionId,
      ...(this.#options.staleGraceMs !== undefined ? { staleGraceMs: this.#options.staleGraceMs } : {}),
    };
    const { workflows } = this.#options;
    await workflows.connection.withDeadline(Date.now() + (this.#options.callTimeoutMs ?? 10_000), () =>
      workflows.signalWithStart<ChargingSessionWorkflow, [SessionEvent]>(CHARGING_SESSION_WORKFLOW, {
        workflowId,
        taskQueue: this.#options.taskQueue,
        args: [input],
        signal: sessionEventSignal,
        signalArgs: [event],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [{ key: CHARGE_POINT_ID_ATTRIBUTE, value: event.payload.chargePointId }],
      }),
    );
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The signal payload for an outbox row, or `undefined` when the row lacks what every session event must carry. */
export function toSessionEvent(record: OutboxEventRecord): SessionEvent | undefined {
  const { chargePointId, transactionId, occurredAt } = record.payload;
  if (!EVENT_TYPES.has(record.type) || typeof chargePointId !== 'string' || typeof transactionId !== 'number') return undefined;
  return {
    eventId: String(record.id),
    seq: record.seq,
    type: record.type as SessionEventType,
    occurredAt: typeof occurredAt === 'string' ? occurredAt : record.createdAt.toISOString(),
    payload: { ...withoutTraceContext(record.payload), chargePointId, transactionId },
  };
}

/** The payload without the trace context the gateway stored with it: the workflow gets it in its headers instead. */
function withoutTraceContext(payload: Record<string, unknown>): Record<string, unknown> {
  if (!(TRACEPARENT_FIELD in payload)) return payload;
  const { [TRACEPARENT_FIELD]: _traceparent, ...rest } = payload;
  return rest;
}
