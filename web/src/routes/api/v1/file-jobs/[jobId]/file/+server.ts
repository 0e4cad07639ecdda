import { endpoint } from '$lib/server/api/endpoint.ts';
import { downloadStationUpload } from '$lib/server/api/operations/station-files.ts';

export const GET = endpoint(downloadStationUpload);
