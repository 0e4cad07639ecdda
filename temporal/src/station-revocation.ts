/** Workflow type name of the revocation of a station's live connection. */
export const REVOKE_STATION_CONNECTION_WORKFLOW = 'revokeStationConnection';

/** A station whose credentials, security profile or existence changed: its live connection must go. */
export interface RevokeStationConnectionInput {
  readonly chargePointId: string;
  /** The gateway node the station table says holds the connection (`charge_point.node_id`). */
  readonly nodeId: string;
  /** Why, for the close frame and the log (e.g. `password changed`); at most 100 characters are sent. */
  readonly reason: string;
}

/** Whether a connection was found and closed on that node (false: it was already gone, or the node is down). */
export interface RevokeStationConnectionResult {
  readonly closed: boolean;
}

/** The `revokeStationConnection` workflow's signature, for typed starts. */
export type RevokeStationConnectionWorkflow = (input: RevokeStationConnectionInput) => Promise<RevokeStationConnectionResult>;

/** `revoke/<chargePointId>/<revocationId>`: one revocation of a station's connection. */
export function revokeStationConnectionWorkflowId(chargePointId: string, revocationId: string): string {
  return `revoke/${encodeURIComponent(chargePointId)}/${encodeURIComponent(revocationId)}`;
}
