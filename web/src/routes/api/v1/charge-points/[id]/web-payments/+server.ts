import { endpoint } from '$lib/server/api/endpoint.ts';
import { configureWebPayments } from '$lib/server/api/operations/commands.ts';

export const POST = endpoint(configureWebPayments);
