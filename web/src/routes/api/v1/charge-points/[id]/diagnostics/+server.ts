import { endpoint } from '$lib/server/api/endpoint.ts';
import { requestDiagnostics } from '$lib/server/api/operations/station-files.ts';

export const POST = endpoint(requestDiagnostics);
