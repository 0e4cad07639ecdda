import { OcppCallError } from '../errors.ts';

/**
 * Stands in for the transaction messages (StartTransaction, StopTransaction, MeterValues, TransactionEvent) until
 * their DB-backed handlers exist: `NotSupported` is honest, where a stub's made-up transaction id would let a
 * station believe in a transaction the system never recorded.
 */
export function notYetSupported(action: string): () => never {
  return () => {
    throw new OcppCallError('NotSupported', `${action} is not supported by this gateway yet`);
  };
}
