import { endpoint } from '$lib/server/api/endpoint.ts';
import { unlockConnector } from '$lib/server/api/operations/commands.ts';

export const POST = endpoint(unlockConnector);
