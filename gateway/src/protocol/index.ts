/**
 * The pure OCPP-J protocol part of the gateway (types, schemas, validation, framing, error codes), shared with the
 * simulators as `@csms/gateway/protocol`. No sockets, no database.
 */
export const OCPP_SUBPROTOCOLS = ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.0', 'ocpp2.1'] as const;
export type OcppSubprotocol = (typeof OCPP_SUBPROTOCOLS)[number];
