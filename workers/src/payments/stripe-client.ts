import Stripe from 'stripe';
import type { StripeSettings } from '../config.ts';

/**
 * The Stripe client of the worker. No retries inside the SDK: Temporal retries the activity with the same idempotency
 * key, so every retry is visible in the session's history. `apiUrl` points it at stripe-mock or the test kit's
 * stand-in.
 */
export function createStripeClient(settings: StripeSettings): Stripe {
  const target = settings.apiUrl ? new URL(settings.apiUrl) : null;
  return new Stripe(settings.secretKey, {
    maxNetworkRetries: 0,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: 'csms' },
    ...(target
      ? {
          host: target.hostname,
          port: Number(target.port || (target.protocol === 'https:' ? 443 : 80)),
          protocol: target.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
}
