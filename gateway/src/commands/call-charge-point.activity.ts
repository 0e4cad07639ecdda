import { ApplicationFailure } from '@temporalio/common';
import { isSealedSecret, openSealedSecret, SealedSecretError, webPaymentsSecret, type SecretKey } from '@csms/db';
import {
  FailureType,
  WEB_PAYMENTS_COMPONENT,
  WEB_PAYMENTS_SECRET_PLACEHOLDER,
  type ChargePointCallErrorDetails,
  type GatewayActivities,
} from '@csms/temporal';
import type { StationActor } from '../actor/station-actor.ts';
import { REDACTED, redactSecrets } from '../station/redact-secrets.ts';
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
 * The payload as it leaves for the station: a `WebPaymentsCtrlr.SharedSecret` placeholder in a SetVariables becomes the
 * station's derived secret here, on the node, so the secret never enters a workflow history. Without the server key
 * the placeholder cannot be filled, and the CALL is refused rather than sent with it.
 */
function withSecrets(chargePointId: string, action: string, payload: Record<string, unknown>, secretKey: SecretKey | undefined, nowMs: number): Record<string, unknown> {
  const opened = withOpenedSecrets(chargePointId, action, payload, secretKey, nowMs);
  if (action !== 'SetVariables' || !Array.isArray(opened.setVariableData)) return opened;
  return withWebPaymentsSecret(chargePointId, opened, secretKey);
}

/**
 * A sealed configuration value (a station password the web app sealed, docs/security.md "Secrets out of workflow
 * histories") is opened here, as the frame leaves; one that does not open (expired, another station or key, another
 * server key) refuses the command rather than sending the station the sealed text.
 */
function withOpenedSecrets(chargePointId: string, action: string, payload: Record<string, unknown>, secretKey: SecretKey | undefined, nowMs: number): Record<string, unknown> {
  const open = (key: string, sealed: string) => {
    if (!secretKey) throw failure(FailureType.InvalidCommand, 'this gateway node has no server key to open the sealed value', { reason: 'NotSupported' });
    try {
      return openSealedSecret(secretKey, { chargePointId, key }, sealed, nowMs);
    } catch (error) {
      if (error instanceof SealedSecretError) throw failure(FailureType.InvalidCommand, `the value for ${key} cannot be sent: ${error.message}`, { reason: 'InvalidArgument' });
      throw error;
    }
  };
  if (action === 'ChangeConfiguration' && typeof payload.key === 'string' && isSealedSecret(payload.value)) {
    return { ...payload, value: open(payload.key, payload.value) };
  }
  if (action === 'SetVariables' && Array.isArray(payload.setVariableData)) {
    const entries = payload.setVariableData as Record<string, unknown>[];
    if (!entries.some((entry) => isSealedSecret(entry.attributeValue))) return payload;
    return {
      ...payload,
      setVariableData: entries.map((entry) => {
        if (!isSealedSecret(entry.attributeValue)) return entry;
        const key = `${(entry.component as { name?: unknown } | undefined)?.name}.${(entry.variable as { name?: unknown } | undefined)?.name}`;
        return { ...entry, attributeValue: open(key, entry.attributeValue) };
      }),
    };
  }
  return payload;
}

function withWebPaymentsSecret(chargePointId: string, payload: Record<string, unknown>, secretKey: SecretKey | undefined): Record<string, unknown> {
  const entries = payload.setVariableData as Record<string, unknown>[];
  const isPlaceholder = (entry: Record<string, unknown>) =>
    entry.attributeValue === WEB_PAYMENTS_SECRET_PLACEHOLDER && (entry.component as { name?: unknown } | undefined)?.name === WEB_PAYMENTS_COMPONENT;
  if (!entries.some(isPlaceholder)) return payload;
  if (!secretKey) throw failure(FailureType.InvalidCommand, 'this gateway node has no server key to derive the web payments secret', { reason: 'NotSupported' });
  const secret = webPaymentsSecret(secretKey, chargePointId);
  return { ...payload, setVariableData: entries.map((entry) => (isPlaceholder(entry) ? { ...entry, attributeValue: secret } : entry)) };
}

/**
 * The answer as the workflow may keep it: a secret a station reads back (GetConfiguration `AuthorizationKey`,
 * GetVariables `BasicAuthPassword` or `SharedSecret`, which compliant stations refuse as write-only) is redacted,
 * since the activity's result lands in the workflow history and the API's answer.
 */
function withoutSecrets(answer: Record<string, unknown>): Record<string, unknown> {
  const text = JSON.stringify([3, '', answer]);
  const redacted = redactSecrets(text);
  if (redacted === text) return answer;
  return redacted === REDACTED ? {} : ((JSON.parse(redacted) as unknown[])[2] as Record<string, unknown>);
}

/** Options of {@link createGatewayActivities}. */
export interface GatewayActivityOptions {
  /** The server pepper: fills the web payments secret of a SetVariables (OCPP 2.1 C25). */
  readonly secretKey?: SecretKey;
  /** Closes the station's connection on this node; false when it holds none. Without it nothing is closed. */
  readonly disconnect?: (chargePointId: string, reason: string) => boolean;
}

/**
 * The gateway node's activities, polled on `gateway.<nodeId>`: `callChargePoint` sends one CALL through the station's
 * actor (which keeps one CALL in flight) and returns its validated CALLRESULT. Never retried: a command is sent at
 * most once (DESIGN.md §3).
 */
export function createGatewayActivities(actorOf: (chargePointId: string) => AnyActor | undefined, options: GatewayActivityOptions = {}): GatewayActivities {
  return {
    async callChargePoint({ chargePointId, action, payload, callTimeoutMs }) {
      const actor = actorOf(chargePointId);
      if (!actor || actor.closed) throw failure(FailureType.ChargePointOffline, `${chargePointId} is not connected to this node`);
      const sent = withSecrets(chargePointId, action, payload as Record<string, unknown>, options.secretKey, Date.now());
      try {
        const result = await actor.call(action, sent, { timeoutMs: callTimeoutMs });
        return { payload: withoutSecrets(result as Record<string, unknown>) };
      } catch (error) {
        throw toCommandFailure(error);
      }
    },
    async disconnectChargePoint({ chargePointId, reason }) {
      return { closed: options.disconnect?.(chargePointId, reason) ?? false };
    },
  };
}
