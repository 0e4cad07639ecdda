import { proxyActivities } from '@temporalio/workflow';
import { gatewayTaskQueue, type GatewayActivities, type RevokeStationConnectionInput, type RevokeStationConnectionResult } from '@csms/temporal';

/**
 * Closes a station's live connection on the gateway node that holds it (docs/security.md, revocation): the web app
 * starts it after deleting a station or changing its password, security profile or certificate thumbprint, so the
 * old credentials stop working at once and the station must log in again. A node that does not pick it up within
 * seconds is down, and its connections with it.
 */
export async function revokeStationConnection(input: RevokeStationConnectionInput): Promise<RevokeStationConnectionResult> {
  const { disconnectChargePoint } = proxyActivities<GatewayActivities>({
    taskQueue: gatewayTaskQueue(input.nodeId),
    scheduleToStartTimeout: '10 seconds',
    startToCloseTimeout: '10 seconds',
    retry: { maximumAttempts: 1 },
  });
  try {
    return await disconnectChargePoint({ chargePointId: input.chargePointId, reason: input.reason });
  } catch {
    // the node did not take it: it is gone, and so is every connection it held
    return { closed: false };
  }
}
