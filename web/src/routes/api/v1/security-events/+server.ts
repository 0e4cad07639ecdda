import { endpoint } from '$lib/server/api/endpoint.ts';
import { listSecurityEvents } from '$lib/server/api/operations/security-events.ts';

export const GET = endpoint(listSecurityEvents);
