import { endpoint } from '$lib/server/api/endpoint.ts';
import { listPaymentsOperation } from '$lib/server/api/operations/payments.ts';

export const GET = endpoint(listPaymentsOperation);
