/** Charge point simulators (library, CLI, browser page, load generator) arrive with the simulators issue. */
export { OCPP_SUBPROTOCOLS } from '@csms/gateway/protocol';
