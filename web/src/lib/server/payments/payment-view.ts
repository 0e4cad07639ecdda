import type { PaymentRecord } from '@csms/db';
import type { PaymentFailureCode } from '@csms/temporal';
import type { Services } from '../services.ts';
import type { PaymentFilter, PaymentPage, PaymentView } from './driver-types.ts';
import { receiptOf, transactionOf } from './session-view.ts';

/** The Temporal UI's page of a workflow, or null without `TEMPORAL_UI_URL`. */
export function temporalUiLink(services: Services, workflowId: string): string | null {
  const base = services.config.temporalUiUrl;
  if (!base) return null;
  return `${base}/namespaces/${encodeURIComponent(services.config.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

async function viewOf(services: Services, payment: PaymentRecord): Promise<PaymentView> {
  const tx = await transactionOf(services, payment);
  return {
    id: payment.id,
    sessionId: payment.sessionId,
    workflowId: payment.workflowId,
    temporalUiUrl: temporalUiLink(services, payment.workflowId),
    chargePointId: payment.chargePointId,
    connectorId: payment.evseId,
    status: payment.status,
    failureCode: (payment.failureCode as PaymentFailureCode | null) ?? null,
    failureMessage: payment.failureMessage,
    currency: payment.currency,
    holdAmountMinor: payment.holdAmountMinor,
    capturedAmountMinor: payment.capturedAmountMinor,
    releasedAmountMinor: payment.releasedAmountMinor,
    refundedAmountMinor: payment.refundedAmountMinor,
    checkoutSessionId: payment.checkoutSessionId,
    paymentIntentId: payment.paymentIntentId,
    transactionId: tx?.id ?? null,
    energyWh: tx ? (tx.energyWh ?? Math.max(0, (tx.lastMeterWh ?? tx.meterStartWh) - tx.meterStartWh)) : null,
    receipt: receiptOf(payment),
    createdAt: payment.createdAt.toISOString(),
    authorizedAt: payment.authorizedAt?.toISOString() ?? null,
    settledAt: payment.settledAt?.toISOString() ?? null,
  };
}

/** See `listPayments` in `./admin.ts`. */
export async function readPayments(services: Services, filter: PaymentFilter): Promise<PaymentPage> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
  const offset = Math.max(filter.offset ?? 0, 0);
  const { items, total } = await services.db.payments.list({ ...filter, limit, offset });
  return { items: await Promise.all(items.map((payment) => viewOf(services, payment))), total, limit, offset };
}

/** The admin views of payments already read (the paged admin list). */
export function paymentViews(services: Services, payments: readonly PaymentRecord[]): Promise<PaymentView[]> {
  return Promise.all(payments.map((payment) => viewOf(services, payment)));
}

/** See `getPayment` in `./admin.ts`. */
export async function readPayment(services: Services, id: number): Promise<PaymentView | null> {
  const payment = await services.db.payments.get(id);
  return payment ? viewOf(services, payment) : null;
}
