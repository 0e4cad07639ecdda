import { randomUUID } from 'node:crypto';
import { ApplicationFailure, ServiceError, TimeoutFailure, WorkflowFailedError } from '@temporalio/client';
import {
  CHARGE_POINT_COMMAND_WORKFLOW,
  chargePointCommandWorkflowId,
  FailureType,
  type ChargePointCallErrorDetails,
  type ChargePointCommand,
  type ChargePointCommandInput,
  type ChargePointCommandResult,
  type ChargePointCommandWorkflow,
  type InvalidCommandDetails,
} from '@csms/temporal';
import { ApiError } from '../errors.ts';
import type { Services } from '../services.ts';
import { sealCommandSecrets } from './command-secrets.ts';
import { prepareProfileChange } from './security-profile-change.ts';

/** How long starting the workflow may take before Temporal counts as unavailable. */
const START_DEADLINE_MS = 5000;

/** Translates the workflow's typed failure into the HTTP answer of DESIGN.md §4. */
export function commandFailureToApiError(error: unknown): ApiError {
  // Temporal went away while the answer was awaited: the command may or may not have reached the station
  if (error instanceof ServiceError) {
    return new ApiError(503, 'TemporalUnavailable', 'Temporal stopped answering while the command ran: whether the station got it is unknown', {}, { cause: error });
  }
  const cause = error instanceof WorkflowFailedError ? error.cause : undefined;
  if (cause instanceof TimeoutFailure) {
    return new ApiError(504, 'ChargePointTimeout', 'the command did not finish in time', {}, { cause: error });
  }
  if (cause instanceof ApplicationFailure) {
    const message = cause.message || String(cause.type);
    switch (cause.type) {
      case FailureType.ChargePointOffline:
        return new ApiError(409, 'ChargePointOffline', message, {}, { cause: error });
      case FailureType.ChargePointTimeout:
        return new ApiError(504, 'ChargePointTimeout', message, {}, { cause: error });
      case FailureType.ChargePointCallError: {
        const details = (cause.details?.[0] ?? {}) as Partial<ChargePointCallErrorDetails>;
        return new ApiError(502, 'ChargePointError', message, {
          ocppErrorCode: details.errorCode ?? 'GenericError',
          ...(details.errorDescription ? { ocppErrorDescription: details.errorDescription } : {}),
        }, { cause: error });
      }
      case FailureType.ChargePointInvalidResponse:
        return new ApiError(502, 'ChargePointInvalidResponse', message, {}, { cause: error });
      case FailureType.ConnectionLost:
        return new ApiError(502, 'ConnectionLost', message, {}, { cause: error });
      case FailureType.InvalidCommand: {
        const reason = ((cause.details?.[0] ?? {}) as Partial<InvalidCommandDetails>).reason ?? 'InvalidArgument';
        const status = reason === 'UnknownChargePoint' || reason === 'UnknownConnector' ? 404 : 400;
        return new ApiError(status, reason, message, {}, { cause: error });
      }
    }
  }
  return new ApiError(500, 'Internal', 'the command failed', {}, { cause: error });
}

/** The station did not answer usefully (offline, no answer, CALLERROR, a bad answer): refusals of bad input are not. */
function isStationFailure(error: ApiError): boolean {
  return error.status >= 500 || error.code === 'ChargePointOffline';
}

/** Keeps a failure for the alerts list; a failure to keep it is logged, never put in place of the command's own error. */
async function recordFailure(services: Services, chargePointId: string, command: ChargePointCommand, error: ApiError, requestedBy: string): Promise<void> {
  try {
    await services.db.commandFailures.record({ chargePointId, command: command.type, code: error.code, message: error.message, requestedBy, failedAt: new Date() });
  } catch (recordError) {
    services.log.warn({ err: recordError, chargePointId, code: error.code }, 'cannot record a failed command for the alerts');
  }
}

/**
 * Runs one command against a station through the `chargePointCommand` workflow (the web app never calls the
 * gateway) and returns the station's answer, or throws the mapped {@link ApiError}.
 */
export async function runCommand(
  services: Services,
  chargePointId: string,
  command: ChargePointCommand,
  requestedBy: string,
): Promise<ChargePointCommandResult> {
  if (!(await services.db.chargePoints.get(chargePointId))) {
    throw new ApiError(404, 'NotFound', `charge point "${chargePointId}" does not exist`);
  }
  const commandId = randomUUID();
  const workflowId = chargePointCommandWorkflowId(chargePointId, commandId);
  const { temporal, temporalConnection, config, log } = services;
  // a secret value is sealed for no longer than the workflow may run, plus a minute for clocks that differ
  const sealed = sealCommandSecrets(services, chargePointId, command, Date.now() + config.commandTimeoutMs + 60_000);
  const profileChange = await prepareProfileChange(services.db, chargePointId, command);
  const input: ChargePointCommandInput = { chargePointId, commandId, command: sealed.command, requestedBy };
  let handle;
  try {
    handle = await temporalConnection.withDeadline(Date.now() + START_DEADLINE_MS, () =>
      temporal.workflow.start<ChargePointCommandWorkflow>(CHARGE_POINT_COMMAND_WORKFLOW, {
        workflowId,
        taskQueue: config.commandTaskQueue,
        args: [input],
        workflowExecutionTimeout: config.commandTimeoutMs,
      }),
    );
  } catch (error) {
    log.warn({ err: error, chargePointId, workflowId }, 'cannot start a command workflow');
    throw new ApiError(503, 'TemporalUnavailable', 'commands are unavailable right now (Temporal does not answer)', {}, { cause: error });
  }
  log.info({ chargePointId, workflowId, command: command.type, by: requestedBy }, 'command started');
  let result: ChargePointCommandResult;
  try {
    result = await handle.result();
  } catch (error) {
    const apiError = commandFailureToApiError(error);
    log.info({ chargePointId, workflowId, code: apiError.code }, 'command failed');
    if (isStationFailure(apiError)) await recordFailure(services, chargePointId, command, apiError, requestedBy);
    throw apiError;
  }
  try {
    if (await sealed.afterResult(result)) log.info({ chargePointId, workflowId, by: requestedBy }, 'station password changed by a configuration command: stored');
  } catch (error) {
    log.error({ err: error, chargePointId, workflowId }, 'the station took a new password, but storing it failed');
    throw new ApiError(500, 'Internal', 'the station accepted the new password, but it could not be stored: set the same password in the station settings', {}, { cause: error });
  }
  try {
    const profile = await profileChange.afterResult(result);
    if (profile !== undefined) log.info({ chargePointId, workflowId, by: requestedBy, securityProfile: profile }, 'station security profile changed by a configuration command: stored');
  } catch (error) {
    log.error({ err: error, chargePointId, workflowId }, 'the station took a new security profile, but storing it failed');
    throw new ApiError(500, 'Internal', 'the station accepted the new security profile, but it could not be stored: set the same profile in the station settings', {}, { cause: error });
  }
  return result;
}
