import { endpoint } from '$lib/server/api/endpoint.ts';
import { listTransactions } from '$lib/server/api/operations/transactions.ts';

export const GET = endpoint(listTransactions);
