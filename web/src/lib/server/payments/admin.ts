/**
 * The admin side of paid charging: the payments list, one payment, refunds. Every function takes the web app's
 * {@link Services} as its first argument; callers check the admin role. Errors are {@link ApiError}s (404 `NotFound`,
 * 409 `NotRefundable`, 400 `ValidationFailed` for an amount above what is left, 502 `PaymentProviderError`,
 * 503 `TemporalUnavailable`).
 */
import type { Services } from '../services.ts';
import type { PaymentFilter, PaymentPage, PaymentView } from './driver-types.ts';
import { readPayment, readPayments } from './payment-view.ts';
import { runRefund } from './refund.ts';

/** Payments, newest first, filtered by status, station and creation time. */
export function listPayments(services: Services, filter: PaymentFilter = {}): Promise<PaymentPage> {
  return readPayments(services, filter);
}

/** One payment by its id, or null. */
export function getPayment(services: Services, id: number): Promise<PaymentView | null> {
  return readPayment(services, id);
}

/**
 * Refunds a captured payment in full (no amount) or in part (`amountMinor`, at most what is captured and not yet
 * refunded), through a Temporal workflow with an idempotency key; returns the payment afterwards. `requestedBy` is the
 * admin's user name (recorded in the workflow history).
 */
export function refundPayment(services: Services, id: number, amountMinor?: number, requestedBy?: string): Promise<PaymentView> {
  return runRefund(services, id, amountMinor, requestedBy);
}
