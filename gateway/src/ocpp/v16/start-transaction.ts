import { startTransaction16 } from '../../transactions/start-stop-16.ts';
import type { Ocpp16Handler } from '../handler-types.ts';

/**
 * 1.6 StartTransaction: authorizes the tag, then stores the transaction, the connector and the `started` session
 * event in one DB transaction before answering; a resent start gets the same `transactionId`.
 */
export const startTransaction16Handler: Ocpp16Handler<'StartTransaction'> = (payload, context) =>
  startTransaction16(context.transactions, context, payload);
