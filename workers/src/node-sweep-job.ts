import type { Database } from '@csms/db';
import type { Logger } from 'pino';

/**
 * Sweeps lapsed gateway node leases every `intervalMs` (docs/gateway.md, Node liveness): the stations of a node that
 * stopped renewing are marked offline with the reason, so a node that died for good leaves no station shown online
 * for longer than its lease plus one interval. Never two sweeps at once; a failure is logged and retried at the next
 * tick. Returns a function that stops it.
 */
export function scheduleNodeSweep(database: Pick<Database, 'gatewayNodes'>, intervalMs: number, log: Logger): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    database.gatewayNodes
      .sweepExpired(new Date())
      .then((expired) => {
        for (const node of expired) {
          log.warn(
            { nodeId: node.nodeId, leaseExpiredAt: node.leaseExpiredAt.toISOString(), stations: node.stations.length },
            'gateway node stopped renewing its lease; its stations are marked offline',
          );
        }
      })
      .catch((error: unknown) => log.warn({ err: error }, 'node sweep failed; retrying at the next interval'))
      .finally(() => {
        running = false;
      });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
