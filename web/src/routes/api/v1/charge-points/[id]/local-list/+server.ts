import { endpoint } from '$lib/server/api/endpoint.ts';
import { getLocalList, sendLocalList } from '$lib/server/api/operations/local-list.ts';

export const GET = endpoint(getLocalList);
export const POST = endpoint(sendLocalList);
