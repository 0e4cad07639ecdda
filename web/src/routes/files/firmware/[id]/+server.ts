import type { RequestHandler } from '@sveltejs/kit';
import { serveFirmware } from '$lib/server/files/station-file-routes.ts';
import { getServices } from '$lib/server/services.ts';

export const GET: RequestHandler = ({ params, url }) => serveFirmware(getServices(), params.id ?? '', url);
