/**
 * Runs the Stripe stand-in by hand (see `stripe-stand-in.ts` for how to point the web app and the worker at it):
 *
 *   node --import tsx workers/src/test-kit/stripe-stand-in/cli.ts --port 12111 \
 *     --webhook-url http://127.0.0.1:8082/api/v1/stripe/webhook --webhook-secret whsec_test
 */
import { parseArgs } from 'node:util';
import { startStripeStandIn } from './stripe-stand-in.ts';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '12111' }, 'webhook-url': { type: 'string' }, 'webhook-secret': { type: 'string', default: 'whsec_test' } },
});
const standIn = await startStripeStandIn({
  port: Number(values.port),
  webhookUrl: values['webhook-url'] ?? null,
  webhookSecret: values['webhook-secret'],
});
console.log(`Stripe stand-in on ${standIn.url} (STRIPE_API_URL=${standIn.url}); webhooks to ${standIn.webhookUrl ?? 'nowhere'}`);
const stop = () => void standIn.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
