import { endpoint } from '$lib/server/api/endpoint.ts';
import { createChargingProfile, listChargingProfiles } from '$lib/server/api/operations/charging-profiles.ts';

export const GET = endpoint(listChargingProfiles);
export const POST = endpoint(createChargingProfile);
