import { setTimeout as sleep } from 'node:timers/promises';
import { TransportError } from '@temporalio/worker';
import type { Logger } from 'pino';

/** Options of {@link whenTemporalAnswers}. */
export interface AwaitTemporalOptions {
  readonly log: Logger;
  /** Checked between attempts: true ends the wait (the process is stopping). */
  readonly stopped: () => boolean;
  /** First delay between attempts; it doubles up to `maxDelayMs`. Defaults 1 s and 15 s. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

/**
 * Runs `connect` until Temporal answers. A worker started while Temporal is down (a restart during an outage, the
 * dev server still coming up) waits instead of exiting: under the start command, a worker that died at every
 * restart would soon count as "keeps dying" and stop the whole system. Errors other than an unreachable server are
 * thrown. Resolves `undefined` when `stopped()` turns true while waiting.
 */
export async function whenTemporalAnswers<T>(connect: () => Promise<T>, options: AwaitTemporalOptions): Promise<T | undefined> {
  let delayMs = options.initialDelayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    if (options.stopped()) return undefined;
    try {
      return await connect();
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      options.log.warn({ err: error, attempt, retryInMs: delayMs }, 'Temporal does not answer; waiting for it');
    }
    await sleep(delayMs);
    delayMs = Math.min(delayMs * 2, options.maxDelayMs ?? 15_000);
  }
}
