import { endpoint } from '$lib/server/api/endpoint.ts';
import { getConnectorOffer } from '$lib/server/api/operations/payments.ts';

export const GET = endpoint(getConnectorOffer);
