import { proxyActivities } from '@temporalio/workflow';
import { PAYMENT_REFUSED, type ChargingSessionActivities, type PaymentActivities } from '@csms/temporal';

/** Database activities: idempotent, retried with back-off; a refusal is final. */
export const db = proxyActivities<PaymentActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2, nonRetryableErrorTypes: [PAYMENT_REFUSED] },
});

/**
 * Stripe reads and the Checkout Session's creation: a few quick attempts, then the session gives up cleanly (the
 * driver waits for the Checkout URL meanwhile, and the web app stops waiting after 15 seconds).
 */
export const stripe = proxyActivities<PaymentActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '4 seconds', backoffCoefficient: 2, maximumAttempts: 4 },
});

/**
 * Captures and cancels move money: retried until Stripe answers (same idempotency key every time, so never twice),
 * because giving up would leave a hold with nobody watching it. A refusal (`StripeRejected`) is final.
 */
export const money = proxyActivities<PaymentActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '10 minutes', backoffCoefficient: 2 },
});

/** The session's own database activities (stale close, station lookup). */
export const session = proxyActivities<ChargingSessionActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});
