import { endpoint } from '$lib/server/api/endpoint.ts';
import { getCompositeSchedule } from '$lib/server/api/operations/charging-profiles.ts';

export const POST = endpoint(getCompositeSchedule);
