import type { Database, Repositories } from '@csms/db';

/** One small write: DB calls only, no other side effects (it may run twice when SQLite is busy or a batch fails). */
export type WriteOperation<T> = (tx: Repositories) => Promise<T>;

interface Pending {
  readonly operation: WriteOperation<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Options of {@link GroupCommit}. */
export interface GroupCommitOptions {
  /** Most operations in one transaction; default 200. */
  readonly maxBatch?: number;
}

/**
 * Runs small writes (connect, boot, status, disconnect) of many stations together in one transaction each time the
 * event loop comes round: SQLite has one writer and pays a sync per commit, so a storm of 10,000 reconnecting
 * stations costs tens of commits instead of tens of thousands. Operations run in submission order, so the writes of
 * one station keep their order. When a batch fails, its operations are retried one by one, so a single bad operation
 * (a station deleted meanwhile) fails alone.
 */
export class GroupCommit {
  readonly #db: Database;
  readonly #maxBatch: number;
  #queue: Pending[] = [];
  #running: Promise<void> | undefined;

  constructor(db: Database, options: GroupCommitOptions = {}) {
    this.#db = db;
    this.#maxBatch = options.maxBatch ?? 200;
  }

  /** Queues `operation`; settles with its result once its transaction committed. */
  run<T>(operation: WriteOperation<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ operation, resolve: resolve as (value: unknown) => void, reject });
      this.#running ??= this.#drain();
    });
  }

  /** Resolves when everything queued so far is written. */
  async flush(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    // Let the current burst of messages queue up first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      await this.#commit(batch);
    }
    this.#running = undefined;
  }

  async #commit(batch: Pending[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const results = await this.#db.transaction(async (tx) => {
          const out: unknown[] = [];
          for (const item of batch) out.push(await item.operation(tx));
          return out;
        });
        batch.forEach((item, i) => item.resolve(results[i]));
        return;
      } catch {
        // fall through: one by one, so only the failing operation reports an error
      }
    }
    for (const item of batch) {
      try {
        item.resolve(await this.#db.transaction(item.operation));
      } catch (error) {
        item.reject(error);
      }
    }
  }
}
