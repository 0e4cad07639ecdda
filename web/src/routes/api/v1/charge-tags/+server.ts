import { endpoint } from '$lib/server/api/endpoint.ts';
import { createChargeTag, listChargeTags } from '$lib/server/api/operations/charge-tags.ts';

export const GET = endpoint(listChargeTags);
export const POST = endpoint(createChargeTag);
