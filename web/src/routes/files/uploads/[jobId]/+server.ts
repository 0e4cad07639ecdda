import type { RequestHandler } from '@sveltejs/kit';
import { receiveStationUpload } from '$lib/server/files/station-file-routes.ts';
import { getServices } from '$lib/server/services.ts';

const upload: RequestHandler = ({ params, request, url }) => receiveStationUpload(getServices(), params.jobId ?? '', request, url);

export const PUT = upload;
export const POST = upload;
