import { endpoint } from '$lib/server/api/endpoint.ts';
import { extendedTriggerMessage } from '$lib/server/api/operations/certificates.ts';

export const POST = endpoint(extendedTriggerMessage);
