import { endpoint } from '$lib/server/api/endpoint.ts';
import { dataTransfer } from '$lib/server/api/operations/commands.ts';

export const POST = endpoint(dataTransfer);
