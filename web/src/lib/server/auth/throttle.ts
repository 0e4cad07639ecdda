/** Settings of a {@link LoginThrottle}. */
export interface ThrottleSettings {
  /** Failures of one user name from one address before that pair is locked; ×4 for a name or an address alone. */
  readonly maxFailures: number;
  /** The failure window and the first lockout; each further lockout of the same key doubles it. */
  readonly lockoutMs: number;
  /** Upper bound of the doubled lockout. */
  readonly maxLockoutMs: number;
  /** How long a successful sign-in makes its (user name, address) pair "known". */
  readonly knownForMs?: number;
}

/** A sign-in attempt the throttle admitted: exactly one of its methods must be called once verification ended. */
export interface LoginAttempt {
  /** The password was right: the pair's failures are forgotten and the pair becomes known. */
  succeed(): void;
  /** The password was wrong: the failure counts. */
  fail(): void;
  /** Verification did not happen (the database failed, the server was busy): the attempt counts for nothing. */
  cancel(): void;
}

/** The throttle's answer to {@link LoginThrottle.begin}. */
export type Admission = { readonly admitted: true; readonly attempt: LoginAttempt } | { readonly admitted: false; readonly retryAfterMs: number };

interface Counter {
  failures: number;
  /** Attempts admitted and not yet settled: they count against the limit, so a burst cannot outrun it. */
  pending: number;
  windowStart: number;
  lockedUntil: number;
  /** Lockouts so far; each doubles the next one (back-off). */
  strikes: number;
  lastFailureAt: number;
}

/** While attempts of a key are in flight and would reach its limit, the next one is told to come back this soon. */
const PENDING_RETRY_MS = 1000;
const DEFAULT_KNOWN_FOR_MS = 30 * 24 * 3_600_000;

/**
 * Slows down password guessing. An attempt is counted *before* its password is checked (as pending), so a burst of
 * parallel guesses gets at most the limit of checks. Three counters per attempt:
 *
 * - the (user name, address) pair: `maxFailures` failures lock that name from that address;
 * - the user name alone and the address alone: `4 × maxFailures` failures lock the name from every address, and the
 *   address for every name, except for pairs that signed in successfully before ("known" pairs). So one attacker
 *   cannot lock the admin out of the admin's own browser, nor can a guessing colleague behind the same NAT lock out
 *   the others who use it every day.
 *
 * Each lockout of a key doubles the next (up to `maxLockoutMs`); a key with no failure for `maxLockoutMs` starts over.
 * In memory, per process (the web app runs as one process; several instances each keep their own counts).
 */
export class LoginThrottle {
  private readonly counters = new Map<string, Counter>();
  private readonly known = new Map<string, number>();
  private readonly knownForMs: number;

  constructor(
    private readonly settings: ThrottleSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.knownForMs = settings.knownForMs ?? DEFAULT_KNOWN_FOR_MS;
  }

  /** Admits an attempt of `username` from `address` and counts it, or says how long to wait. */
  begin(username: string, address: string): Admission {
    const t = this.now();
    const name = username.toLowerCase();
    const pair = `p:${name}\0${address}`;
    const knownAt = this.known.get(pair);
    const isKnown = knownAt !== undefined && t - knownAt < this.knownForMs;
    const keys: [string, number, boolean][] = [
      [pair, this.settings.maxFailures, true],
      [`u:${name}`, this.settings.maxFailures * 4, !isKnown],
      [`a:${address}`, this.settings.maxFailures * 4, !isKnown],
    ];
    let wait = 0;
    for (const [key, limit, enforced] of keys) {
      if (!enforced) continue;
      const counter = this.counter(key, t);
      if (counter.lockedUntil > t) wait = Math.max(wait, counter.lockedUntil - t);
      else if (counter.failures + counter.pending >= limit) wait = Math.max(wait, PENDING_RETRY_MS);
    }
    if (wait > 0) return { admitted: false, retryAfterMs: wait };
    for (const [key] of keys) this.counter(key, t).pending += 1;
    let settled = false;
    const settle = (outcome: 'ok' | 'failed' | 'cancelled') => {
      if (settled) return;
      settled = true;
      const at = this.now();
      for (const [key, limit] of keys) {
        const counter = this.counter(key, at);
        counter.pending = Math.max(0, counter.pending - 1);
        if (outcome === 'failed') this.countFailure(counter, limit, at);
      }
      if (outcome === 'ok') {
        this.counters.delete(pair);
        this.known.set(pair, at);
      }
      this.prune(at);
    };
    return { admitted: true, attempt: { succeed: () => settle('ok'), fail: () => settle('failed'), cancel: () => settle('cancelled') } };
  }

  private countFailure(counter: Counter, limit: number, t: number): void {
    counter.failures += 1;
    counter.lastFailureAt = t;
    if (counter.failures < limit) return;
    counter.strikes += 1;
    counter.lockedUntil = t + Math.min(this.settings.lockoutMs * 2 ** (counter.strikes - 1), this.settings.maxLockoutMs);
    counter.failures = 0;
    counter.windowStart = counter.lockedUntil;
  }

  /** The live counter of `key`: failures older than the window are forgotten, strikes after `maxLockoutMs` of quiet. */
  private counter(key: string, t: number): Counter {
    let counter = this.counters.get(key);
    if (counter && counter.pending === 0 && counter.lockedUntil <= t && t - counter.lastFailureAt > this.settings.maxLockoutMs) {
      counter = undefined;
    }
    if (!counter) {
      counter = { failures: 0, pending: 0, windowStart: t, lockedUntil: 0, strikes: 0, lastFailureAt: t };
      this.counters.set(key, counter);
    } else if (counter.lockedUntil <= t && t - counter.windowStart > this.settings.lockoutMs) {
      counter.failures = 0;
      counter.windowStart = t;
    }
    return counter;
  }

  /** Drops idle counters and stale known pairs once the maps grow (old attempts are not kept forever). */
  private prune(t: number): void {
    if (this.counters.size >= 10_000) {
      for (const [key, c] of this.counters) {
        if (c.pending === 0 && c.lockedUntil <= t && t - c.lastFailureAt > this.settings.lockoutMs && c.strikes === 0) this.counters.delete(key);
        else if (c.pending === 0 && c.lockedUntil <= t && t - c.lastFailureAt > this.settings.maxLockoutMs) this.counters.delete(key);
      }
    }
    if (this.known.size >= 10_000) {
      for (const [key, at] of this.known) if (t - at >= this.knownForMs) this.known.delete(key);
    }
  }
}
