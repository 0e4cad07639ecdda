import { endpoint } from '$lib/server/api/endpoint.ts';
import { updateFirmware } from '$lib/server/api/operations/station-files.ts';

export const POST = endpoint(updateFirmware);
