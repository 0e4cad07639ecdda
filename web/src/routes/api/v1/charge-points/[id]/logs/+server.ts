import { endpoint } from '$lib/server/api/endpoint.ts';
import { requestLog } from '$lib/server/api/operations/station-files.ts';

export const POST = endpoint(requestLog);
