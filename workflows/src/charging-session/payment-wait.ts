import { condition, log } from '@temporalio/workflow';
import { PaymentFailureCode, type CheckoutState, type PaymentIntentState, type PaymentNotice } from '@csms/temporal';
import { stripe } from './paid-activities.ts';

/** How the wait for the driver's payment ended. */
export type PaymentOutcome =
  | { readonly kind: 'authorized'; readonly intent: PaymentIntentState }
  /** Nothing is held (or what was held must be released: `intentToCancel`). */
  | { readonly kind: 'ended'; readonly code: PaymentFailureCode; readonly message: string; readonly intentToCancel: string | null };

/** What the wait reads and how it is told things (the workflow's signal handlers fill it). */
export interface PaymentWaitContext {
  readonly checkout: CheckoutState;
  readonly notices: PaymentNotice[];
  /** The driver asked to stop (Stop button) or came back by the cancel URL. */
  readonly cancelRequested: () => boolean;
}

/** Grace after Stripe's expiry before the workflow looks itself (a webhook may be late or lost). */
const EXPIRY_GRACE_MS = 2 * 60 * 1000;

/**
 * Waits for the driver's payment (DESIGN.md §3): acts only on what Stripe says when asked, never on a notice itself.
 * A notice (webhook or the browser's return) makes it re-read the Checkout Session and the PaymentIntent; only
 * `requires_capture` is a payment. The Checkout Session's expiry (30 minutes) bounds the wait even when every
 * webhook is lost; a cancel expires the session at Stripe before it ends.
 */
export async function waitForPayment(context: PaymentWaitContext): Promise<PaymentOutcome> {
  const { checkout } = context;
  let declined: string | null = null;
  const deadline = checkout.expiresAt * 1000 + EXPIRY_GRACE_MS;

  for (;;) {
    const remaining = deadline - Date.now();
    const woke = await condition(() => context.notices.length > 0 || context.cancelRequested(), Math.max(remaining, 1));
    if (context.cancelRequested()) return cancelCheckout(checkout.checkoutSessionId);
    if (!woke) {
      // expired by Stripe's clock, or a lost webhook: make sure, then end
      const final = await stripe.expireCheckout({ checkoutSessionId: checkout.checkoutSessionId });
      const paid = await heldPayment(final);
      if (paid.kind === 'authorized') return paid;
      const code = declined ? PaymentFailureCode.CardDeclined : PaymentFailureCode.CheckoutExpired;
      return { kind: 'ended', code, message: declined ?? 'the checkout expired before the driver paid', intentToCancel: paid.intentToCancel };
    }
    const notices = context.notices.splice(0);
    for (const notice of notices) if (notice.source === 'return' && notice.type === 'cancel') return cancelCheckout(checkout.checkoutSessionId);
    const current = await stripe.readCheckout({ checkoutSessionId: checkout.checkoutSessionId });
    const paid = await heldPayment(current);
    if (paid.kind === 'authorized') return paid;
    if (paid.declined) declined = paid.declined;
    if (current.status === 'expired') {
      const code = declined ? PaymentFailureCode.CardDeclined : PaymentFailureCode.CheckoutExpired;
      return { kind: 'ended', code, message: declined ?? 'the checkout expired', intentToCancel: null };
    }
    if (paid.canceled) {
      return { kind: 'ended', code: PaymentFailureCode.HoldCancelled, message: 'the payment was cancelled at Stripe', intentToCancel: null };
    }
    log.info('payment notice without a payment yet', { types: notices.map((n) => n.type), checkout: current.status });
  }
}

interface NotHeld {
  readonly kind: 'none';
  readonly declined: string | null;
  readonly canceled: boolean;
  readonly intentToCancel: string | null;
}

/** Reads the PaymentIntent of a completed Checkout Session: `authorized` only when Stripe holds the money. */
async function heldPayment(checkout: CheckoutState): Promise<Extract<PaymentOutcome, { kind: 'authorized' }> | NotHeld> {
  if (!checkout.paymentIntentId) return { kind: 'none', declined: null, canceled: false, intentToCancel: null };
  const intent = await stripe.readPaymentIntent({ paymentIntentId: checkout.paymentIntentId });
  if (intent.status === 'requires_capture') return { kind: 'authorized', intent };
  return {
    kind: 'none',
    declined: intent.lastError,
    canceled: intent.status === 'canceled',
    // Stripe lets a Checkout Session's intent be cancelled only in requires_capture (handled as `authorized`)
    intentToCancel: null,
  };
}

/** The driver cancelled before paying: expire the session; if the payment slipped through, it is released. */
async function cancelCheckout(checkoutSessionId: string): Promise<PaymentOutcome> {
  const final = await stripe.expireCheckout({ checkoutSessionId });
  const paid = await heldPayment(final);
  const intentToCancel = paid.kind === 'authorized' ? paid.intent.paymentIntentId : paid.intentToCancel;
  return { kind: 'ended', code: PaymentFailureCode.CheckoutCancelled, message: 'the driver cancelled before paying', intentToCancel };
}
