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
  /**
   * Transactions in flight at once; default 1. PostgreSQL runs each on its own connection, so a second batch can be
   * written while the first one's statements and commit are on the server (SQLite has one writer: keep 1). A second
   * batch takes only data ops of stations that have none in flight, in queue order, and never a unit of work.
   */
  readonly maxInFlight?: number;
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
 *
 * With `maxInFlight` above 1 the next batch starts while earlier ones commit, under two rules that keep every
 * guarantee of the one-at-a-time writer: a station's ops are never in two batches at once (an op waits, with every
 * later op of its station, until the station's batch committed), and a unit of work (the transaction path) runs
 * only in a batch that is alone in flight, so it sees everything queued before it committed and nothing after it
 * started.
 */
export class StationWriter {
  readonly #db: Database;
  readonly #maxBatch: number;
  readonly #now: () => Date;
  readonly #onCommit: ((ops: number, ms: number) => void) | undefined;
  readonly #maxInFlight: number;
  #queue: Pending[] = [];
  /** A drain is scheduled for the next turn of the event loop. */
  #scheduled = false;
  #inFlight = 0;
  /** A batch with a unit of work is in flight: nothing else may start. */
  #exclusive = false;
  /** Stations with ops in a batch in flight. */
  readonly #writing = new Set<string>();
  #idle: (() => void)[] = [];
  /** Counters of the meter values written (tests and diagnostics). */
  readonly stats: MeterBatchStats = { batches: 0, writes: 0, samples: 0, droppedDerivations: { tooClose: 0, registerBackwards: 0, tooHigh: 0 } };

  constructor(db: Database, options: StationWriterOptions = {}) {
    this.#db = db;
    this.#maxBatch = options.maxBatch ?? 500;
    this.#maxInFlight = Math.max(1, options.maxInFlight ?? 1);
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
    while (this.#scheduled || this.#inFlight > 0 || this.#queue.length > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  #push(op: WriteOp): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ op, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      // the drain serves every caller queued behind the first: it runs in no caller's trace (units bring their own)
      void detached(() => this.#drain());
    });
  }

  async #drain(): Promise<void> {
    // let the current burst of messages queue up first
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.#scheduled = false;
    this.#start();
  }

  /** Starts batches while the pipeline has room and the queue has ops that may go now. */
  #start(): void {
    while (this.#queue.length > 0 && this.#inFlight < this.#maxInFlight && !this.#exclusive) {
      const batch = this.#inFlight === 0 ? this.#queue.splice(0, this.#maxBatch) : this.#takeBeside();
      if (batch.length === 0) break;
      const stations = new Set<string>();
      for (const { op } of batch) {
        const station = stationOf(op);
        if (station === undefined) this.#exclusive = true;
        else stations.add(station);
      }
      for (const station of stations) this.#writing.add(station);
      this.#inFlight += 1;
      void this.#commit(batch).finally(() => {
        this.#inFlight -= 1;
        for (const station of stations) this.#writing.delete(station);
        if (this.#inFlight === 0) this.#exclusive = false;
        this.#start();
      });
    }
    // flush() waits for this: nothing queued, nothing in flight
    if (this.#inFlight === 0 && this.#queue.length === 0) this.#wake();
  }

  /**
   * The ops that may be written beside the batches in flight: data ops, in queue order, of stations with nothing in
   * flight; a station passed over once is passed over for the rest of the queue (its order), and the first unit of
   * work ends the scan (nothing moves ahead of it).
   */
  #takeBeside(): Pending[] {
    const taken: Pending[] = [];
    const kept: Pending[] = [];
    const waiting = new Set<string>();
    let i = 0;
    for (; i < this.#queue.length && taken.length < this.#maxBatch; i++) {
      const pending = this.#queue[i]!;
      const station = stationOf(pending.op);
      if (station === undefined) break;
      if (this.#writing.has(station) || waiting.has(station)) {
        waiting.add(station);
        kept.push(pending);
      } else taken.push(pending);
    }
    if (taken.length > 0) this.#queue = [...kept, ...this.#queue.slice(i)];
    return taken;
  }

  #wake(): void {
    const idle = this.#idle;
    this.#idle = [];
    for (const resolve of idle) resolve();
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

/** The station an op writes for; undefined for a unit of work (whose rows the writer cannot see). */
function stationOf(op: WriteOp): string | undefined {
  switch (op.kind) {
    case 'connect':
    case 'boot':
    case 'status':
    case 'disconnect':
      return op.row.chargePointId;
    case 'meter':
      return op.write.stationId;
    case 'work':
      return undefined;
  }
}

function settle(pending: Pending, outcome: Outcome): void {
  if (outcome.ok) pending.resolve(outcome.value);
  else pending.reject(outcome.error);
}
