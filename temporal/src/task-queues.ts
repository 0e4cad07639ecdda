/**
 * Task queue names shared by every Temporal user in the system.
 *
 * The worker process polls {@link WORKER_TASK_QUEUE} for workflows and the database/Stripe activities. Each gateway
 * node polls its own queue so that a command reaches the node that holds the station's socket (DESIGN.md §2).
 */
export const WORKER_TASK_QUEUE = 'csms.worker';

/** Prefix of the per-node gateway task queues. */
export const GATEWAY_TASK_QUEUE_PREFIX = 'gateway.';

/** What a gateway node id may be (`GATEWAY_NODE_ID`): it names the node's task queue. */
export const NODE_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** The task queue polled by the gateway node `nodeId`. */
export function gatewayTaskQueue(nodeId: string): string {
  if (!NODE_ID_PATTERN.test(nodeId)) {
    throw new RangeError(`invalid gateway node id "${nodeId}": use 1-64 letters, digits, '.', '_' or '-'`);
  }
  return `${GATEWAY_TASK_QUEUE_PREFIX}${nodeId}`;
}
