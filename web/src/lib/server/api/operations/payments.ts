import { z } from 'zod';
import { ApiError } from '../../errors.ts';
import { getPayment, listPayments, refundPayment } from '../../payments/admin.ts';
import {
  confirmCheckoutReturn,
  describeConnectorOffer,
  getDriverSession,
  startPaidSession,
  stopDriverSession,
} from '../../payments/driver.ts';
import { handleStripeWebhook } from '../../payments/webhook.ts';
import { defineOperation } from '../operation.ts';
import { connectorParams, pageOf, pageQuery, timeInput, text } from '../schemas.ts';
import { connectorOfferSchema, driverSessionSchema, paymentSchema } from './payment-schemas.ts';

const sessionParams = z.object({ sessionId: text(1, 64) });
const DRIVER = 'Public (no sign-in): what the drivers’ pages use. ';
const WEBHOOK_MAX_BYTES = 1024 * 1024;

/** `POST …/connectors/{n}/checkout`: a driver starts a paid session. */
export const startCheckout = defineOperation({
  operationId: 'startCheckout',
  method: 'POST',
  path: '/api/v1/charge-points/{id}/connectors/{n}/checkout',
  tag: 'payments',
  summary: 'Start a paid session: answers Stripe Checkout’s URL and the session’s id',
  description:
    DRIVER +
    '409 ConnectorBusy (one active paid session per connector, enforced in the DB), ChargePointOffline, PaymentsOff, ' +
    'FreeCharging, PricingMissing, ConnectorFaulted, ConnectorUnavailable; 404 unknown connector; 502 ' +
    'PaymentProviderError; 503 TemporalUnavailable.',
  role: 'public',
  errors: [404, 409, 502, 503],
  params: connectorParams,
  body: z.object({ locale: z.enum(['en', 'de', 'auto']).default('auto').describe('language of Stripe’s page') }),
  response: z.object({ checkoutUrl: z.string(), sessionId: z.string() }),
  status: 201,
  handle: ({ params, body, services }) => startPaidSession(services, { chargePointId: params.id, connectorId: params.n, locale: body.locale }),
});

/** `POST /api/v1/stripe/webhook`. */
export const stripeWebhook = defineOperation({
  operationId: 'stripeWebhook',
  method: 'POST',
  path: '/api/v1/stripe/webhook',
  tag: 'payments',
  summary: 'Stripe’s webhook (signed event; the raw body is verified)',
  description:
    'Verifies `Stripe-Signature` against the raw body with STRIPE_WEBHOOK_SECRET (400 InvalidSignature otherwise; ' +
    'nothing is acted on), de-duplicates the event id, and tells the session. Handles checkout.session.completed / ' +
    'expired and payment_intent.payment_failed / amount_capturable_updated / canceled; 200 for others. 503 when the ' +
    'session could not be told (Stripe retries).',
  role: 'public',
  response: z.object({ received: z.boolean(), handled: z.boolean().optional(), duplicate: z.boolean().optional() }),
  errors: [413, 503],
  handle: async ({ services, event }) => {
    // Stripe's events are a few kilobytes; the raw body is read whole for the signature check
    if (Number(event.request.headers.get('content-length') ?? 0) > WEBHOOK_MAX_BYTES) {
      throw new ApiError(413, 'PayloadTooLarge', `a webhook body may have at most ${WEBHOOK_MAX_BYTES} bytes`);
    }
    const raw = await event.request.text();
    if (raw.length > WEBHOOK_MAX_BYTES) throw new ApiError(413, 'PayloadTooLarge', `a webhook body may have at most ${WEBHOOK_MAX_BYTES} bytes`);
    const answer = await handleStripeWebhook(services, raw, event.request.headers.get('stripe-signature'));
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    });
  },
});

/** `GET /api/v1/driver/charge-points/{id}/connectors/{n}`. */
export const getConnectorOffer = defineOperation({
  operationId: 'getConnectorOffer',
  method: 'GET',
  path: '/api/v1/driver/charge-points/{id}/connectors/{n}',
  tag: 'payments',
  summary: 'A connector’s price, hold and live status for drivers',
  description: DRIVER + 'An unknown connector answers `unavailable: "unknownConnector"`.',
  role: 'public',
  params: connectorParams,
  response: connectorOfferSchema,
  handle: ({ params, services }) => describeConnectorOffer(services, params.id, params.n),
});

/** `GET /api/v1/driver/sessions/{sessionId}`. */
export const getDriverSessionView = defineOperation({
  operationId: 'getDriverSession',
  method: 'GET',
  path: '/api/v1/driver/sessions/{sessionId}',
  tag: 'payments',
  summary: 'A paid session’s state, energy, cost so far and receipt, by its unguessable id',
  description: DRIVER + '404 for an unknown id.',
  role: 'public',
  errors: [404],
  params: sessionParams,
  response: driverSessionSchema,
  handle: async ({ params, services }) => {
    const view = await getDriverSession(services, params.sessionId);
    if (!view) throw new ApiError(404, 'NotFound', 'no such session');
    return view;
  },
});

/** `POST /api/v1/driver/sessions/{sessionId}/stop`. */
export const stopDriverSessionOperation = defineOperation({
  operationId: 'stopDriverSession',
  method: 'POST',
  path: '/api/v1/driver/sessions/{sessionId}/stop',
  tag: 'payments',
  summary: 'The driver’s Stop: cancels before the start, stops charging remotely afterwards',
  description: DRIVER + '204; 404 for an unknown id; 503 TemporalUnavailable.',
  role: 'public',
  errors: [404, 503],
  params: sessionParams,
  handle: ({ params, services }) => stopDriverSession(services, params.sessionId),
});

/** `POST /api/v1/driver/sessions/{sessionId}/checkout-return`. */
export const checkoutReturn = defineOperation({
  operationId: 'confirmCheckoutReturn',
  method: 'POST',
  path: '/api/v1/driver/sessions/{sessionId}/checkout-return',
  tag: 'payments',
  summary: 'The browser came back from Stripe (success or cancel URL)',
  description: DRIVER + 'The session re-reads Stripe itself; a repeated or forged call changes nothing. 204; 404; 503.',
  role: 'public',
  errors: [404, 503],
  params: sessionParams,
  body: z.object({ outcome: z.enum(['success', 'cancel']) }),
  handle: ({ params, body, services }) => confirmCheckoutReturn(services, params.sessionId, body.outcome),
});

/** `GET /api/v1/payments`. */
export const listPaymentsOperation = defineOperation({
  operationId: 'listPayments',
  method: 'GET',
  path: '/api/v1/payments',
  tag: 'payments',
  summary: 'Payments of paid sessions, newest first',
  role: 'admin',
  query: z.object({
    status: paymentSchema.shape.status.optional(),
    chargePointId: text(1, 48).optional(),
    from: timeInput.optional().describe('created at or after'),
    to: timeInput.optional().describe('created before'),
    ...pageQuery,
  }),
  response: pageOf(paymentSchema),
  handle: async ({ query, services }) => {
    const page = await listPayments(services, query);
    return { ...page, items: [...page.items] };
  },
});

/** `GET /api/v1/payments/{paymentId}`. */
export const getPaymentOperation = defineOperation({
  operationId: 'getPayment',
  method: 'GET',
  path: '/api/v1/payments/{paymentId}',
  tag: 'payments',
  summary: 'One payment',
  role: 'admin',
  errors: [404],
  params: z.object({ paymentId: z.coerce.number().int().min(1) }),
  response: paymentSchema,
  handle: async ({ params, services }) => {
    const payment = await getPayment(services, params.paymentId);
    if (!payment) throw new ApiError(404, 'NotFound', `payment ${params.paymentId} does not exist`);
    return payment;
  },
});

/** `POST /api/v1/payments/{paymentId}/refund`. */
export const refundPaymentOperation = defineOperation({
  operationId: 'refundPayment',
  method: 'POST',
  path: '/api/v1/payments/{paymentId}/refund',
  tag: 'payments',
  summary: 'Refund a captured payment in full (no amount) or in part',
  description: '404; 409 NotRefundable; 400 for an amount above what is left; 502 PaymentProviderError; 503.',
  role: 'admin',
  errors: [404, 409, 502, 503],
  params: z.object({ paymentId: z.coerce.number().int().min(1) }),
  body: z.object({ amountMinor: z.number().int().min(1).optional().describe('minor units; absent: all that is left') }),
  response: paymentSchema,
  handle: ({ params, body, services, principal }) => refundPayment(services, params.paymentId, body.amountMinor, principal?.username),
});
