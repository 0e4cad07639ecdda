import { TimeoutType } from '@temporalio/common';
import { ActivityFailure, ApplicationFailure, proxyActivities, TimeoutFailure } from '@temporalio/workflow';
import {
  FailureType,
  gatewayTaskQueue,
  type ChargePointCommandInput,
  type ChargePointCommandResult,
  type CommandActivities,
  type GatewayActivities,
} from '@csms/temporal';
import { interpretResult } from './interpret-result.ts';

/** How long the station may take to answer a CALL (OCPP.Core and most peers: 30 s). */
const CALL_TIMEOUT_MS = 30_000;
/** A node that does not pick the activity up this quickly is gone: the station counts as offline. */
const NODE_PICKUP_TIMEOUT = '5 seconds';

const { prepareStationCall } = proxyActivities<CommandActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: [FailureType.InvalidCommand, FailureType.ChargePointOffline] },
});

/**
 * One operator command against a station (DESIGN.md §3): look the station up and build the version-specific CALL
 * on the worker, then send it exactly once through the gateway node that holds the socket. A command is never
 * retried (a retried Reset or RemoteStart is a second command); a node that does not pick it up counts as offline.
 */
export async function chargePointCommand(input: ChargePointCommandInput): Promise<ChargePointCommandResult> {
  const call = await prepareStationCall(input).catch(unwrapApplicationFailure);
  const callTimeoutMs = input.callTimeoutMs ?? CALL_TIMEOUT_MS;
  const { callChargePoint } = proxyActivities<GatewayActivities>({
    taskQueue: gatewayTaskQueue(call.nodeId),
    scheduleToStartTimeout: NODE_PICKUP_TIMEOUT,
    // the actor may first wait for the CALL in flight before it, then the station's answer
    startToCloseTimeout: callTimeoutMs * 2 + 5_000,
    retry: { maximumAttempts: 1 },
  });
  try {
    const { payload } = await callChargePoint({
      chargePointId: input.chargePointId,
      action: call.action,
      payload: call.payload,
      callTimeoutMs,
    });
    return interpretResult(call.action, payload);
  } catch (error) {
    if (error instanceof ActivityFailure && error.cause instanceof TimeoutFailure) {
      const pickup = error.cause.timeoutType === TimeoutType.SCHEDULE_TO_START;
      throw ApplicationFailure.create({
        type: pickup ? FailureType.ChargePointOffline : FailureType.ChargePointTimeout,
        message: pickup ? `gateway node ${call.nodeId} did not take the command` : 'the station did not answer in time',
        nonRetryable: true,
      });
    }
    return unwrapApplicationFailure(error);
  }
}

/** The workflow fails with the activity's own typed failure, so callers see `InvalidCommand`, not a wrapper. */
function unwrapApplicationFailure(error: unknown): never {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) throw error.cause;
  throw error;
}
