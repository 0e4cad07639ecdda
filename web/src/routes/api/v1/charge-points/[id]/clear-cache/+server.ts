import { endpoint } from '$lib/server/api/endpoint.ts';
import { clearCache } from '$lib/server/api/operations/commands.ts';

export const POST = endpoint(clearCache);
