import { endpoint } from '$lib/server/api/endpoint.ts';
import { getTransaction } from '$lib/server/api/operations/transactions.ts';

export const GET = endpoint(getTransaction);
