import { endpoint } from '$lib/server/api/endpoint.ts';
import { setLocalListTags } from '$lib/server/api/operations/local-list.ts';

export const PUT = endpoint(setLocalListTags);
