/** Workflow type that runs one operator command against a station (DESIGN.md §3). */
export const CHARGE_POINT_COMMAND_WORKFLOW = 'chargePointCommand';

/** One OCPP CALL for the gateway node that holds the station's socket. */
export interface CallChargePointInput {
  readonly chargePointId: string;
  /** The version-specific OCPP action, e.g. `Reset` or `RequestStartTransaction`. */
  readonly action: string;
  readonly payload: Readonly<Record<string, unknown>>;
  /** How long the station may take to answer once the CALL is sent. */
  readonly callTimeoutMs: number;
}

/** The station's CALLRESULT payload, already validated against the response schema. */
export interface CallChargePointResult {
  readonly payload: Readonly<Record<string, unknown>>;
}

/**
 * Activities served by each gateway node on its own task queue (`gatewayTaskQueue(nodeId)`). Failures are
 * `ApplicationFailure`s typed with `FailureType` (offline, timeout, CALLERROR, invalid response, connection lost).
 */
export interface GatewayActivities {
  callChargePoint(input: CallChargePointInput): Promise<CallChargePointResult>;
}
