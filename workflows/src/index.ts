/**
 * Every workflow the worker hosts. This file is the worker's `workflowsPath`: it is bundled into the deterministic
 * sandbox, so it and everything it imports must stay free of I/O (eslint enforces the import ban).
 */
export { chargePointCommand } from './charge-point-command/charge-point-command.workflow.ts';
export { chargingSession } from './charging-session/charging-session.workflow.ts';
export { refundPayment } from './refund-payment/refund-payment.workflow.ts';
export { revokeStationConnection } from './revoke-station-connection/revoke-station-connection.workflow.ts';
export { systemProbe } from './system-probe/system-probe.workflow.ts';
