import { defineEntity, p } from '@mikro-orm/core';

/**
 * A gateway node's lease (docs/persistence.md, Node liveness). A running node renews it every third of its length;
 * when it lapses the worker's sweeper marks the node's stations offline and sets `expiredAt`. `stoppedAt` marks a
 * node that shut down cleanly (it marked its own stations offline).
 */
export const GatewayNodeEntity = defineEntity({
  name: 'GatewayNode',
  tableName: 'gateway_node',
  properties: {
    nodeId: p.string().length(100).primary(),
    startedAt: p.datetime(),
    renewedAt: p.datetime(),
    leaseExpiresAt: p.datetime(),
    expiredAt: p.datetime().nullable(),
    stoppedAt: p.datetime().nullable(),
  },
});
