/**
 * The per-connection station actor and the OCPP router: transport-agnostic protocol mechanics (ordering,
 * retransmissions, server-initiated CALLs, validation, CALLERROR mapping) around typed handler tables.
 */
export {
  type ActionMapShape,
  type Clock,
  type Handler,
  type HandlerTable,
  OCPP16_HANDLED_ACTIONS,
  OCPP2_HANDLED_ACTIONS,
  type Ocpp16HandledAction,
  type Ocpp16HandlerTable,
  type Ocpp201HandlerTable,
  type Ocpp21HandlerTable,
  type Ocpp2HandledAction,
  type ProtocolLogger,
  type SendHandler,
  type StationContext,
} from './handler.ts';
export { OcppRouter, type OcppRouterOptions } from './router.ts';
export { RetransmitCache } from './retransmit-cache.ts';
export { OutgoingCalls, type OutgoingCallsOptions } from './outgoing-calls.ts';
export { type CallOptions, type MessageObserver, StationActor, type StationActorOptions } from './station-actor.ts';
export { createStubHandlers16, createStubHandlers201, createStubHandlers21 } from './stub-handlers.ts';
