import { endpoint } from '$lib/server/api/endpoint.ts';
import { updateConnector } from '$lib/server/api/operations/charge-points.ts';

export const PATCH = endpoint(updateConnector);
