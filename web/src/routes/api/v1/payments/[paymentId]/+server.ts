import { endpoint } from '$lib/server/api/endpoint.ts';
import { getPaymentOperation } from '$lib/server/api/operations/payments.ts';

export const GET = endpoint(getPaymentOperation);
