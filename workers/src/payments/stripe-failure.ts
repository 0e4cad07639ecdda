import { ApplicationFailure } from '@temporalio/common';
import Stripe from 'stripe';

/** `ApplicationFailure` type of a request Stripe refused for good (retrying with the same key cannot help). */
export const STRIPE_REJECTED = 'StripeRejected';

/**
 * Translates a Stripe error at the activity's edge: a 4xx that is not a rate limit or an idempotency conflict is
 * non-retryable (`StripeRejected`, with Stripe's code and message, never the request); anything else (network, 5xx,
 * 429, an idempotent request still in flight) is thrown as is, so Temporal retries it with the same idempotency key.
 */
export function stripeFailure(error: unknown): unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  const status = error.statusCode ?? 0;
  const retryable = status === 0 || status >= 500 || status === 429 || status === 409 || error.type === 'StripeConnectionError';
  if (retryable) return error;
  return ApplicationFailure.nonRetryable(`Stripe refused the request: ${error.code ?? error.type}: ${error.message}`, STRIPE_REJECTED, {
    code: error.code ?? null,
    status,
  });
}

/**
 * True for a request Stripe refused as invalid (e.g. `payment_intent_unexpected_state`: already captured or canceled;
 * a Checkout Session no longer open). The caller re-reads the object and decides whether the goal is reached.
 */
export function isInvalidRequest(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeInvalidRequestError;
}
