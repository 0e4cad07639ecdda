import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { ensureTool, STRIPE_MOCK, startStripeMock, type StripeMock } from '@csms/temporal/tools';
import { freePort } from '../../../test/support/ports.ts';
import { createStripeClient } from '../payments/stripe-client.ts';
import { createRefundActivities } from './refund.activities.ts';
import { createStripeActivities, type StripeActivities } from './stripe.activities.ts';

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly idempotencyKey: string | undefined;
  readonly body: URLSearchParams;
}

/**
 * A recording pass-through in front of stripe-mock: keeps what the SDK sent (stripe-mock validates every parameter
 * against Stripe's spec and answers 400 otherwise) and can answer one request itself, as Stripe would in a state
 * stripe-mock cannot reach (it keeps no state).
 */
function recordingProxy(target: number) {
  const seen: Recorded[] = [];
  const overrides: { match: string; status: number; body: unknown }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const path = req.url ?? '/';
      seen.push({ method: req.method ?? 'GET', path, idempotencyKey: req.headers['idempotency-key'] as string | undefined, body: new URLSearchParams(body) });
      const override = overrides.findIndex((o) => `${req.method} ${path}`.startsWith(o.match));
      if (override >= 0) {
        const [o] = overrides.splice(override, 1);
        res.writeHead(o!.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(o!.body));
        return;
      }
      const upstream = httpRequest({ host: '127.0.0.1', port: target, method: req.method, path, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.end(body);
    });
  });
  return { server, seen, overrides };
}

describe('Stripe activities against stripe-mock', () => {
  let mock: StripeMock;
  let proxy: ReturnType<typeof recordingProxy>;
  let db: TestDatabase;
  let activities: StripeActivities;
  let refunds: ReturnType<typeof createRefundActivities>;
  let paymentId: number;

  beforeAll(async () => {
    mock = await startStripeMock(await ensureTool(STRIPE_MOCK), await freePort());
    proxy = recordingProxy(mock.port);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    const stripe = createStripeClient({ secretKey: 'sk_test_123', apiUrl: `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}` });
    db = await createTestDatabase();
    await db.chargePoints.create('CP-PAY', { name: 'Pay station' });
    const payment = await db.payments.create({ workflowId: 'session/CP-PAY/paid-x', sessionId: 'x'.repeat(22), chargePointId: 'CP-PAY', evseId: 1, currency: 'EUR', holdAmountMinor: 1500, pricing: {} });
    paymentId = payment.id;
    activities = createStripeActivities(stripe, db);
    refunds = createRefundActivities(stripe, db);
  }, 300_000);

  afterAll(async () => {
    await new Promise((resolve) => proxy?.server.close(resolve));
    await mock?.stop();
    await db?.close();
  });

  beforeEach(() => {
    proxy.seen.length = 0;
  });

  it('creates the Checkout Session Stripe accepts: manual capture, the hold, 30 minutes, return URLs, keyed by the workflow', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 31 * 60;
    const state = await activities.createCheckout({
      workflowId: 'session/CP-PAY/paid-x',
      paymentId,
      sessionId: 'x'.repeat(22),
      chargePointId: 'CP-PAY',
      evseId: 1,
      stationName: 'Pay station',
      currency: 'EUR',
      holdMinor: 1500,
      locale: 'de',
      successUrl: 'https://csms.test/charge/session/x?checkout=success',
      cancelUrl: 'https://csms.test/charge/session/x?checkout=cancel',
      expiresAt,
    });
    const [sent] = proxy.seen;
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/checkout/sessions', idempotencyKey: 'session/CP-PAY/paid-x:checkout' });
    expect(Object.fromEntries(sent!.body)).toMatchObject({
      mode: 'payment',
      'payment_intent_data[capture_method]': 'manual',
      'line_items[0][price_data][unit_amount]': '1500',
      'line_items[0][price_data][currency]': 'eur',
      'line_items[0][quantity]': '1',
      'metadata[workflow_id]': 'session/CP-PAY/paid-x',
      expires_at: String(expiresAt),
      success_url: 'https://csms.test/charge/session/x?checkout=success',
      locale: 'de',
    });
    expect(state.checkoutSessionId).toMatch(/^cs_/);
    expect((await db.payments.get(paymentId))?.checkoutSessionId).toBe(state.checkoutSessionId);
  });

  it('reads the PaymentIntent with its charge expanded, and captures with a key that carries the amount', async () => {
    const intent = await activities.readPaymentIntent({ paymentIntentId: 'pi_123' });
    expect(proxy.seen[0]?.path).toMatch(/^\/v1\/payment_intents\/pi_123\?expand(\[0\]|%5B0%5D)=latest_charge$/);
    expect(intent.paymentIntentId).toBe('pi_123');
    const moved = await activities.capturePayment({ workflowId: 'w/1', paymentIntentId: 'pi_123', amountMinor: 495 });
    expect(proxy.seen[1]).toMatchObject({ method: 'POST', path: '/v1/payment_intents/pi_123/capture', idempotencyKey: 'w/1:capture:495' });
    expect(proxy.seen[1]?.body.get('amount_to_capture')).toBe('495');
    expect(typeof moved.capturedMinor).toBe('number');
    await activities.cancelPayment({ workflowId: 'w/1', paymentIntentId: 'pi_123' });
    expect(proxy.seen[2]).toMatchObject({ method: 'POST', path: '/v1/payment_intents/pi_123/cancel', idempotencyKey: 'w/1:cancel' });
    await activities.expireCheckout({ checkoutSessionId: 'cs_123' });
    expect(proxy.seen[3]).toMatchObject({ method: 'POST', path: '/v1/checkout/sessions/cs_123/expire' });
  });

  it('counts "already captured" as done after re-reading the intent, and refuses for good what is still not captured', async () => {
    const unexpected = { error: { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message: 'already captured' } };
    proxy.overrides.push({ match: 'POST /v1/payment_intents/pi_1/capture', status: 400, body: unexpected });
    proxy.overrides.push({ match: 'GET /v1/payment_intents/pi_1', status: 200, body: { id: 'pi_1', object: 'payment_intent', status: 'succeeded', amount_received: 495, amount_capturable: 0, created: 1, livemode: false } });
    expect(await activities.capturePayment({ workflowId: 'w/2', paymentIntentId: 'pi_1', amountMinor: 495 })).toEqual({ status: 'succeeded', capturedMinor: 495 });

    proxy.overrides.push({ match: 'POST /v1/payment_intents/pi_2/capture', status: 400, body: unexpected });
    const failure = await activities.capturePayment({ workflowId: 'w/3', paymentIntentId: 'pi_2', amountMinor: 495 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'StripeRejected', nonRetryable: true });
  });

  it('lets Temporal retry what Stripe did not answer (5xx): the same key goes out again', async () => {
    proxy.overrides.push({ match: 'POST /v1/payment_intents/pi_3/capture', status: 500, body: { error: { type: 'api_error', message: 'boom' } } });
    const failure = await activities.capturePayment({ workflowId: 'w/4', paymentIntentId: 'pi_3', amountMinor: 100 }).catch((error: unknown) => error);
    expect(failure).not.toBeInstanceOf(ApplicationFailure);
    await activities.capturePayment({ workflowId: 'w/4', paymentIntentId: 'pi_3', amountMinor: 100 });
    expect(proxy.seen.filter((r) => r.path.endsWith('/capture')).map((r) => r.idempotencyKey)).toEqual(['w/4:capture:100', 'w/4:capture:100']);
  });

  it('refunds a captured payment with a key from the refund id and records Stripe’s refunded total', async () => {
    await db.payments.update(paymentId, { status: 'Captured', paymentIntentId: 'pi_123', capturedAmountMinor: 1000 });
    const result = await refunds.refundPayment({ paymentId, amountMinor: 300, requestedBy: 'admin', refundId: 'r1' });
    expect(proxy.seen[0]).toMatchObject({ method: 'POST', path: '/v1/refunds', idempotencyKey: `refund:${paymentId}:r1` });
    expect(Object.fromEntries(proxy.seen[0]!.body)).toEqual({ payment_intent: 'pi_123', amount: '300' });
    expect((await db.payments.get(paymentId))?.refundedAmountMinor).toBe(result.refundedMinor);
    await expect(refunds.refundPayment({ paymentId, amountMinor: 5000, requestedBy: 'admin', refundId: 'r2' })).rejects.toMatchObject({ type: 'InvalidRefundAmount' });
  });
});
