import type { Database } from '@csms/db';
import { ocppVersionOf, type ChargingSessionActivities } from '@csms/temporal';

/** The session workflow's database activities. Idempotent: Temporal may run an attempt twice. */
export function createChargingSessionActivities(database: Database): ChargingSessionActivities {
  return {
    async linkSessionWorkflow({ transactionId, workflowId }) {
      await database.transactions.link(transactionId, { workflowId });
    },
    async closeStaleSession({ transactionId, reason, at }) {
      const transaction = await database.transactions.get(transactionId);
      if (!transaction || transaction.stoppedAt !== null || transaction.status !== 'Active') return false;
      await database.transactions.close(transactionId, reason, new Date(at));
      return true;
    },
    async describeSessionStation({ transactionId }) {
      const transaction = await database.transactions.get(transactionId);
      if (!transaction || transaction.status !== 'Active' || transaction.stoppedAt !== null) return null;
      const station = await database.chargePoints.get(transaction.chargePointId);
      return {
        chargePointId: transaction.chargePointId,
        version: ocppVersionOf(station?.protocol ?? null),
        nodeId: station?.online ? station.nodeId : null,
        externalId: transaction.externalId,
      };
    },
  };
}
