/**
 * `ApplicationFailure` types shared by workflows, activities and the callers that translate them at the edges
 * (HTTP status in the web app, CALLERROR in the gateway).
 */
export const FailureType = {
  /** No gateway node holds a connection to the station. */
  ChargePointOffline: 'ChargePointOffline',
  /** The station did not answer the CALL within the OCPP call timeout. */
  ChargePointTimeout: 'ChargePointTimeout',
  /** The station answered with a CALLERROR (details carry the OCPP error code). */
  ChargePointCallError: 'ChargePointCallError',
  /** The station's CALLRESULT failed schema validation. */
  ChargePointInvalidResponse: 'ChargePointInvalidResponse',
  /** The socket closed while the CALL was pending. */
  ConnectionLost: 'ConnectionLost',
  /** The request itself is invalid (unknown station, unknown tag, no open transaction…). */
  InvalidCommand: 'InvalidCommand',
} as const;

export type FailureType = (typeof FailureType)[keyof typeof FailureType];
