import { endpoint } from '$lib/server/api/endpoint.ts';
import { getDiagnostics } from '$lib/server/api/operations/diagnostics.ts';

export const GET = endpoint(getDiagnostics);
