import { endpoint } from '$lib/server/api/endpoint.ts';
import { getLocalListVersion } from '$lib/server/api/operations/local-list.ts';

export const GET = endpoint(getLocalListVersion);
