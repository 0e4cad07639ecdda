import { endpoint } from '$lib/server/api/endpoint.ts';
import { startCheckout } from '$lib/server/api/operations/payments.ts';

export const POST = endpoint(startCheckout);
