import { endpoint } from '$lib/server/api/endpoint.ts';
import { deleteCertificate } from '$lib/server/api/operations/certificates.ts';

export const POST = endpoint(deleteCertificate);
