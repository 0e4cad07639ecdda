import { ApplicationFailure, log, patched, proxyActivities } from '@temporalio/workflow';
import { FailureType, gatewayTaskQueue, type GatewayActivities, type OcppVersion } from '@csms/temporal';

/** How a remote start or stop went. */
export type CallOutcome = 'accepted' | 'rejected' | 'offline' | 'timeout';

function gateway(nodeId: string) {
  return proxyActivities<GatewayActivities>({
    taskQueue: gatewayTaskQueue(nodeId),
    // a node that does not pick the call up within seconds is gone: the station counts as offline
    scheduleToStartTimeout: '5 seconds',
    startToCloseTimeout: '65 seconds',
    // a CALL is sent at most once (DESIGN.md §3): a retried RemoteStart would be a second command
    retry: { maximumAttempts: 1 },
  });
}

async function call(nodeId: string, chargePointId: string, action: string, payload: Record<string, unknown>): Promise<CallOutcome> {
  try {
    const { payload: answer } = await gateway(nodeId).callChargePoint({ chargePointId, action, payload, callTimeoutMs: 30_000 });
    return answer.status === 'Accepted' ? 'accepted' : 'rejected';
  } catch (error) {
    const type = error instanceof ApplicationFailure ? error.type : (error as { cause?: { type?: string } })?.cause?.type;
    log.warn('station call failed', { action, chargePointId, type: type ?? 'unknown' });
    if (type === FailureType.ChargePointOffline) return 'offline';
    if (type === FailureType.ChargePointCallError || type === FailureType.ChargePointInvalidResponse) return 'rejected';
    // timeout, connection lost, no node: the station may still act on it
    return 'timeout';
  }
}

/** What the remote start of a paid session sends. */
export interface PaidStart {
  readonly chargePointId: string;
  readonly nodeId: string;
  readonly version: OcppVersion;
  readonly evseId: number;
  readonly idTag: string;
  readonly remoteStartId: number;
}

/** Runs started before it keep sending `Central` (their histories replay unchanged). */
export const DIRECT_PAYMENT_PATCH = 'c25-direct-payment-id-token';

/**
 * 1.6 RemoteStartTransaction or 2.x RequestStartTransaction with the session's generated tag. An OCPP 2.1 station
 * gets it as a `DirectPayment` id token, the payment's reference (C25: the start of a session paid on the web); 2.0.1
 * has no such type and keeps `Central`.
 */
export function remoteStart(start: PaidStart): Promise<CallOutcome> {
  if (start.version === '1.6') {
    return call(start.nodeId, start.chargePointId, 'RemoteStartTransaction', { connectorId: start.evseId, idTag: start.idTag });
  }
  const type = start.version === '2.1' && patched(DIRECT_PAYMENT_PATCH) ? 'DirectPayment' : 'Central';
  return call(start.nodeId, start.chargePointId, 'RequestStartTransaction', {
    evseId: start.evseId,
    remoteStartId: start.remoteStartId,
    idToken: { idToken: start.idTag, type },
  });
}

/** 1.6 RemoteStopTransaction (the row id) or 2.x RequestStopTransaction (the station's transaction id). */
export function remoteStop(stop: {
  chargePointId: string;
  nodeId: string;
  version: OcppVersion;
  transactionId: number;
  externalId: string | null;
}): Promise<CallOutcome> {
  if (stop.version === '1.6') return call(stop.nodeId, stop.chargePointId, 'RemoteStopTransaction', { transactionId: stop.transactionId });
  if (!stop.externalId) return Promise.resolve('rejected');
  return call(stop.nodeId, stop.chargePointId, 'RequestStopTransaction', { transactionId: stop.externalId });
}
