import type { PaymentRecord, TransactionRecord } from '@csms/db';
import { costOf, type PaymentFailureCode, type PricingSnapshot, type Settlement } from '@csms/temporal';
import type { Services } from '../services.ts';
import type { DriverReceipt, DriverSessionState, DriverSessionView } from './driver-types.ts';
import { priceTerms } from './offer.ts';
import { isSessionId } from './session-id.ts';

const STATES: Record<PaymentRecord['status'], DriverSessionState> = {
  PendingPayment: 'waitingForPayment',
  Authorized: 'plugIn',
  Starting: 'starting',
  Charging: 'charging',
  Settling: 'finishing',
  Captured: 'done',
  Released: 'done',
  Cancelled: 'cancelled',
  Failed: 'failed',
};

/** The receipt of a settled payment, from its stored settlement. */
export function receiptOf(payment: PaymentRecord): DriverReceipt | null {
  const settlement = payment.settlement as Settlement | null;
  if (!settlement || !payment.settledAt || (payment.status !== 'Captured' && payment.status !== 'Released')) return null;
  const { breakdown } = settlement;
  return {
    energyWh: breakdown.energyWh,
    energyMinor: breakdown.energyMinor,
    sessionFeeMinor: breakdown.sessionFeeMinor,
    billedMinutes: breakdown.billedMinutes,
    timeFeeMinor: breakdown.timeFeeMinor,
    totalMinor: breakdown.totalMinor,
    holdMinor: settlement.holdMinor,
    capturedMinor: settlement.capturedMinor,
    releasedMinor: settlement.releasedMinor,
    belowMinimumEnergy: breakdown.belowMinimumEnergy,
    belowMinimumCharge: settlement.belowMinimumCharge,
    refundedMinor: payment.refundedAmountMinor,
    settledAt: payment.settledAt.toISOString(),
  };
}

/** The transaction of a paid session, once the station started it. */
export async function transactionOf(services: Services, payment: PaymentRecord): Promise<TransactionRecord | null> {
  const intent = await services.db.sessionIntents.getByWorkflowId(payment.workflowId);
  return intent?.transactionId ? services.db.transactions.get(intent.transactionId) : null;
}

function energyOf(tx: TransactionRecord | null): number {
  if (!tx) return 0;
  if (tx.energyWh !== null) return tx.energyWh;
  return Math.max(0, (tx.lastMeterWh ?? tx.meterStartWh) - tx.meterStartWh);
}

/** See `getDriverSession` in `./driver.ts`. */
export async function readDriverSession(services: Services, sessionId: string): Promise<DriverSessionView | null> {
  if (!isSessionId(sessionId)) return null;
  const payment = await services.db.payments.getBySessionId(sessionId);
  if (!payment) return null;
  const [station, connectors, tx] = await Promise.all([
    services.db.chargePoints.get(payment.chargePointId),
    services.db.connectors.list(payment.chargePointId),
    transactionOf(services, payment),
  ]);
  const pricing = payment.pricing as unknown as PricingSnapshot;
  const settings = services.config.payments;
  const state = STATES[payment.status];
  const receipt = receiptOf(payment);
  const energyWh = receipt?.energyWh ?? energyOf(tx);
  const running = tx
    ? costOf(
        pricing,
        { energyWh, startedAt: tx.startedAt, stoppedAt: tx.stoppedAt ?? new Date(), unpluggedAt: null },
        settings?.minimumEnergyWh ?? 0,
      ).totalMinor
    : 0;
  return {
    sessionId,
    state,
    failureReason: state === 'failed' || state === 'cancelled' ? ((payment.failureCode as PaymentFailureCode | null) ?? null) : null,
    chargePointId: payment.chargePointId,
    stationName: station?.name ?? payment.chargePointId,
    connectorId: payment.evseId,
    connectorName: connectors.find((c) => c.evseId === payment.evseId && c.name)?.name ?? null,
    currency: payment.currency,
    pricing: priceTerms(pricing, settings),
    maxEnergyWh: pricing.maxEnergyWh,
    holdAmountMinor: payment.holdAmountMinor,
    energyWh,
    costSoFarMinor: receipt ? receipt.capturedMinor : Math.min(running, payment.holdAmountMinor),
    checkoutUrl: state === 'waitingForPayment' ? payment.checkoutUrl : null,
    canStop: ['waitingForPayment', 'plugIn', 'starting', 'charging'].includes(state),
    createdAt: payment.createdAt.toISOString(),
    paidAt: payment.authorizedAt?.toISOString() ?? null,
    startedAt: tx?.startedAt.toISOString() ?? null,
    stoppedAt: tx?.stoppedAt?.toISOString() ?? null,
    settledAt: receipt ? receipt.settledAt : null,
    receipt,
  };
}
