import { endpoint } from '$lib/server/api/endpoint.ts';
import { remoteStop } from '$lib/server/api/operations/commands.ts';

export const POST = endpoint(remoteStop);
