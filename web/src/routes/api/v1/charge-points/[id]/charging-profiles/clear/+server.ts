import { endpoint } from '$lib/server/api/endpoint.ts';
import { clearChargingProfilesByCriteria } from '$lib/server/api/operations/charging-profiles.ts';

export const POST = endpoint(clearChargingProfilesByCriteria);
