import { ApplicationFailure } from '@temporalio/common';
import { FailureType, type ChargePointCallErrorDetails, type GatewayActivities } from '@csms/temporal';
import type { StationActor } from '../actor/station-actor.ts';
import {
  CallErrorResponseError,
  CallQueueFullError,
  CallTimeoutError,
  ConnectionLostError,
  InvalidCallError,
  InvalidCallResultError,
} from '../errors.ts';

type AnyActor = Pick<StationActor, 'call' | 'closed'>;

function failure(type: FailureType, message: string, details?: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, ...(details === undefined ? {} : { details: [details] }) });
}

/** Translates the actor's errors into the typed failures the command workflow and the web app understand. */
export function toCommandFailure(error: unknown): unknown {
  if (error instanceof CallTimeoutError) return failure(FailureType.ChargePointTimeout, error.message);
  if (error instanceof ConnectionLostError) return failure(FailureType.ConnectionLost, error.message);
  if (error instanceof CallErrorResponseError) {
    const details: ChargePointCallErrorDetails = { errorCode: error.errorCode, errorDescription: error.errorDescription };
    return failure(FailureType.ChargePointCallError, error.message, details);
  }
  if (error instanceof InvalidCallResultError) return failure(FailureType.ChargePointInvalidResponse, error.message);
  if (error instanceof InvalidCallError || error instanceof CallQueueFullError) {
    return failure(FailureType.InvalidCommand, error.message, { reason: 'InvalidArgument' });
  }
  return error;
}

/**
 * The gateway node's activities, polled on `gateway.<nodeId>`: `callChargePoint` sends one CALL through the station's
 * actor (which keeps one CALL in flight) and returns its validated CALLRESULT. Never retried: a command is sent at
 * most once (DESIGN.md §3).
 */
export function createGatewayActivities(actorOf: (chargePointId: string) => AnyActor | undefined): GatewayActivities {
  return {
    async callChargePoint({ chargePointId, action, payload, callTimeoutMs }) {
      const actor = actorOf(chargePointId);
      if (!actor || actor.closed) throw failure(FailureType.ChargePointOffline, `${chargePointId} is not connected to this node`);
      try {
        const result = await actor.call(action, payload as object, { timeoutMs: callTimeoutMs });
        return { payload: result as Record<string, unknown> };
      } catch (error) {
        throw toCommandFailure(error);
      }
    },
  };
}
