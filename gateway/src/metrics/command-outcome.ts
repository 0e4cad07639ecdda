import { CallErrorResponseError, CallTimeoutError, ConnectionLostError, InvalidCallResultError } from '../errors.ts';

/** How a server-initiated CALL (a command) ended, as the `outcome` label of `csms_gateway_commands_total`. */
export type CommandOutcome = 'accepted' | 'rejected' | 'answered' | 'call_error' | 'timeout' | 'connection_lost' | 'invalid_response' | 'refused';

/**
 * Statuses that mean the station did what was asked (the spec's names per action: `Accepted` almost everywhere,
 * `Unlocked` for UnlockConnector, `RebootRequired` and `Scheduled` for changes that take effect later).
 */
const DONE = new Set(['Accepted', 'Unlocked', 'RebootRequired', 'Scheduled', 'AcceptedCanceled', 'Canceled']);

/**
 * The outcome of an answered CALL: `accepted` for a success status, `rejected` for any other status (Rejected,
 * NotSupported, UnlockFailed …), `answered` for an answer without a `status` (GetConfiguration, GetVariables …).
 */
export function answeredOutcome(payload: unknown): CommandOutcome {
  const status = typeof payload === 'object' && payload !== null ? (payload as { status?: unknown }).status : undefined;
  if (typeof status !== 'string') return 'answered';
  return DONE.has(status) ? 'accepted' : 'rejected';
}

/** The outcome of a CALL that failed, from the actor's error (docs/deployment.md, Metrics). */
export function failedOutcome(error: unknown): CommandOutcome {
  if (error instanceof CallTimeoutError) return 'timeout';
  if (error instanceof CallErrorResponseError) return 'call_error';
  if (error instanceof ConnectionLostError) return 'connection_lost';
  if (error instanceof InvalidCallResultError) return 'invalid_response';
  // InvalidCallError, CallQueueFullError and anything else: the CALL never reached the station
  return 'refused';
}
