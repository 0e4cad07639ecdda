import { PAYMENT_SORTS, type PaymentRecord, type PaymentSort, type PaymentStatus } from '@csms/db';
import type { CsvCell } from '../csv.ts';
import { parseListParams, type ListParams } from './list-params.ts';

const STATUSES: readonly PaymentStatus[] = ['PendingPayment', 'Authorized', 'Starting', 'Charging', 'Settling', 'Captured', 'Released', 'Cancelled', 'Failed'];

/** The payment list's query from its URL (newest first by default) and its status filter (absent or unknown: all). */
export function paymentListParams(url: URL): { params: ListParams<PaymentSort>; status?: PaymentStatus } {
  const parsed = parseListParams(url, { sorts: PAYMENT_SORTS, defaultSort: 'id', defaultDir: 'desc' });
  // the list's earlier station filter (`?chargePointId=`, in links and bookmarks) is now a search
  const station = url.searchParams.get('chargePointId')?.trim().slice(0, 100) ?? '';
  const params = parsed.q === '' && station !== '' ? { ...parsed, q: station } : parsed;
  const status = STATUSES.find((s) => s === url.searchParams.get('status'));
  return status ? { params, status } : { params };
}

/** The CSV columns of the payment list (amounts in the currency's minor unit). */
export const PAYMENT_CSV_HEADER = [
  'id', 'createdAt', 'chargePointId', 'connector', 'status', 'currency', 'holdMinor', 'capturedMinor', 'releasedMinor', 'refundedMinor', 'checkoutSessionId', 'paymentIntentId',
] as const;

/** A payment's CSV cells, in {@link PAYMENT_CSV_HEADER} order. */
export function paymentCsvCells(p: PaymentRecord): CsvCell[] {
  const minor = (value: number | null) => (value === null ? null : String(value));
  return [
    String(p.id), p.createdAt, p.chargePointId, String(p.evseId), p.status, p.currency,
    minor(p.holdAmountMinor), minor(p.capturedAmountMinor), minor(p.releasedAmountMinor), minor(p.refundedAmountMinor), p.checkoutSessionId, p.paymentIntentId,
  ];
}
