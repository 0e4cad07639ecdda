/** Delays between attempts to record a connection: doubling from half a second to at most 30 seconds. */
export const RECORD_RETRY_FIRST_MS = 500;
export const RECORD_RETRY_MAX_MS = 30_000;

/**
 * Records a connection with `attempt` (the node writer's `connect`, resolving with the connection's epoch) and tries
 * again after a failure — a database that is down or restarting — for as long as `open()` says the connection is
 * open. Without this a station that connected during a database outage stayed shown offline until its next
 * reconnect (found by the kill-restart chaos test on PostgreSQL). Rejects with the last error once the connection is
 * closed before any attempt succeeded.
 */
export function recordConnection(
  attempt: () => Promise<number>,
  open: () => boolean,
  onRetry: (error: unknown, retryInMs: number) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let delayMs = RECORD_RETRY_FIRST_MS;
    const tryOnce = () => {
      attempt().then(resolve, (error: unknown) => {
        if (!open()) return reject(error);
        onRetry(error, delayMs);
        setTimeout(tryOnce, delayMs).unref();
        delayMs = Math.min(delayMs * 2, RECORD_RETRY_MAX_MS);
      });
    };
    tryOnce();
  });
}
