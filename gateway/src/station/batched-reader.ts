interface Waiting<V> {
  readonly resolve: (row: V | null) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Reads rows by key together: every `get` that arrives while a read is on its way joins the next one, so a
 * reconnect storm of 10,000 stations costs a few dozen `WHERE id IN (…)` reads instead of 10,000 single-row ORM
 * reads, and so do 10,000 open sessions refreshing their transaction rows.
 */
export class BatchedReader<K, V> {
  readonly #read: (keys: readonly K[]) => Promise<readonly V[]>;
  readonly #keyOf: (row: V) => K;
  #waiting = new Map<K, Waiting<V>[]>();
  #running: Promise<void> | undefined;

  /** `read` returns the rows that exist among `keys` in any order; `keyOf` says which key a row answers. */
  constructor(read: (keys: readonly K[]) => Promise<readonly V[]>, keyOf: (row: V) => K) {
    this.#read = read;
    this.#keyOf = keyOf;
  }

  /** The row of `key`, or null when the read did not return it. */
  get(key: K): Promise<V | null> {
    return new Promise((resolve, reject) => {
      const waiting = this.#waiting.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else this.#waiting.set(key, [{ resolve, reject }]);
      if (!this.#running) this.#running = this.#drain();
    });
  }

  async #drain(): Promise<void> {
    // let the current burst queue up first
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.#waiting.size > 0) {
      const batch = this.#waiting;
      this.#waiting = new Map();
      try {
        const rows = new Map((await this.#read([...batch.keys()])).map((row) => [this.#keyOf(row), row]));
        for (const [key, waiting] of batch) for (const w of waiting) w.resolve(rows.get(key) ?? null);
      } catch (error) {
        for (const waiting of batch.values()) for (const w of waiting) w.reject(error);
      }
    }
    this.#running = undefined;
  }
}
