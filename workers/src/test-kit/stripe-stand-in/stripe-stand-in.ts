/**
 * A small stateful stand-in for the parts of Stripe this project calls (stripe-mock keeps no state, so it cannot take
 * a PaymentIntent to `requires_capture`), with a stand-in for the hosted Checkout page and signed webhooks. Its
 * responses are checked against Stripe's OpenAPI spec from stripe-mock's module (`stripe-stand-in.spec.test.ts`).
 *
 * Endpoints: `POST /v1/checkout/sessions`, `GET /v1/checkout/sessions/:id`, `POST /v1/checkout/sessions/:id/expire`,
 * `GET /v1/payment_intents/:id` (`expand[]=latest_charge`), `POST /v1/payment_intents/:id/capture|cancel`,
 * `POST /v1/refunds`, `GET /v1/refunds?payment_intent=`. Idempotency keys replay the first answer; every answered
 * request is kept in `requests` (with its key and whether it was a replay).
 *
 * Start it (tests: `await startStripeStandIn({ webhookUrl, webhookSecret })`; by hand:
 * `node --import tsx workers/src/test-kit/stripe-stand-in/cli.ts --port 12111 --webhook-url
 * http://127.0.0.1:8082/api/v1/stripe/webhook --webhook-secret whsec_test`), then point the processes at it:
 * worker `STRIPE_SECRET_KEY=sk_test_standin STRIPE_API_URL=<url>`; web app `STRIPE_SECRET_KEY=sk_test_standin
 * STRIPE_WEBHOOK_SECRET=whsec_test PUBLIC_BASE_URL=http://127.0.0.1:8082`.
 *
 * How the browser pays: the Checkout URL is `<url>/checkout/<cs_id>`, a page with the amount and three buttons —
 * "Pay" (`#pay`: the card is held, `requires_capture`; webhooks `payment_intent.amount_capturable_updated` and
 * `checkout.session.completed`; redirect to the success URL), "Decline" (`#decline`: `payment_intent.payment_failed`,
 * the page stays open) and "Cancel" (`#cancel`: back to the cancel URL). Tests without a browser call `pay(id)`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { parseStripeForm } from './form-body.ts';
import { newCharge, newCheckoutSession, newEvent, newPaymentIntent, now, publicView, StandInError, stripeId, type StripeObject } from './stand-in-state.ts';

/** Options of {@link startStripeStandIn}. */
export interface StripeStandInOptions {
  /** Where signed webhooks go; null sends none (tests of the return path). */
  readonly webhookUrl?: string | null;
  readonly webhookSecret?: string;
  /** Default 0: a free port on 127.0.0.1. */
  readonly port?: number;
  /**
   * Called once a request has taken effect (and its idempotent answer is kept) but before the answer leaves: a test
   * can kill the caller here, between Stripe's side of a call and the caller learning of it (chaos).
   */
  readonly onApplied?: (request: StandInRequest) => void;
}

/** One API request the stand-in answered (the hosted page's clicks are not API requests). */
export interface StandInRequest {
  readonly method: string;
  readonly path: string;
  /** The `Idempotency-Key` header, or null. */
  readonly idempotencyKey: string | null;
  /** Answered from the idempotency cache: the same key was seen before and nothing happened again. */
  readonly replayed: boolean;
  readonly status: number;
}

/** A running stand-in. */
export interface StripeStandIn {
  /** `http://127.0.0.1:<port>`: `STRIPE_API_URL` and the base of the Checkout pages. */
  readonly url: string;
  /** Every object by id (sessions, intents, charges, refunds). */
  readonly objects: Map<string, StripeObject>;
  /** Every event sent (or meant to be sent), oldest first. */
  readonly events: StripeObject[];
  /** Successful captures: intent id and amount. */
  readonly captures: { paymentIntentId: string; amount: number }[];
  /** Every API request answered, oldest first (idempotency key, replayed or not). */
  readonly requests: StandInRequest[];
  webhookUrl: string | null;
  /** The next `times` requests whose `METHOD path` starts with `prefix` fail with `status` (5xx: API error). */
  failNext(prefix: string, status: number, times?: number): void;
  /** The driver pays (or is declined) on the hosted page; returns the success URL to go to. */
  pay(checkoutSessionId: string, options?: { declined?: boolean }): Promise<string | null>;
  /** Stripe expires the session (its `expires_at` passed). */
  expire(checkoutSessionId: string): Promise<void>;
  /** Sends an event again (a replayed or late delivery). */
  redeliver(eventId: string): Promise<number>;
  close(): Promise<void>;
}

/** Starts the stand-in on 127.0.0.1; see the file header. */
export async function startStripeStandIn(options: StripeStandInOptions = {}): Promise<StripeStandIn> {
  const objects = new Map<string, StripeObject>();
  const events: StripeObject[] = [];
  const captures: { paymentIntentId: string; amount: number }[] = [];
  const requests: StandInRequest[] = [];
  const idempotent = new Map<string, { status: number; body: unknown }>();
  const failures: { prefix: string; status: number; left: number }[] = [];
  const secret = options.webhookSecret ?? 'whsec_test';
  let base = '';

  const get = (id: string, object: string): StripeObject => {
    const found = objects.get(id);
    if (!found || found.object !== object) throw new StandInError(404, 'invalid_request_error', 'resource_missing', `No such ${object}: '${id}'`);
    return found;
  };
  const put = (object: StripeObject) => (objects.set(object.id, object), object);

  const send = async (event: StripeObject): Promise<number> => {
    if (!standIn.webhookUrl) return 0;
    const payload = JSON.stringify(event);
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret });
    try {
      const response = await fetch(standIn.webhookUrl, { method: 'POST', body: payload, headers: { 'content-type': 'application/json', 'stripe-signature': header } });
      return response.status;
    } catch {
      return 0;
    }
  };
  const emit = (type: string, object: StripeObject): Promise<number> => {
    const event = newEvent(type, object);
    events.push(event);
    return send(event);
  };

  const intentView = (intent: StripeObject, expand: unknown): StripeObject => {
    const view = publicView(intent);
    const wanted = Array.isArray(expand) ? expand : expand ? [expand] : [];
    if (wanted.includes('latest_charge') && typeof intent.latest_charge === 'string') view.latest_charge = publicView(get(intent.latest_charge, 'charge'));
    return view;
  };

  const pay = async (id: string, declined = false): Promise<string | null> => {
    const session = get(id, 'checkout.session');
    if (session.status !== 'open') throw new StandInError(400, 'invalid_request_error', 'checkout_session_not_open', 'This Checkout Session is no longer open.');
    let intent = typeof session.payment_intent === 'string' ? get(session.payment_intent, 'payment_intent') : null;
    if (!intent) {
      intent = put(newPaymentIntent(session, declined));
      session.payment_intent = intent.id;
    }
    if (declined) {
      Object.assign(intent, newPaymentIntent(session, true), { id: intent.id });
      await emit('payment_intent.payment_failed', intent);
      return null;
    }
    const charge = put(newCharge(intent));
    Object.assign(intent, { status: 'requires_capture', amount_capturable: intent.amount, last_payment_error: null, latest_charge: charge.id });
    session.status = 'complete';
    await emit('payment_intent.amount_capturable_updated', intent);
    await emit('checkout.session.completed', session);
    return String(session.success_url ?? '').replace('{CHECKOUT_SESSION_ID}', id);
  };

  const expire = async (id: string): Promise<StripeObject> => {
    const session = get(id, 'checkout.session');
    if (session.status !== 'open') throw new StandInError(400, 'invalid_request_error', 'checkout_session_not_open', 'Only open Checkout Sessions can be expired.');
    session.status = 'expired';
    session.url = null;
    await emit('checkout.session.expired', session);
    return session;
  };

  const api = async (method: string, path: string, params: Record<string, unknown>): Promise<unknown> => {
    let match: RegExpMatchArray | null;
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      if (Number(params.expires_at) < now() + 30 * 60 - 5) {
        throw new StandInError(400, 'invalid_request_error', 'parameter_invalid_integer', 'expires_at must be at least 30 minutes from now');
      }
      return publicView(put(newCheckoutSession(params, (sid) => `${base}/checkout/${sid}`)));
    }
    if ((match = path.match(/^\/v1\/checkout\/sessions\/([\w-]+)(\/expire)?$/))) {
      if (method === 'GET' && !match[2]) return publicView(get(match[1]!, 'checkout.session'));
      if (method === 'POST' && match[2]) return publicView(await expire(match[1]!));
    }
    if ((match = path.match(/^\/v1\/payment_intents\/([\w-]+)(?:\/(capture|cancel))?$/))) {
      const intent = get(match[1]!, 'payment_intent');
      if (method === 'GET' && !match[2]) return intentView(intent, params.expand);
      if (method === 'POST' && intent.status !== 'requires_capture') {
        throw new StandInError(400, 'invalid_request_error', 'payment_intent_unexpected_state', `This PaymentIntent's status is ${String(intent.status)}.`);
      }
      const charge = get(String(intent.latest_charge), 'charge');
      if (method === 'POST' && match[2] === 'capture') {
        const amount = params.amount_to_capture === undefined ? Number(intent.amount_capturable) : Number(params.amount_to_capture);
        if (amount > Number(intent.amount_capturable)) throw new StandInError(400, 'invalid_request_error', 'amount_too_large', 'Amount to capture is larger than capturable.');
        if (amount < 50) throw new StandInError(400, 'invalid_request_error', 'amount_too_small', 'Amount must be at least 50 cents.');
        Object.assign(intent, { status: 'succeeded', amount_received: amount, amount_capturable: 0 });
        Object.assign(charge, { captured: true, amount_captured: amount, amount_refunded: Number(charge.amount) - amount });
        captures.push({ paymentIntentId: intent.id, amount });
        return publicView(intent);
      }
      if (method === 'POST' && match[2] === 'cancel') {
        Object.assign(intent, { status: 'canceled', amount_capturable: 0, canceled_at: now() });
        Object.assign(charge, { amount_refunded: charge.amount, refunded: true });
        await emit('payment_intent.canceled', intent);
        return publicView(intent);
      }
    }
    if (path === '/v1/refunds' && method === 'POST') {
      const intent = get(String(params.payment_intent), 'payment_intent');
      const refunded = [...objects.values()].filter((o) => o.object === 'refund' && o.payment_intent === intent.id).reduce((s, r) => s + Number(r.amount), 0);
      const amount = params.amount === undefined ? Number(intent.amount_received) - refunded : Number(params.amount);
      if (intent.status !== 'succeeded' || amount < 1 || amount > Number(intent.amount_received) - refunded) {
        throw new StandInError(400, 'invalid_request_error', 'amount_too_large', 'The refund is larger than what is left.');
      }
      return publicView(put({ id: stripeId('re'), object: 'refund', amount, currency: intent.currency, created: now(), payment_intent: intent.id, status: 'succeeded', metadata: {} }));
    }
    if (path === '/v1/refunds' && method === 'GET') {
      const data = [...objects.values()].filter((o) => o.object === 'refund' && (!params.payment_intent || o.payment_intent === params.payment_intent));
      return { object: 'list', data: data.map(publicView), has_more: false, url: '/v1/refunds' };
    }
    throw new StandInError(404, 'invalid_request_error', 'resource_missing', `Unrecognized request URL (${method}: ${path}).`);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', base);
    const body = await new Promise<string>((resolve) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => resolve(text));
    });
    const reply = (status: number, payload: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
      response.writeHead(status, headers);
      response.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    const page = url.pathname.match(/^\/checkout\/([\w-]+)(?:\/(pay|decline|cancel))?$/);
    if (page) return hostedPage(page[1]!, page[2], reply);
    const method = request.method ?? 'GET';
    if (!/^Bearer sk_/.test(request.headers.authorization ?? '')) {
      return reply(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
    }
    const failure = failures.find((f) => f.left > 0 && `${method} ${url.pathname}`.startsWith(f.prefix));
    if (failure) {
      failure.left -= 1;
      return reply(failure.status, { error: { type: 'api_error', message: 'the stand-in was told to fail this request' } });
    }
    const key = request.headers['idempotency-key'];
    const idempotencyKey = typeof key === 'string' ? key : null;
    const cacheKey = idempotencyKey !== null && method === 'POST' ? `${url.pathname}|${idempotencyKey}` : null;
    const cached = cacheKey ? idempotent.get(cacheKey) : undefined;
    if (cached) {
      requests.push({ method, path: url.pathname, idempotencyKey, replayed: true, status: cached.status });
      return reply(cached.status, cached.body, { 'content-type': 'application/json', 'idempotent-replayed': 'true' });
    }
    const params = method === 'GET' ? parseStripeForm(url.search.slice(1)) : parseStripeForm(body);
    let status = 200;
    let payload: unknown;
    try {
      payload = await api(method, url.pathname, params);
    } catch (error) {
      if (!(error instanceof StandInError)) throw error;
      status = error.status;
      payload = { error: { type: error.type, code: error.code, message: error.message } };
    }
    if (cacheKey && status < 500) idempotent.set(cacheKey, { status, body: payload });
    const answered: StandInRequest = { method, path: url.pathname, idempotencyKey, replayed: false, status };
    requests.push(answered);
    options.onApplied?.(answered);
    reply(status, payload);
  };

  const hostedPage = async (id: string, action: string | undefined, reply: (s: number, p: unknown, h?: Record<string, string>) => void) => {
    const session = objects.get(id);
    if (!session || session.object !== 'checkout.session') return reply(404, 'no such checkout session', { 'content-type': 'text/plain' });
    if (action === 'cancel') return reply(303, '', { location: String(session.cancel_url) });
    if (action === 'pay' || action === 'decline') {
      try {
        const next = await pay(id, action === 'decline');
        if (next) return reply(303, '', { location: next });
      } catch (error) {
        if (error instanceof StandInError) return reply(409, error.message, { 'content-type': 'text/plain' });
        throw error;
      }
    }
    const amount = (Number(session.amount_total) / 100).toFixed(2);
    const declined = typeof session.payment_intent === 'string' && objects.get(session.payment_intent)?.status === 'requires_payment_method';
    reply(
      200,
      `<!doctype html><html><head><meta charset="utf-8"><title>Stripe stand-in Checkout</title></head><body>` +
        `<h1>Stand-in Checkout</h1><p id="amount">${amount} ${String(session.currency).toUpperCase()}</p>` +
        `<p id="status">${String(session.status)}${declined ? ' (card declined)' : ''}</p>` +
        (session.status === 'open'
          ? `<form method="post" action="/checkout/${id}/pay"><button id="pay" type="submit">Pay</button></form>` +
            `<form method="post" action="/checkout/${id}/decline"><button id="decline" type="submit">Decline</button></form>` +
            `<a id="cancel" href="/checkout/${id}/cancel">Cancel</a>`
          : '') +
        `</body></html>`,
      { 'content-type': 'text/html; charset=utf-8' },
    );
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { type: 'api_error', message: String(error) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const standIn: StripeStandIn = {
    url: base,
    objects,
    events,
    captures,
    requests,
    webhookUrl: options.webhookUrl ?? null,
    failNext: (prefix, status, times = 1) => void failures.push({ prefix, status, left: times }),
    pay: (id, opts) => pay(id, opts?.declined ?? false),
    expire: async (id) => void (await expire(id)),
    redeliver: async (eventId) => {
      const event = events.find((e) => e.id === eventId);
      return event ? send(event) : 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return standIn;
}
