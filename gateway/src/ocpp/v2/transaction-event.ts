import { transactionEvent2 } from '../../transactions/transaction-event-2.ts';
import type { Ocpp2Handler } from '../handler-types.ts';

/**
 * 2.0.1/2.1 TransactionEvent (Started / Updated / Ended): each event applied once per (transaction, `seqNo`),
 * committed with its session event before the answer; `idTokenInfo` whenever the event carries an idToken.
 */
export const transactionEvent2Handler: Ocpp2Handler<'TransactionEvent'> = (payload, context) =>
  transactionEvent2(context.transactions, context, payload);
