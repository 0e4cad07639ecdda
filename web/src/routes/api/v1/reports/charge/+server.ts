import { endpoint } from '$lib/server/api/endpoint.ts';
import { getChargeReport } from '$lib/server/api/operations/reports.ts';

export const GET = endpoint(getChargeReport);
