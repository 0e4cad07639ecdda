/**
 * Slows down password guessing: after `maxFailures` failed sign-ins for one user name, or from one client address,
 * within the lockout window, further attempts are refused until the window has passed. In memory, per process (the
 * web app runs as one process; several instances each keep their own count).
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; first: number; lockedUntil: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly lockoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `username` from `address` may try again; 0 when allowed now. */
  retryAfterMs(username: string, address: string): number {
    const t = this.now();
    let wait = 0;
    for (const key of this.keys(username, address)) {
      const entry = this.failures.get(key);
      if (entry && entry.lockedUntil > t) wait = Math.max(wait, entry.lockedUntil - t);
    }
    return wait;
  }

  /** Counts a failed attempt. */
  fail(username: string, address: string): void {
    const t = this.now();
    for (const key of this.keys(username, address)) {
      let entry = this.failures.get(key);
      if (!entry || t - entry.first > this.lockoutMs) entry = { count: 0, first: t, lockedUntil: 0 };
      entry.count += 1;
      // the address limit is looser: several people may share one NAT address
      const limit = key.startsWith('a:') ? this.maxFailures * 4 : this.maxFailures;
      if (entry.count >= limit) entry.lockedUntil = t + this.lockoutMs;
      this.failures.set(key, entry);
    }
    this.prune(t);
  }

  /** Forgets the failures of `username` after a successful sign-in. */
  succeed(username: string): void {
    this.failures.delete(`u:${username.toLowerCase()}`);
  }

  private keys(username: string, address: string): string[] {
    return [`u:${username.toLowerCase()}`, `a:${address}`];
  }

  private prune(t: number): void {
    if (this.failures.size < 10_000) return;
    for (const [key, entry] of this.failures) {
      if (entry.lockedUntil <= t && t - entry.first > this.lockoutMs) this.failures.delete(key);
    }
  }
}
