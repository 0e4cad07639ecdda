import { endpoint } from '$lib/server/api/endpoint.ts';
import { deleteFirmwareImage, downloadFirmwareImage } from '$lib/server/api/operations/station-files.ts';

export const GET = endpoint(downloadFirmwareImage);
export const DELETE = endpoint(deleteFirmwareImage);
