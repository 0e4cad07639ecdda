import type { Handler, Ocpp16HandledAction, Ocpp2HandledAction } from '../actor/handler.ts';
import type { Ocpp16ActionMap } from '../protocol/types/ocpp16.ts';
import type { Ocpp201ActionMap } from '../protocol/types/ocpp201.ts';
import type { Ocpp21ActionMap } from '../protocol/types/ocpp21.ts';
import type { GatewayContext } from './context.ts';

/** A 1.6 handler of the gateway. */
export type Ocpp16Handler<A extends Ocpp16HandledAction> = Handler<
  Ocpp16ActionMap[A]['request'],
  Ocpp16ActionMap[A]['response'],
  GatewayContext
>;

/**
 * A handler shared by 2.0.1 and 2.1: it accepts the request of either version and answers with what both versions
 * accept, so one function fits both tables (the compiler checks it against each).
 */
export type Ocpp2Handler<A extends Ocpp2HandledAction> = Handler<
  Ocpp201ActionMap[A]['request'] | Ocpp21ActionMap[A]['request'],
  Ocpp201ActionMap[A]['response'] & Ocpp21ActionMap[A]['response'],
  GatewayContext
>;
