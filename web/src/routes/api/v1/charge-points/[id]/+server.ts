import { endpoint } from '$lib/server/api/endpoint.ts';
import { deleteChargePoint, getChargePoint, updateChargePoint } from '$lib/server/api/operations/charge-points.ts';

export const GET = endpoint(getChargePoint);
export const PATCH = endpoint(updateChargePoint);
export const DELETE = endpoint(deleteChargePoint);
