import { endpoint } from '$lib/server/api/endpoint.ts';
import { triggerMessage } from '$lib/server/api/operations/commands.ts';

export const POST = endpoint(triggerMessage);
