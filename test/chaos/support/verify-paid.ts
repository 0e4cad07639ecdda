import type { StripeStandIn } from '@csms/workers/test-kit/stripe-stand-in';
import type { ChaosSystem } from './chaos-system.ts';

/** The price list every station of the paid chaos run has (minor units; energy per MWh). */
export const PAID_PRICING = { currency: 'EUR', pricePerMwhMinor: 40_000, maxEnergyWh: 20_000, sessionFeeMinor: 100 } as const;
/** The hold of {@link PAID_PRICING}: 20 kWh × 0.40 + 1.00. */
export const PAID_HOLD_MINOR = 900;
/** `PAYMENT_MIN_ENERGY_WH` of the run: below it nothing is owed and the whole hold is released. */
export const PAID_MIN_ENERGY_WH = 500;

/** What one paid session left behind, at Stripe and in the CSMS. */
export interface PaidSessionOutcome {
  readonly sessionId: string;
  readonly step: string;
  readonly energyWh: number | null;
  /** Energy × price + fee, rounded half up once, at most the hold; 0 below the minimum energy. */
  readonly owedMinor: number | null;
  readonly paymentStatus: string | null;
  readonly capturedMinor: number | null;
  readonly releasedMinor: number | null;
  /** Captures that took effect at Stripe for the session's PaymentIntent. */
  readonly capturesAtStripe: number;
  /** Capture requests sent (answered first, or again from the idempotency cache). */
  readonly captureRequests: number;
  readonly captureRequestsReplayed: number;
  readonly captureIdempotencyKeys: number;
  readonly cancelsAtStripe: number;
  /** Cancel requests answered again from the idempotency cache. */
  readonly cancelRequestsReplayed: number;
  readonly checkoutSessions: number;
  readonly paymentIntents: number;
  readonly intentStatus: string | null;
  readonly transactions: number;
  readonly workflowStatus: string | null;
  readonly problems: string[];
}

const PAID_FINAL = new Set(['Captured', 'Released']);

/** The amount owed for `energyWh` by {@link PAID_PRICING}, computed here independently of `temporal/src/pricing.ts`. */
export function owedFor(energyWh: number): number {
  if (energyWh < PAID_MIN_ENERGY_WH) return 0;
  const energy = Math.floor((PAID_PRICING.pricePerMwhMinor * energyWh + 500_000) / 1_000_000);
  return Math.min(energy + PAID_PRICING.sessionFeeMinor, PAID_HOLD_MINOR);
}

/**
 * Checks one finished paid session against Stripe's side (the stand-in's objects and the requests it answered) and
 * the CSMS's (payment row, transaction, workflow): captured exactly once and exactly the amount owed, or released
 * entirely when nothing is owed; one Checkout Session, one PaymentIntent; the payment final; the workflow completed.
 */
export async function verifyPaidSession(system: ChaosSystem, standIn: StripeStandIn, chargePointId: string, sessionId: string, step: string): Promise<PaidSessionOutcome> {
  const problems: string[] = [];
  const payment = await system.db.payments.getBySessionId(sessionId);
  const transactions = await system.db.transactions.list({ chargePointId, limit: 100 });
  const transaction = transactions.length === 1 ? transactions[0]! : undefined;
  if (!transaction) problems.push(`${transactions.length} transactions, not 1`);
  const energyWh = transaction?.energyWh ?? null;
  const owedMinor = energyWh === null ? null : owedFor(energyWh);
  const workflowId = payment?.workflowId;
  const intentId = payment?.paymentIntentId ?? null;
  const intent = intentId ? standIn.objects.get(intentId) : undefined;
  const objects = [...standIn.objects.values()];
  const checkoutSessions = objects.filter((o) => o.object === 'checkout.session' && (o.metadata as Record<string, string>)?.workflow_id === workflowId).length;
  const paymentIntents = objects.filter((o) => o.object === 'payment_intent' && (o.metadata as Record<string, string>)?.workflow_id === workflowId).length;
  const captureRequests = standIn.requests.filter((r) => r.method === 'POST' && r.path === `/v1/payment_intents/${intentId}/capture`);
  const cancelRequests = standIn.requests.filter((r) => r.method === 'POST' && r.path === `/v1/payment_intents/${intentId}/cancel`);
  const cancels = cancelRequests.filter((r) => !r.replayed && r.status === 200);
  const captures = standIn.captures.filter((c) => c.paymentIntentId === intentId);
  let workflowStatus: string | null = null;
  if (workflowId) workflowStatus = (await (await system.temporal()).workflow.getHandle(workflowId).describe()).status.name;

  if (!payment) problems.push('no payment row');
  else {
    if (!PAID_FINAL.has(payment.status)) problems.push(`payment ${payment.status} (${payment.failureCode ?? 'no failure code'})`);
    if (owedMinor !== null && owedMinor > 0) {
      if (captures.length !== 1) problems.push(`${captures.length} captures at Stripe`);
      if (captures[0] && captures[0].amount !== owedMinor) problems.push(`captured ${captures[0].amount} at Stripe, owed ${owedMinor}`);
      if (payment.capturedAmountMinor !== owedMinor) problems.push(`payment records ${payment.capturedAmountMinor} captured, owed ${owedMinor}`);
      if (payment.releasedAmountMinor !== payment.holdAmountMinor - owedMinor) problems.push(`payment records ${payment.releasedAmountMinor} released`);
      if (intent?.status !== 'succeeded' || intent.amount_received !== owedMinor) problems.push(`PaymentIntent ${String(intent?.status)} with ${String(intent?.amount_received)} received`);
      if (transaction && transaction.costMinor !== owedMinor) problems.push(`transaction cost ${transaction.costMinor}, owed ${owedMinor}`);
    } else if (owedMinor === 0) {
      if (captures.length !== 0) problems.push(`${captures.length} captures though nothing was owed`);
      if (payment.status !== 'Released' || payment.releasedAmountMinor !== payment.holdAmountMinor) problems.push(`payment ${payment.status}, ${payment.releasedAmountMinor} released`);
      if (intent?.status !== 'canceled' || cancels.length !== 1) problems.push(`PaymentIntent ${String(intent?.status)}, ${cancels.length} cancels`);
    }
    if (!Number.isInteger(payment.capturedAmountMinor) || !Number.isInteger(payment.releasedAmountMinor)) problems.push('amounts not whole minor units');
  }
  if (new Set(captureRequests.map((r) => r.idempotencyKey)).size > 1) problems.push('capture requests with different idempotency keys');
  if (new Set(cancelRequests.map((r) => r.idempotencyKey)).size > 1) problems.push('cancel requests with different idempotency keys');
  if (checkoutSessions !== 1) problems.push(`${checkoutSessions} Checkout Sessions`);
  if (paymentIntents !== 1) problems.push(`${paymentIntents} PaymentIntents`);
  if (workflowStatus !== 'COMPLETED') problems.push(`workflow ${workflowStatus}`);

  return {
    sessionId,
    step,
    energyWh,
    owedMinor,
    paymentStatus: payment?.status ?? null,
    capturedMinor: payment?.capturedAmountMinor ?? null,
    releasedMinor: payment?.releasedAmountMinor ?? null,
    capturesAtStripe: captures.length,
    captureRequests: captureRequests.length,
    captureRequestsReplayed: captureRequests.filter((r) => r.replayed).length,
    captureIdempotencyKeys: new Set(captureRequests.map((r) => r.idempotencyKey)).size,
    cancelsAtStripe: cancels.length,
    cancelRequestsReplayed: cancelRequests.filter((r) => r.replayed).length,
    checkoutSessions,
    paymentIntents,
    intentStatus: intent ? String(intent.status) : null,
    transactions: transactions.length,
    workflowStatus,
    problems,
  };
}
