import { OcppCallError } from '../errors.ts';
import type { Handler } from '../actor/handler.ts';
import type { GatewayContext } from './context.ts';

/**
 * Wraps every handler of a table except BootNotification: while the station is `Pending`, its other messages are
 * refused with `SecurityError` (OCPP 2.0.1 B02.FR.09, conformance case TC_B_30_CSMS; 1.6 uses the same code).
 */
export function guardPending<T extends { readonly [action: string]: Handler<never, unknown, GatewayContext> }>(table: T): T {
  const guarded: Record<string, Handler<never, unknown, GatewayContext>> = {};
  for (const [action, handler] of Object.entries(table)) {
    guarded[action] =
      action === 'BootNotification'
        ? handler
        : (payload, context, messageId) => {
            if (context.station.registrationStatus === 'Pending') {
              throw new OcppCallError('SecurityError', `${action} refused: the station is not accepted yet (BootNotification Pending)`);
            }
            return handler(payload, context, messageId);
          };
  }
  return guarded as T;
}
