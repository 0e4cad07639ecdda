import { endpoint } from '$lib/server/api/endpoint.ts';
import { addTagToLocalLists } from '$lib/server/api/operations/local-list.ts';

export const POST = endpoint(addTagToLocalLists);
