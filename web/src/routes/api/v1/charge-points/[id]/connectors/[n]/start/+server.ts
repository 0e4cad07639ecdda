import { endpoint } from '$lib/server/api/endpoint.ts';
import { remoteStart } from '$lib/server/api/operations/commands.ts';

export const POST = endpoint(remoteStart);
