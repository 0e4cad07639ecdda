import { endpoint } from '$lib/server/api/endpoint.ts';
import { stopDriverSessionOperation } from '$lib/server/api/operations/payments.ts';

export const POST = endpoint(stopDriverSessionOperation);
