import type { Ocpp16Handler } from '../handler-types.ts';

/**
 * 1.6 (security whitepaper) SignCertificate: answered `Rejected` until the system signs CSRs (issue 16), so a
 * station gets an answer instead of `NotSupported`; the request is logged as a warning.
 */
export const signCertificate16: Ocpp16Handler<'SignCertificate'> = (payload, context) => {
  context.logger.warn({ csrLength: payload.csr.length }, 'SignCertificate rejected: certificate signing is not available yet');
  return { status: 'Rejected' };
};
