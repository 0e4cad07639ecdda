import pino from 'pino';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { loadConfig } from '../config.ts';
import type { Services } from '../services.ts';
import { handleStripeWebhook } from './webhook.ts';

const SECRET = 'whsec_unit';

function event(id: string, type = 'checkout.session.completed') {
  return JSON.stringify({ id, object: 'event', type, created: 1, livemode: false, pending_webhooks: 1, data: { object: { id: 'cs_other', object: 'checkout.session', metadata: {} } } });
}

/** The webhook's checks before anything is acted on; delivery to a session is covered by test/paid-charging.int.test.ts. */
describe('Stripe webhook', () => {
  let db: TestDatabase;
  let services: Services;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig({ STRIPE_SECRET_KEY: 'sk_test_unit', STRIPE_WEBHOOK_SECRET: SECRET, PUBLIC_BASE_URL: 'http://csms.test' });
    // no Temporal: an event for no payment of this system never reaches it
    services = { config, log: pino({ level: 'silent' }), db } as unknown as Services;
  });

  afterAll(async () => {
    await db?.close();
  });

  it('refuses a forged, missing or stale signature with 400 and records nothing', async () => {
    const body = event('evt_forged');
    const forged = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_someone_else' });
    expect((await handleStripeWebhook(services, body, forged)).status).toBe(400);
    expect((await handleStripeWebhook(services, body, null)).status).toBe(400);
    const stale = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await handleStripeWebhook(services, body, stale)).status).toBe(400);
    // the signature covers the raw body: one changed byte fails it
    const signed = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });
    expect((await handleStripeWebhook(services, body.replace('evt_forged', 'evt_forgee'), signed)).status).toBe(400);
    expect(await db.webhookEvents.recordReceived('evt_forged', 'checkout.session.completed', new Date())).toBe(true);
  });

  it('accepts a signed event once and answers a replay as a duplicate', async () => {
    const body = event('evt_once');
    const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });
    expect(await handleStripeWebhook(services, body, header)).toEqual({ status: 200, body: { received: true } });
    expect(await handleStripeWebhook(services, body, header)).toEqual({ status: 200, body: { received: true, duplicate: true } });
  });

  it('ignores event types it does not handle, and refuses everything without a webhook secret', async () => {
    const body = event('evt_other', 'customer.created');
    const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });
    expect(await handleStripeWebhook(services, body, header)).toEqual({ status: 200, body: { received: true, handled: false } });
    const noSecret = { ...services, config: loadConfig({ STRIPE_SECRET_KEY: 'sk_test_unit', PUBLIC_BASE_URL: 'http://csms.test' }) } as Services;
    expect((await handleStripeWebhook(noSecret, event('evt_x'), header)).status).toBe(400);
  });
});
