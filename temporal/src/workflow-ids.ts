/**
 * Workflow-id builders. A workflow id is the durable identity of a session or command: the gateway's outbox relay,
 * the web app and the workflows themselves must agree on it, so it is only ever built here.
 */

/** Station ids come from a URL path segment; keep them readable but make the separator unambiguous. */
function segment(value: string | number): string {
  return encodeURIComponent(String(value));
}

/** `session/<chargePointId>/<txKey>`: one charging session (txKey: the transaction's key or the paid intent's key). */
export function chargingSessionWorkflowId(chargePointId: string, txKey: string | number): string {
  return `session/${segment(chargePointId)}/${segment(txKey)}`;
}

/** `command/<chargePointId>/<commandId>`: one operator command against a station. */
export function chargePointCommandWorkflowId(chargePointId: string, commandId: string): string {
  return `command/${segment(chargePointId)}/${segment(commandId)}`;
}

/** `probe/<probeId>`: the wiring check run by health checks and the smoke test. */
export function systemProbeWorkflowId(probeId: string): string {
  return `probe/${segment(probeId)}`;
}
