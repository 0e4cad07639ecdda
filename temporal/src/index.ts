/**
 * Contracts between the Temporal users of the system (workflows, workers, gateway, web). Everything exported here is
 * safe inside the workflow sandbox: no Node built-ins, no I/O.
 */
export * from './charge-point-command.ts';
export * from './charging-session.ts';
export * from './charging-profile.ts';
export * from './connection.ts';
export * from './failures.ts';
export * from './paid-session.ts';
export * from './ocpp-version.ts';
export * from './offer.ts';
export * from './payments.ts';
export * from './pricing.ts';
export * from './secret-configuration.ts';
export * from './station-revocation.ts';
export * from './system-probe.ts';
export * from './task-queues.ts';
export * from './web-payments.ts';
export * from './workflow-ids.ts';
export * from './certificates.ts';
