import type { BootRow, ConnectRow, ConnectorStatusRow, Database, DisconnectRow, Repositories } from '@csms/db';
import { bindContext, detached } from '@csms/temporal/tracing';
import type { MeterBatchStats, MeterWrite } from '../transactions/meter-batcher.ts';
import { applyOps, type Outcome, type WriteOp } from './write-batch.ts';

interface Pending {
  readonly op: WriteOp;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Options of {@link StationWriter}. */
export interface StationWriterOptions {
  /** Most ops in one transaction; default 500. */
  readonly maxBatch?: number;
  readonly now?: () => Date;
  /** Told after each committed transaction: how many ops it held and how long it took (metrics). */
  readonly onCommit?: (ops: number, ms: number) => void;
}

/**
 * The node's one writer (group commit): every write of every station queues here, and each time the event loop
 * comes round the queue is written in one DB transaction, the hot path's rows as multi-row statements
 * (`applyOps`). SQLite has one writer and pays a sync per commit, so a storm of 10,000 reconnecting stations
 * costs a few dozen commits, not tens of thousands. An op's promise settles after its transaction committed, so a
 * station's CALLRESULT always follows its commit. When a batch fails, its ops are retried one by one, so a single
 * bad op (a station deleted meanwhile) fails alone and nothing else is lost.
 */
export class StationWriter {
  readonly #db: Database;
  readonly #maxBatch: number;
  readonly #now: () => Date;
  readonly #onCommit: ((ops: number, ms: number) => void) | undefined;
  #queue: Pending[] = [];
  #running: Promise<void> | undefined;
  /** Counters of the meter values written (tests and diagnostics). */
  readonly stats: MeterBatchStats = { batches: 0, writes: 0, samples: 0, droppedDerivations: { tooClose: 0, registerBackwards: 0, tooHigh: 0 } };

  constructor(db: Database, options: StationWriterOptions = {}) {
    this.#db = db;
    this.#maxBatch = options.maxBatch ?? 500;
    this.#now = options.now ?? (() => new Date());
    this.#onCommit = options.onCommit;
  }

  /** Records a connection; resolves with its new epoch (NotFoundError: the station is gone). */
  connect(row: ConnectRow): Promise<number> {
    return this.#push({ kind: 'connect', row }) as Promise<number>;
  }

  /** Stores a BootNotification and tells the station's open sessions (NotFoundError: the station is gone). */
  boot(row: BootRow): Promise<void> {
    return this.#push({ kind: 'boot', row }) as Promise<void>;
  }

  /** Stores a connector status; `Available` with a session open on the connector tells that session. */
  status(row: ConnectorStatusRow): Promise<void> {
    return this.#push({ kind: 'status', row }) as Promise<void>;
  }

  /** Stores one message's meter values (samples, live values, register reading, events). */
  meter(write: MeterWrite): Promise<void> {
    return this.#push({ kind: 'meter', write }) as Promise<void>;
  }

  /** Records a closed connection; resolves with whether it marked the station offline (its epoch was current). */
  disconnect(row: DisconnectRow): Promise<boolean> {
    return this.#push({ kind: 'disconnect', row }) as Promise<boolean>;
  }

  /**
   * Runs a unit of work in the batch's transaction, in queue order (the transaction path: row, connector and outbox
   * event together). It may run twice (a busy database, a failed batch): DB calls only, no other side effects.
   */
  run<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    // the unit runs later, in the drain's async context: keep the caller's (the CALL's span) for its outbox events
    return this.#push({ kind: 'work', work: bindContext(work) }) as Promise<T>;
  }

  /** Resolves when everything queued so far is written. */
  async flush(): Promise<void> {
    while (this.#running) await this.#running;
  }

  #push(op: WriteOp): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ op, resolve, reject });
      // the drain serves every caller queued behind the first: it runs in no caller's trace (units bring their own)
      this.#running ??= detached(() => this.#drain());
    });
  }

  async #drain(): Promise<void> {
    // let the current burst of messages queue up first
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      await this.#commit(batch);
    }
    this.#running = undefined;
  }

  async #commit(batch: Pending[]): Promise<void> {
    const started = performance.now();
    try {
      const outcomes = await this.#db.transaction((tx) => applyOps(tx, batch.map((p) => p.op), this.#now()));
      this.#onCommit?.(batch.length, performance.now() - started);
      this.#count(batch);
      batch.forEach((pending, i) => settle(pending, outcomes[i]!));
      return;
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
    }
    // one by one, so only the failing op reports an error
    for (const pending of batch) {
      try {
        const single = performance.now();
        const [outcome] = await this.#db.transaction((tx) => applyOps(tx, [pending.op], this.#now()));
        this.#onCommit?.(1, performance.now() - single);
        this.#count([pending]);
        settle(pending, outcome!);
      } catch (error) {
        pending.reject(error);
      }
    }
  }

  #count(batch: readonly Pending[]): void {
    let writes = 0;
    let samples = 0;
    for (const { op } of batch) {
      if (op.kind !== 'meter') continue;
      writes += 1;
      samples += op.write.samples.length;
    }
    if (writes === 0) return;
    this.stats.batches += 1;
    this.stats.writes += writes;
    this.stats.samples += samples;
  }
}

function settle(pending: Pending, outcome: Outcome): void {
  if (outcome.ok) pending.resolve(outcome.value);
  else pending.reject(outcome.error);
}
