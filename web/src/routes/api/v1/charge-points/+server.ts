import { endpoint } from '$lib/server/api/endpoint.ts';
import { createChargePoint, listChargePoints } from '$lib/server/api/operations/charge-points.ts';

export const GET = endpoint(listChargePoints);
export const POST = endpoint(createChargePoint);
