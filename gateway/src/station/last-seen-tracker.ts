import type { ProtocolLogger } from '../actor/handler.ts';

/** Options of {@link LastSeenTracker}. */
export interface LastSeenTrackerOptions {
  /** Writes one batch (the DB's `chargePoints.markSeenMany`). */
  readonly markSeenMany: (ids: readonly string[], at: Date) => Promise<number>;
  readonly logger: ProtocolLogger;
  /** Default 10 s: last-seen is precise to that, at one UPDATE per 500 busy stations instead of one per message. */
  readonly flushIntervalMs?: number;
}

/** Collects which stations sent anything and writes their last-seen time in batches. */
export class LastSeenTracker {
  readonly #options: LastSeenTrackerOptions;
  #seen = new Set<string>();
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(options: LastSeenTrackerOptions) {
    this.#options = options;
    this.#timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 10_000);
    this.#timer.unref();
  }

  /** Notes traffic from a station (a Set insert: cheap enough for every frame). */
  touch(chargePointId: string): void {
    this.#seen.add(chargePointId);
  }

  /** Writes the stations seen since the last flush. Never rejects. */
  async flush(): Promise<void> {
    if (this.#seen.size === 0) return;
    const ids = [...this.#seen];
    this.#seen = new Set();
    try {
      await this.#options.markSeenMany(ids, new Date());
    } catch (error) {
      this.#options.logger.warn({ err: error, stations: ids.length }, 'last-seen update failed');
    }
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}
