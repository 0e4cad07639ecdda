import type Stripe from 'stripe';
import type { Database } from '@csms/db';
import type { CheckoutState, MoneyMoved, PaymentActivities, PaymentIntentState } from '@csms/temporal';
import { isInvalidRequest, stripeFailure } from '../payments/stripe-failure.ts';

/** The Stripe-facing activities of a paid session. */
export type StripeActivities = Pick<
  PaymentActivities,
  'createCheckout' | 'readCheckout' | 'expireCheckout' | 'readPaymentIntent' | 'capturePayment' | 'cancelPayment'
>;

function checkoutState(session: Stripe.Checkout.Session): CheckoutState {
  const intent = session.payment_intent;
  return {
    checkoutSessionId: session.id,
    url: session.url ?? null,
    status: session.status === 'complete' ? 'complete' : session.status === 'expired' ? 'expired' : 'open',
    paymentIntentId: typeof intent === 'string' ? intent : (intent?.id ?? null),
    expiresAt: session.expires_at,
  };
}

function intentState(intent: Stripe.PaymentIntent): PaymentIntentState {
  const charge = typeof intent.latest_charge === 'object' && intent.latest_charge !== null ? intent.latest_charge : null;
  const captureBefore = charge?.payment_method_details?.card?.capture_before ?? null;
  return {
    paymentIntentId: intent.id,
    status: intent.status,
    amountCapturable: intent.amount_capturable,
    amountReceived: intent.amount_received,
    captureBefore: captureBefore ? new Date(captureBefore * 1000).toISOString() : null,
    lastError: intent.last_payment_error?.message ?? null,
  };
}

async function call<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw stripeFailure(error);
  }
}

/**
 * The Stripe calls of a paid session, on the official SDK. Every write carries an idempotency key built from the
 * workflow id and the step (and the amount, for a capture), so Temporal's retries never move money twice; "already
 * captured / canceled / expired" answers are checked by re-reading the object and count as done.
 */
export function createStripeActivities(stripe: Stripe, database: Database): StripeActivities {
  const retrieveIntent = (id: string) => stripe.paymentIntents.retrieve(id, { expand: ['latest_charge'] });
  return {
    async createCheckout(input) {
      const session = await call(() =>
        stripe.checkout.sessions.create(
          {
            mode: 'payment',
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: input.currency.toLowerCase(),
                  unit_amount: input.holdMinor,
                  product_data: { name: `Charging: ${input.stationName}, connector ${input.evseId}` },
                },
              },
            ],
            payment_intent_data: { capture_method: 'manual', metadata: { workflow_id: input.workflowId, session_id: input.sessionId } },
            metadata: { workflow_id: input.workflowId, session_id: input.sessionId, charge_point_id: input.chargePointId, connector_id: String(input.evseId) },
            client_reference_id: input.sessionId,
            // 30 minutes, Stripe's minimum: the 24 h default would lock the connector for a day
            expires_at: input.expiresAt,
            success_url: input.successUrl,
            cancel_url: input.cancelUrl,
            locale: (['en', 'de'].includes(input.locale) ? input.locale : 'auto') as Stripe.Checkout.SessionCreateParams.Locale,
          },
          { idempotencyKey: `${input.workflowId}:checkout` },
        ),
      );
      const state = checkoutState(session);
      await database.payments.update(input.paymentId, {
        checkoutSessionId: state.checkoutSessionId,
        ...(state.url ? { checkoutUrl: state.url } : {}),
      });
      return state;
    },

    readCheckout: ({ checkoutSessionId }) => call(async () => checkoutState(await stripe.checkout.sessions.retrieve(checkoutSessionId))),

    async expireCheckout({ checkoutSessionId }) {
      try {
        return checkoutState(await stripe.checkout.sessions.expire(checkoutSessionId));
      } catch (error) {
        if (!isInvalidRequest(error)) throw stripeFailure(error);
        // not open any more (completed or expired meanwhile): the caller decides on what it is now
        return call(async () => checkoutState(await stripe.checkout.sessions.retrieve(checkoutSessionId)));
      }
    },

    readPaymentIntent: ({ paymentIntentId }) => call(async () => intentState(await retrieveIntent(paymentIntentId))),

    async capturePayment({ workflowId, paymentIntentId, amountMinor }): Promise<MoneyMoved> {
      try {
        const intent = await stripe.paymentIntents.capture(
          paymentIntentId,
          { amount_to_capture: amountMinor },
          { idempotencyKey: `${workflowId}:capture:${amountMinor}` },
        );
        return { status: intent.status, capturedMinor: intent.amount_received };
      } catch (error) {
        if (!isInvalidRequest(error)) throw stripeFailure(error);
        const intent = await call(() => retrieveIntent(paymentIntentId));
        if (intent.status === 'succeeded' || intent.status === 'canceled') return { status: intent.status, capturedMinor: intent.amount_received };
        throw stripeFailure(error);
      }
    },

    async cancelPayment({ workflowId, paymentIntentId }): Promise<MoneyMoved> {
      try {
        const intent = await stripe.paymentIntents.cancel(paymentIntentId, {}, { idempotencyKey: `${workflowId}:cancel` });
        return { status: intent.status, capturedMinor: intent.amount_received };
      } catch (error) {
        if (!isInvalidRequest(error)) throw stripeFailure(error);
        const intent = await call(() => retrieveIntent(paymentIntentId));
        if (intent.status === 'canceled' || intent.status === 'succeeded') return { status: intent.status, capturedMinor: intent.amount_received };
        throw stripeFailure(error);
      }
    },
  };
}
