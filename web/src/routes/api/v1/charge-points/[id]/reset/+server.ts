import { endpoint } from '$lib/server/api/endpoint.ts';
import { resetChargePoint } from '$lib/server/api/operations/commands.ts';

export const POST = endpoint(resetChargePoint);
