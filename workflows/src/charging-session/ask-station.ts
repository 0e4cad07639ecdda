import { proxyActivities } from '@temporalio/workflow';
import { gatewayTaskQueue, type ChargingSessionActivities, type GatewayActivities } from '@csms/temporal';

const { describeSessionStation } = proxyActivities<ChargingSessionActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5 },
});

/** What the station says about a transaction the session believes stale. */
export type StationAnswer = 'ongoing' | 'queued' | 'ended' | 'unknown';

/**
 * Asks a 2.x station about a session the workflow is about to close (GetTransactionStatus, OCPP 2.0.1 E14): still
 * `ongoing`, its stop still `queued` in the station, `ended`, or `unknown` (1.6 has no such message; the station is
 * offline or does not answer). Never throws: an unanswered question must not keep a session open.
 */
export async function askStation(transactionId: number): Promise<StationAnswer> {
  const station = await describeSessionStation({ transactionId });
  if (!station) return 'ended';
  if (station.version === '1.6' || station.version === null || !station.nodeId || !station.externalId) return 'unknown';
  const { callChargePoint } = proxyActivities<GatewayActivities>({
    taskQueue: gatewayTaskQueue(station.nodeId),
    scheduleToStartTimeout: '5 seconds',
    startToCloseTimeout: '65 seconds',
    retry: { maximumAttempts: 1 },
  });
  try {
    const { payload } = await callChargePoint({
      chargePointId: station.chargePointId,
      action: 'GetTransactionStatus',
      payload: { transactionId: station.externalId },
      callTimeoutMs: 30_000,
    });
    if (payload.ongoingIndicator === true) return 'ongoing';
    return payload.messagesInQueue === true ? 'queued' : 'ended';
  } catch {
    return 'unknown';
  }
}
