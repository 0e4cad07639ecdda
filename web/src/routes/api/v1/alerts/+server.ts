import { endpoint } from '$lib/server/api/endpoint.ts';
import { listAlertsOperation } from '$lib/server/api/operations/alerts.ts';

export const GET = endpoint(listAlertsOperation);
