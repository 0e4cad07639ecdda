/** How a station waits between reconnect attempts (2.0.1 OCPPCommCtrlr RetryBackOff* in spirit). */
export interface BackoffOptions {
  /** First wait, in ms (RetryBackOffWaitMinimum). Default 1,000. */
  readonly minDelayMs?: number;
  /** Longest wait, in ms. Default 30,000. */
  readonly maxDelayMs?: number;
  /** Each failed attempt multiplies the wait by this. Default 2. */
  readonly factor?: number;
  /** Up to this many ms of random delay are added (RetryBackOffRandomRange), against reconnect storms. Default 0. */
  readonly jitterMs?: number;
}

/** The wait before reconnect attempt number `attempt` (0 for the first retry). */
export function backoffDelay(options: BackoffOptions, attempt: number, random: () => number = Math.random): number {
  const min = options.minDelayMs ?? 1_000;
  const max = options.maxDelayMs ?? 30_000;
  const factor = options.factor ?? 2;
  const base = Math.min(max, min * factor ** Math.min(attempt, 32));
  const jitter = options.jitterMs ?? 0;
  return Math.round(base + (jitter > 0 ? random() * jitter : 0));
}
