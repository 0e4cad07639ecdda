import { endpoint } from '$lib/server/api/endpoint.ts';
import { stripeWebhook } from '$lib/server/api/operations/payments.ts';

export const POST = endpoint(stripeWebhook);
