import { endpoint } from '$lib/server/api/endpoint.ts';
import { listMessageLog } from '$lib/server/api/operations/message-log.ts';

export const GET = endpoint(listMessageLog);
