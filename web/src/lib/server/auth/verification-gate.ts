/** Thrown by {@link VerificationGate.run} when the gate and its queue are full. */
export class GateBusyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Caps password verifications in flight. scrypt runs on libuv's thread pool (4 threads by default), which SQLite
 * and file I/O share: without a cap, a burst of sign-ins (many names from many addresses) would queue every other
 * request behind it. Up to `maxInFlight` run at once, up to `maxQueued` wait, and further callers are refused.
 */
export class VerificationGate {
  private inFlight = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    private readonly maxInFlight: number,
    private readonly maxQueued: number,
  ) {}

  /** Runs `task` when a slot is free; throws {@link GateBusyError} at once when the queue is full. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.maxInFlight) {
      if (this.queue.length >= this.maxQueued) throw new GateBusyError('too many sign-ins in progress');
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.inFlight += 1;
    }
    try {
      return await task();
    } finally {
      // hand the slot straight to the next waiter, so a newcomer cannot overtake the queue
      const next = this.queue.shift();
      if (next) next();
      else this.inFlight -= 1;
    }
  }
}
