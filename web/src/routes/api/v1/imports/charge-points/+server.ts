import { endpoint } from '$lib/server/api/endpoint.ts';
import { importChargePoints } from '$lib/server/api/operations/fleet-import.ts';

export const POST = endpoint(importChargePoints);
