import { endpoint } from '$lib/server/api/endpoint.ts';
import { getOpenApi } from '$lib/server/api/operations/openapi.ts';

export const GET = endpoint(getOpenApi);
