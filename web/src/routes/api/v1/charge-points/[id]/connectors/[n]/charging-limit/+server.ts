import { endpoint } from '$lib/server/api/endpoint.ts';
import { clearChargingLimit, setChargingLimit } from '$lib/server/api/operations/commands.ts';

export const PUT = endpoint(setChargingLimit);
export const DELETE = endpoint(clearChargingLimit);
