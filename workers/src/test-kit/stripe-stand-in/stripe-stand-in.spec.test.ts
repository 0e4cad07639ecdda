import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_MOCK } from '@csms/temporal/tools';
import { startStripeStandIn, type StripeStandIn } from './stripe-stand-in.ts';

/**
 * Stripe's OpenAPI spec as stripe-mock's Go module ships it (`embedded/openapi/spec3.json`), from the module cache;
 * `go mod download` fetches the module when the cache lacks it.
 */
function stripeSpecPath(): string {
  const module = `${STRIPE_MOCK.goPackage}@${STRIPE_MOCK.version}`;
  const cache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  let dir = join(cache, `${STRIPE_MOCK.goPackage}@${STRIPE_MOCK.version}`);
  if (!existsSync(join(dir, 'embedded/openapi/spec3.json'))) {
    dir = (JSON.parse(execFileSync('go', ['mod', 'download', '-json', module], { encoding: 'utf8' })) as { Dir: string }).Dir;
  }
  return join(dir, 'embedded/openapi/spec3.json');
}

type Validate = (schema: string, value: unknown) => void;

/** OpenAPI 3.0's `nullable: true` in JSON Schema terms (a `null` type beside the others). */
function withNulls(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNulls);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (key !== 'nullable') out[key] = withNulls(value);
  if ((node as { nullable?: boolean }).nullable !== true) return out;
  if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'], ...(Array.isArray(out.enum) ? { enum: [...out.enum, null] } : {}) };
  if (Array.isArray(out.anyOf)) return { ...out, anyOf: [...out.anyOf, { type: 'null' }] };
  return { anyOf: [out, { type: 'null' }] };
}

/** Validates values against `#/components/schemas/<name>` of the spec (OpenAPI 3.0 `nullable` included). */
function validatorOf(specPath: string): Validate {
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as { components: { schemas: Record<string, unknown> } };
  const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
  ajv.addSchema({ $id: 'stripe', components: withNulls(spec.components) }, 'stripe');
  return (schema, value) => {
    const check = ajv.getSchema(`stripe#/components/schemas/${schema}`);
    if (!check) throw new Error(`no schema ${schema}`);
    if (!check(value)) throw new Error(`${schema}: ${ajv.errorsText(check.errors)} in ${JSON.stringify(value).slice(0, 400)}`);
  };
}

describe('the Stripe stand-in answers as Stripe’s OpenAPI spec says', () => {
  let standIn: StripeStandIn;
  let stripe: Stripe;
  let validate: Validate;
  const received: { type: string; signature: string; body: string }[] = [];
  let hook: Server;

  beforeAll(async () => {
    validate = validatorOf(stripeSpecPath());
    hook = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ type: (JSON.parse(body) as { type: string }).type, signature: String(request.headers['stripe-signature']), body });
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const port = (hook.address() as AddressInfo).port;
    standIn = await startStripeStandIn({ webhookUrl: `http://127.0.0.1:${port}/hook`, webhookSecret: 'whsec_spec' });
    const url = new URL(standIn.url);
    stripe = new Stripe('sk_test_spec', { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 });
  }, 120_000);

  afterAll(async () => {
    await standIn?.close();
    await new Promise((resolve) => hook?.close(resolve));
  });

  const create = (idempotencyKey: string, amount = 1500) =>
    stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [{ quantity: 1, price_data: { currency: 'eur', unit_amount: amount, product_data: { name: 'Charging' } } }],
        payment_intent_data: { capture_method: 'manual', metadata: { workflow_id: 'w1' } },
        metadata: { workflow_id: 'w1' },
        expires_at: Math.floor(Date.now() / 1000) + 31 * 60,
        success_url: 'http://127.0.0.1/s?checkout=success',
        cancel_url: 'http://127.0.0.1/s?checkout=cancel',
      },
      { idempotencyKey },
    );

  it('takes a Checkout Session through payment, partial capture and refund', async () => {
    // the check bites: a PaymentIntent without its required fields, a session with an unknown status
    expect(() => validate('payment_intent', { id: 'pi_1', object: 'payment_intent' })).toThrow(/required/);
    const session = await create('k1');
    validate('checkout.session', session);
    expect(() => validate('checkout.session', { ...session, status: 'paid' })).toThrow(/allowed values/);
    expect(session).toMatchObject({ status: 'open', payment_intent: null, amount_total: 1500 });
    expect((await create('k1')).id).toBe(session.id);

    expect(await standIn.pay(session.id)).toBe('http://127.0.0.1/s?checkout=success');
    const complete = await stripe.checkout.sessions.retrieve(session.id);
    validate('checkout.session', complete);
    const intent = await stripe.paymentIntents.retrieve(String(complete.payment_intent), { expand: ['latest_charge'] });
    validate('payment_intent', intent);
    validate('charge', intent.latest_charge);
    expect(intent).toMatchObject({ status: 'requires_capture', amount_capturable: 1500 });
    expect((intent.latest_charge as Stripe.Charge).payment_method_details?.card?.capture_before).toBeGreaterThan(Date.now() / 1000);

    const captured = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 1234 }, { idempotencyKey: 'cap-1234' });
    validate('payment_intent', captured);
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 1234 });
    const again = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 1234 }, { idempotencyKey: 'cap-1234' });
    expect(again.status).toBe('succeeded');
    expect(standIn.captures).toEqual([{ paymentIntentId: intent.id, amount: 1234 }]);
    await expect(stripe.paymentIntents.capture(intent.id, { amount_to_capture: 1234 })).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });

    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 234 });
    validate('refund', refund);
    const list = await stripe.refunds.list({ payment_intent: intent.id });
    for (const item of list.data) validate('refund', item);
    expect(list.data.map((r) => r.amount)).toEqual([234]);
  });

  it('cancels a held payment, expires an open session and refuses what Stripe refuses', async () => {
    const paid = await create('k2');
    await standIn.pay(paid.id);
    const intentId = String((await stripe.checkout.sessions.retrieve(paid.id)).payment_intent);
    const canceled = await stripe.paymentIntents.cancel(intentId);
    validate('payment_intent', canceled);
    expect(canceled.status).toBe('canceled');

    const open = await create('k3');
    const expired = await stripe.checkout.sessions.expire(open.id);
    validate('checkout.session', expired);
    expect(expired.status).toBe('expired');
    await expect(stripe.checkout.sessions.expire(open.id)).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    await expect(stripe.paymentIntents.retrieve('pi_missing')).rejects.toMatchObject({ statusCode: 404 });
    await expect(
      stripe.checkout.sessions.create({ mode: 'payment', expires_at: Math.floor(Date.now() / 1000) + 60, success_url: 'http://x/' }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it('signs every webhook so the SDK verifies it, and the events are Stripe events', async () => {
    const declined = await create('k4');
    await standIn.pay(declined.id, { declined: true });
    const types = received.map((r) => r.type);
    expect(types).toEqual(
      expect.arrayContaining(['payment_intent.amount_capturable_updated', 'checkout.session.completed', 'payment_intent.canceled', 'checkout.session.expired', 'payment_intent.payment_failed']),
    );
    for (const delivery of received) {
      const event = stripe.webhooks.constructEvent(delivery.body, delivery.signature, 'whsec_spec');
      validate('event', event);
      const schema = event.type.startsWith('checkout.') ? 'checkout.session' : 'payment_intent';
      validate(schema, event.data.object);
      expect(() => stripe.webhooks.constructEvent(delivery.body, delivery.signature, 'whsec_other')).toThrow();
    }
  });
});
