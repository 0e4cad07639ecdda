import { endpoint } from '$lib/server/api/endpoint.ts';
import { refundPaymentOperation } from '$lib/server/api/operations/payments.ts';

export const POST = endpoint(refundPaymentOperation);
