/** When the supervisor starts a process that died again, and when it gives up (docs/configuration.md). */
export interface RestartPolicy {
  /** A process that dies this many times within `windowMs` stops the system. */
  readonly maxDeaths: number;
  readonly windowMs: number;
  /** Delay before the first restart; it doubles with every further death within the window. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/** What to do about one death. */
export type RestartDecision =
  | { readonly action: 'restart'; readonly delayMs: number; readonly deathsInWindow: number }
  | { readonly action: 'giveUp'; readonly deathsInWindow: number };

/**
 * The deaths of one process within the sliding window. Back-off grows with the deaths still inside the window, so a
 * process that has been stable for a window's length restarts quickly again.
 */
export class DeathCounter {
  readonly #policy: RestartPolicy;
  #deaths: number[] = [];

  constructor(policy: RestartPolicy) {
    this.#policy = policy;
  }

  /** Records a death at `atMs` and decides: restart after a delay, or give up. */
  record(atMs: number): RestartDecision {
    const { maxDeaths, windowMs, initialDelayMs, maxDelayMs } = this.#policy;
    this.#deaths = [...this.#deaths.filter((at) => at > atMs - windowMs), atMs];
    const deathsInWindow = this.#deaths.length;
    if (deathsInWindow >= maxDeaths) return { action: 'giveUp', deathsInWindow };
    const delayMs = Math.min(maxDelayMs, initialDelayMs * 2 ** (deathsInWindow - 1));
    return { action: 'restart', delayMs, deathsInWindow };
  }
}
