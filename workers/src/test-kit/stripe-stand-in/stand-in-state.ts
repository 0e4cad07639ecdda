import { randomBytes } from 'node:crypto';

/** A Stripe object as the stand-in keeps it: plain JSON in the API's shape. */
export type StripeObject = Record<string, unknown> & { id: string; object: string };

/** A request the stand-in refuses the way Stripe does (`{"error": {...}}` with an HTTP status). */
export class StandInError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Stripe-like ids: a prefix and 24 random characters. */
export function stripeId(prefix: string): string {
  return `${prefix}_test_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x').slice(0, 24)}`;
}

export const now = (): number => Math.floor(Date.now() / 1000);

/** Seven days: how long an online card hold lasts (the charge's `capture_before`). */
const HOLD_SECONDS = 7 * 24 * 3600;

/** A new open Checkout Session from the create request's (parsed form) parameters. */
export function newCheckoutSession(params: Record<string, unknown>, pageUrl: (id: string) => string): StripeObject {
  const id = stripeId('cs');
  const items = (params.line_items as Record<string, unknown>[] | undefined) ?? [];
  const amount = items.reduce((sum, item) => {
    const price = item.price_data as Record<string, unknown> | undefined;
    return sum + Number(price?.unit_amount ?? 0) * Number(item.quantity ?? 1);
  }, 0);
  const currency = String((items[0]?.price_data as Record<string, unknown> | undefined)?.currency ?? 'eur');
  const intentData = (params.payment_intent_data as Record<string, unknown> | undefined) ?? {};
  return {
    id,
    object: 'checkout.session',
    amount_subtotal: amount,
    amount_total: amount,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    cancel_url: (params.cancel_url as string | undefined) ?? null,
    client_reference_id: (params.client_reference_id as string | undefined) ?? null,
    created: now(),
    currency,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: null,
    expires_at: Number(params.expires_at ?? now() + 24 * 3600),
    livemode: false,
    locale: (params.locale as string | undefined) ?? null,
    metadata: (params.metadata as Record<string, string> | undefined) ?? {},
    mode: (params.mode as string | undefined) ?? 'payment',
    payment_intent: null,
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    shipping_options: [],
    status: 'open',
    success_url: (params.success_url as string | undefined) ?? null,
    url: pageUrl(id),
    // kept for the PaymentIntent the driver's confirmation creates; not part of Stripe's object
    _intent: { capture_method: intentData.capture_method ?? 'automatic', metadata: intentData.metadata ?? {} },
  };
}

/** The charge of an authorized (manual capture) card payment. */
export function newCharge(intent: StripeObject): StripeObject {
  const created = now();
  return {
    id: stripeId('ch'),
    object: 'charge',
    amount: intent.amount,
    amount_captured: 0,
    amount_refunded: 0,
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    captured: false,
    created,
    currency: intent.currency,
    disputed: false,
    livemode: false,
    metadata: {},
    paid: true,
    payment_intent: intent.id,
    payment_method_details: {
      type: 'card',
      card: { brand: 'visa', capture_before: created + HOLD_SECONDS, exp_month: 12, exp_year: 2034, last4: '4242' },
    },
    refunded: false,
    status: 'succeeded',
  };
}

/** A PaymentIntent created when the driver confirms a Checkout Session: held (`requires_capture`) or declined. */
export function newPaymentIntent(session: StripeObject, declined: boolean): StripeObject {
  const data = session._intent as { capture_method: string; metadata: Record<string, string> };
  return {
    id: stripeId('pi'),
    object: 'payment_intent',
    amount: session.amount_total,
    amount_capturable: declined ? 0 : session.amount_total,
    amount_received: 0,
    capture_method: data.capture_method,
    created: now(),
    currency: session.currency,
    last_payment_error: declined
      ? { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' }
      : null,
    latest_charge: null,
    livemode: false,
    metadata: data.metadata,
    payment_method_types: ['card'],
    status: declined ? 'requires_payment_method' : 'requires_capture',
  };
}

/** A Stripe `event` wrapping a copy of `object`. */
export function newEvent(type: string, object: StripeObject): StripeObject {
  return {
    id: stripeId('evt'),
    object: 'event',
    api_version: '2026-10-28.endive',
    created: now(),
    data: { object: publicView(object) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** The object as the API shows it: without the stand-in's own bookkeeping fields. */
export function publicView(object: StripeObject): StripeObject {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !key.startsWith('_'))) as StripeObject;
}
