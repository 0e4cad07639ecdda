import { stopTransaction16 } from '../../transactions/start-stop-16.ts';
import type { Ocpp16Handler } from '../handler-types.ts';

/**
 * 1.6 StopTransaction: records meter stop, reason (default `Local`), stop tag and the `stopped` session event; never
 * a CALLERROR for an unknown or closed transaction, a meter stop below the start or a foreign tag (flagged instead).
 */
export const stopTransaction16Handler: Ocpp16Handler<'StopTransaction'> = (payload, context) =>
  stopTransaction16(context.transactions, context, payload);
