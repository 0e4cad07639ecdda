import { endpoint } from '$lib/server/api/endpoint.ts';
import { revokeToken } from '$lib/server/api/operations/tokens.ts';

export const DELETE = endpoint(revokeToken);
