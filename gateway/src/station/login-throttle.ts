/** Options of {@link LoginThrottle}. */
export interface LoginThrottleOptions {
  /** Failures after which a key is locked out (each further failure doubles the lockout). */
  readonly freeFailures: number;
  /** First lockout; each further failure doubles it. */
  readonly baseLockMs: number;
  readonly maxLockMs: number;
  /** Keys kept at most (oldest dropped first), so a scan of random ids cannot exhaust memory. */
  readonly maxKeys: number;
  readonly now?: () => number;
}

interface Entry {
  failures: number;
  lockedUntil: number;
  lastFailure: number;
}

/** Defaults: locked for 1 s after the 5th failure, then 2 s, 4 s … up to 15 min. */
export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = { freeFailures: 5, baseLockMs: 1000, maxLockMs: 15 * 60_000, maxKeys: 100_000 };

/**
 * Failed station logins counted per key (a client address, or a station id), in memory on each node: once a key
 * reached `freeFailures` failures it is locked with exponential back-off, so a password cannot be guessed at socket speed
 * from one address nor across many addresses against one station. A success clears a key; a key forgets its
 * failures once it stayed quiet for its longest lockout.
 */
export class LoginThrottle {
  readonly #options: LoginThrottleOptions;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();

  constructor(options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Milliseconds until `key` may try again; 0 when it is not locked. */
  lockedFor(key: string): number {
    const now = this.#now();
    const entry = this.#live(key, now);
    return entry && entry.lockedUntil > now ? entry.lockedUntil - now : 0;
  }

  /** Counts a failed login against `key`. */
  fail(key: string): void {
    const now = this.#now();
    const entry = this.#live(key, now) ?? { failures: 0, lockedUntil: 0, lastFailure: now };
    entry.failures += 1;
    entry.lastFailure = now;
    const over = entry.failures - this.#options.freeFailures;
    if (over >= 0) entry.lockedUntil = now + Math.min(this.#options.maxLockMs, this.#options.baseLockMs * 2 ** Math.min(over, 30));
    // re-inserting keeps the Map ordered by last failure, so the oldest key is the first dropped
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#options.maxKeys) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  /** Forgets the failures of `key` (a station that logged in correctly). */
  succeed(key: string): void {
    this.#entries.delete(key);
  }

  #live(key: string, now: number): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && entry.lockedUntil <= now && now - entry.lastFailure > this.#options.maxLockMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
