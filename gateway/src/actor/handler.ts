import type { OcppVersion } from '@csms/temporal/ocpp-version';
import type { Ocpp16Action, Ocpp16ActionMap } from '../protocol/types/ocpp16.ts';
import type { Ocpp201Action, Ocpp201ActionMap } from '../protocol/types/ocpp201.ts';
import type { Ocpp21Action, Ocpp21ActionMap } from '../protocol/types/ocpp21.ts';

/** The logging surface handlers and the actor use; a pino logger satisfies it. */
export interface ProtocolLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Time source, injectable for tests. */
export interface Clock {
  now(): Date;
}

/**
 * What a handler knows about the connection it serves. One object per connection, built by the transport; extend
 * it (`interface GatewayContext extends StationContext { db: … }`) to hand handlers a DB facade. Handlers never see
 * sockets.
 */
export interface StationContext {
  readonly stationId: string;
  readonly version: OcppVersion;
  /** Bound to the station (pino child with `chargePointId`). */
  readonly logger: ProtocolLogger;
  readonly clock: Clock;
}

/**
 * Handles one incoming CALL. May return synchronously (no promise is allocated then) or a promise. Throw
 * `OcppCallError` to answer with a chosen CALLERROR; anything else thrown becomes `InternalError`.
 */
export type Handler<Req, Res, C extends StationContext = StationContext> = (
  payload: Req,
  context: C,
  messageId: string,
) => Res | Promise<Res>;

/** Constraint of a generated action map `M`: a request and a response type per action. */
export type ActionMapShape<M> = { readonly [K in keyof M]: { request: unknown; response: unknown } };

/** A table with exactly one handler per action in `A`; use with `satisfies` so a missing action fails to compile. */
export type HandlerTable<M extends ActionMapShape<M>, A extends keyof M, C extends StationContext = StationContext> = {
  readonly [K in A]: Handler<M[K]['request'], M[K]['response'], C>;
};

/**
 * The 1.6 station-initiated actions the gateway answers (issue 4, the security whitepaper's notifications, and the
 * transaction messages).
 */
export const OCPP16_HANDLED_ACTIONS = [
  'Authorize',
  'BootNotification',
  'DataTransfer',
  'DiagnosticsStatusNotification',
  'FirmwareStatusNotification',
  'Heartbeat',
  'LogStatusNotification',
  'MeterValues',
  'SecurityEventNotification',
  'SignCertificate',
  'SignedFirmwareStatusNotification',
  'StartTransaction',
  'StatusNotification',
  'StopTransaction',
] as const satisfies readonly Ocpp16Action[];

/** The 2.0.1 and 2.1 station-initiated actions the gateway answers. */
export const OCPP2_HANDLED_ACTIONS = [
  'Authorize',
  'BootNotification',
  'ClearedChargingLimit',
  'DataTransfer',
  'FirmwareStatusNotification',
  'Heartbeat',
  'LogStatusNotification',
  'MeterValues',
  'NotifyChargingLimit',
  'NotifyEVChargingSchedule',
  'NotifyEvent',
  'NotifyReport',
  'SecurityEventNotification',
  'SignCertificate',
  'StatusNotification',
  'TransactionEvent',
] as const satisfies readonly (Ocpp201Action & Ocpp21Action)[];

/** One of {@link OCPP16_HANDLED_ACTIONS}. */
export type Ocpp16HandledAction = (typeof OCPP16_HANDLED_ACTIONS)[number];
/** One of {@link OCPP2_HANDLED_ACTIONS}. */
export type Ocpp2HandledAction = (typeof OCPP2_HANDLED_ACTIONS)[number];

/** The 1.6 handler table. */
export type Ocpp16HandlerTable<C extends StationContext = StationContext> = HandlerTable<
  Ocpp16ActionMap,
  Ocpp16HandledAction,
  C
>;
/** The 2.0.1 handler table. */
export type Ocpp201HandlerTable<C extends StationContext = StationContext> = HandlerTable<
  Ocpp201ActionMap,
  Ocpp2HandledAction,
  C
>;
/** The 2.1 handler table. */
export type Ocpp21HandlerTable<C extends StationContext = StationContext> = HandlerTable<
  Ocpp21ActionMap,
  Ocpp2HandledAction,
  C
>;

/** Handles a 2.1 SEND message (no answer is ever sent). */
export type SendHandler<P, C extends StationContext = StationContext> = (
  payload: P,
  context: C,
  messageId: string,
) => void | Promise<void>;
