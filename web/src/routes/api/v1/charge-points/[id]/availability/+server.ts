import { endpoint } from '$lib/server/api/endpoint.ts';
import { changeAvailability } from '$lib/server/api/operations/commands.ts';

export const POST = endpoint(changeAvailability);
