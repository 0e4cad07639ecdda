import type { Ocpp2Handler } from '../handler-types.ts';

/**
 * 2.0.1/2.1 SignCertificate: answered `Rejected` until the system signs CSRs (issue 16), so a station gets an
 * answer instead of `NotSupported`; the request is logged as a warning.
 */
export const signCertificate2: Ocpp2Handler<'SignCertificate'> = (payload, context) => {
  context.logger.warn(
    { csrLength: payload.csr.length, certificateType: payload.certificateType },
    'SignCertificate rejected: certificate signing is not available yet',
  );
  return { status: 'Rejected', statusInfo: { reasonCode: 'NotImplemented', additionalInfo: 'certificate signing is not available yet' } };
};
