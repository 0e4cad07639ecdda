import { endpoint } from '$lib/server/api/endpoint.ts';
import { getDriverSessionView } from '$lib/server/api/operations/payments.ts';

export const GET = endpoint(getDriverSessionView);
