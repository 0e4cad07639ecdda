import { endpoint } from '$lib/server/api/endpoint.ts';
import { getInstalledCertificateIds, installCertificate } from '$lib/server/api/operations/certificates.ts';

export const GET = endpoint(getInstalledCertificateIds);
export const POST = endpoint(installCertificate);
