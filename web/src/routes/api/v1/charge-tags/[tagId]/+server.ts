import { endpoint } from '$lib/server/api/endpoint.ts';
import { deleteChargeTag, getChargeTag, updateChargeTag } from '$lib/server/api/operations/charge-tags.ts';

export const GET = endpoint(getChargeTag);
export const PATCH = endpoint(updateChargeTag);
export const DELETE = endpoint(deleteChargeTag);
