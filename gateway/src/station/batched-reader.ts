import type { AdmissionRow } from '@csms/db';

interface Waiting {
  readonly resolve: (row: AdmissionRow | null) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Reads the admission data of connecting stations together: every upgrade that arrives while a read is on its way
 * joins the next one, so a reconnect storm of 10,000 stations costs a few dozen `WHERE id IN (…)` reads instead of
 * 10,000 single-row ORM reads.
 */
export class AdmissionReader {
  readonly #read: (ids: readonly string[]) => Promise<AdmissionRow[]>;
  #waiting = new Map<string, Waiting[]>();
  #running: Promise<void> | undefined;

  constructor(read: (ids: readonly string[]) => Promise<AdmissionRow[]>) {
    this.#read = read;
  }

  /** The station's admission data, or null when it does not exist or is deleted. */
  get(id: string): Promise<AdmissionRow | null> {
    return new Promise((resolve, reject) => {
      const waiting = this.#waiting.get(id);
      if (waiting) waiting.push({ resolve, reject });
      else this.#waiting.set(id, [{ resolve, reject }]);
      if (!this.#running) this.#running = this.#drain();
    });
  }

  async #drain(): Promise<void> {
    // let the current burst of upgrades queue up first
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.#waiting.size > 0) {
      const batch = this.#waiting;
      this.#waiting = new Map();
      try {
        const rows = new Map((await this.#read([...batch.keys()])).map((row) => [row.id, row]));
        for (const [id, waiting] of batch) for (const w of waiting) w.resolve(rows.get(id) ?? null);
      } catch (error) {
        for (const waiting of batch.values()) for (const w of waiting) w.reject(error);
      }
    }
    this.#running = undefined;
  }
}
