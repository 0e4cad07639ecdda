import { endpoint } from '$lib/server/api/endpoint.ts';
import { deleteChargingProfile } from '$lib/server/api/operations/charging-profiles.ts';

export const DELETE = endpoint(deleteChargingProfile);
