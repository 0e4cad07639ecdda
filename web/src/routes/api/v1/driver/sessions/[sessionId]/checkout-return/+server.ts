import { endpoint } from '$lib/server/api/endpoint.ts';
import { checkoutReturn } from '$lib/server/api/operations/payments.ts';

export const POST = endpoint(checkoutReturn);
