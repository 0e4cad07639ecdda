import { endpoint } from '$lib/server/api/endpoint.ts';
import { listFirmwareImages, uploadFirmwareImage } from '$lib/server/api/operations/station-files.ts';

export const GET = endpoint(listFirmwareImages);
export const POST = endpoint(uploadFirmwareImage);
