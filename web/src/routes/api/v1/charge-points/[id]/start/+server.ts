import { endpoint } from '$lib/server/api/endpoint.ts';
import { remoteStartStation } from '$lib/server/api/operations/commands.ts';

export const POST = endpoint(remoteStartStation);
