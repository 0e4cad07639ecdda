import { endpoint } from '$lib/server/api/endpoint.ts';
import { getHealth } from '$lib/server/api/operations/health.ts';

export const GET = endpoint(getHealth);
