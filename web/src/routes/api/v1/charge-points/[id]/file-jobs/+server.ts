import { endpoint } from '$lib/server/api/endpoint.ts';
import { listStationFileJobs } from '$lib/server/api/operations/station-files.ts';

export const GET = endpoint(listStationFileJobs);
