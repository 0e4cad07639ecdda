import { TRANSACTION_SORTS, type TransactionRecord, type TransactionSort } from '@csms/db';
import { kWh, type CsvCell } from '../csv.ts';
import { parseListParams, type ListParams } from './list-params.ts';

/** The transaction list's query from its URL (newest first by default). */
export function transactionListParams(url: URL): ListParams<TransactionSort> {
  return parseListParams(url, { sorts: TRANSACTION_SORTS, defaultSort: 'startedAt', defaultDir: 'desc' });
}

/** A transaction as the list shows it. */
export interface TransactionListRow {
  readonly id: number;
  readonly chargePointId: string;
  readonly evseId: number;
  readonly startTag: string | null;
  readonly startedAt: string;
  readonly stoppedAt: string | null;
  readonly energyWh: number | null;
  readonly status: TransactionRecord['status'];
}

/** The list's row of a transaction (times as ISO text). */
export function transactionListRow(tx: TransactionRecord): TransactionListRow {
  return {
    id: tx.id,
    chargePointId: tx.chargePointId,
    evseId: tx.evseId,
    startTag: tx.startTag,
    startedAt: tx.startedAt.toISOString(),
    stoppedAt: tx.stoppedAt?.toISOString() ?? null,
    energyWh: tx.energyWh,
    status: tx.status,
  };
}

/** The CSV columns of the transaction list. */
export const TRANSACTION_CSV_HEADER = ['id', 'chargePointId', 'connector', 'startTag', 'startedAt', 'stoppedAt', 'energyKWh', 'status', 'stopReason'] as const;

/** A transaction's CSV cells, in {@link TRANSACTION_CSV_HEADER} order. */
export function transactionCsvCells(tx: TransactionRecord): CsvCell[] {
  return [String(tx.id), tx.chargePointId, String(tx.evseId), tx.startTag, tx.startedAt, tx.stoppedAt, kWh(tx.energyWh), tx.status, tx.stopReason];
}
