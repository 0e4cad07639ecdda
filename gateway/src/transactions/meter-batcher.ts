import type { ConnectorKey, MeterSample, Repositories } from '@csms/db';
import type { GroupCommit } from '../station/group-commit.ts';
import type { ImplausibleDerivation } from './live-power.ts';
import type { OutboxAppend } from './session-events.ts';

/** The writes of one MeterValues message (or the meter part of a transaction message). */
export interface MeterWrite {
  readonly samples: readonly MeterSample[];
  /** Live values of the connector (newest reading only; undefined fields stay as they are). */
  readonly connector?: { readonly key: ConnectorKey; readonly meterWh?: number; readonly powerW?: number; readonly soc?: number; readonly at: Date };
  /** The transaction's energy register reading. */
  readonly reading?: { readonly transactionId: number; readonly meterWh: number; readonly at: Date; readonly resolvesStart?: boolean };
  /** Session events (coalesced `meter`, `limitReached`), appended in order. */
  readonly events: readonly OutboxAppend[];
}

/** Counters of a {@link MeterBatcher} (tests and diagnostics). */
export interface MeterBatchStats {
  /** Committed batches. */
  batches: number;
  /** Messages written. */
  writes: number;
  samples: number;
  /** Powers derived from energy deltas that were implausible and dropped, by reason (never written as live values). */
  droppedDerivations: Record<ImplausibleDerivation, number>;
}

interface Batch {
  readonly items: MeterWrite[];
  started: boolean;
}

/**
 * Writes meter values of every station of the node together: the messages that arrive in one event-loop turn become
 * one group-commit operation with one multi-row sample INSERT, one update per connector and per transaction (the
 * newest reading wins) and the events in arrival order. A message's promise settles when its batch committed, so the
 * station's CALLRESULT still follows the commit.
 */
export class MeterBatcher {
  readonly #writes: GroupCommit;
  #open: Batch | undefined;
  readonly stats: MeterBatchStats = { batches: 0, writes: 0, samples: 0, droppedDerivations: { tooClose: 0, registerBackwards: 0, tooHigh: 0 } };

  constructor(writes: GroupCommit) {
    this.#writes = writes;
  }

  /** Queues `write`; resolves once it is committed. */
  write(write: MeterWrite): Promise<void> {
    const open = this.#open;
    if (open && !open.started) {
      open.items.push(write);
      return this.#pending.get(open)!;
    }
    const batch: Batch = { items: [write], started: false };
    this.#open = batch;
    const done = this.#writes
      .run(async (tx) => {
        // a retried operation (its group-commit batch failed) writes the same items again
        batch.started = true;
        await apply(tx, batch.items);
      })
      .then(() => {
        this.stats.batches += 1;
        this.stats.writes += batch.items.length;
        this.stats.samples += batch.items.reduce((sum, item) => sum + item.samples.length, 0);
      })
      .finally(() => {
        this.#pending.delete(batch);
        if (this.#open === batch) this.#open = undefined;
      });
    this.#pending.set(batch, done);
    return done;
  }

  readonly #pending = new Map<Batch, Promise<void>>();
}

/** Writes one message's meter values inside an open transaction (transaction messages that carry readings). */
export function applyMeterWrite(tx: Repositories, write: MeterWrite): Promise<void> {
  return apply(tx, [write]);
}

async function apply(tx: Repositories, items: readonly MeterWrite[]): Promise<void> {
  const samples = items.flatMap((item) => item.samples);
  if (samples.length > 0) await tx.meterSamples.insertMany(samples);

  const connectors = new Map<string, NonNullable<MeterWrite['connector']>>();
  const readings = new Map<number, NonNullable<MeterWrite['reading']>>();
  for (const item of items) {
    const c = item.connector;
    if (c) {
      const key = `${c.key.chargePointId}\u0000${c.key.evseId}\u0000${c.key.connectorId ?? 1}`;
      const before = connectors.get(key);
      connectors.set(key, before && before.at > c.at ? { ...c, ...before } : { ...before, ...c });
    }
    const r = item.reading;
    if (r) {
      const before = readings.get(r.transactionId);
      if (!before || before.at <= r.at) readings.set(r.transactionId, r);
    }
  }
  for (const c of connectors.values()) {
    await tx.connectors.recordMeter(c.key, {
      ...(c.meterWh !== undefined ? { meterWh: c.meterWh } : {}),
      ...(c.powerW !== undefined ? { powerW: c.powerW } : {}),
      ...(c.soc !== undefined ? { soc: c.soc } : {}),
      at: c.at,
    });
  }
  for (const r of readings.values()) await tx.transactions.recordMeter(r.transactionId, r.meterWh, r.at, { resolvesStart: r.resolvesStart ?? true });
  for (const item of items) for (const event of item.events) await tx.outbox.append(event);
}
