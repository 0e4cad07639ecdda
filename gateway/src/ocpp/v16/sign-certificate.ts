import { CsrRefusedError } from '../../errors.ts';
import { deliverCertificate } from '../../pki/certificate-delivery.ts';
import { signStationCsr } from '../../pki/csr-signer.ts';
import type { Ocpp16Handler } from '../handler-types.ts';

/**
 * 1.6 (security whitepaper) SignCertificate: the CSR is checked and signed by the station CA (`Accepted`), then
 * CertificateSigned carries the chain to the station. Without a station CA, or for a CSR that fails a check, the
 * answer is `Rejected` and the reason is logged (docs/security.md, Station certificates from CSRs).
 */
export const signCertificate16: Ocpp16Handler<'SignCertificate'> = async (payload, context) => {
  const ca = context.stationCa;
  if (!ca) {
    context.logger.warn({ csrLength: payload.csr.length }, 'SignCertificate rejected: no station CA is configured (GATEWAY_STATION_CA_CERT_FILE)');
    return { status: 'Rejected' };
  }
  try {
    const issued = await signStationCsr(ca, context.stationId, payload.csr, context.clock.now());
    context.logger.info({ serialNumber: issued.serialNumber, notAfter: issued.notAfter.toISOString() }, 'station CSR signed');
    deliverCertificate(context, issued, { certificateChain: issued.chain });
    return { status: 'Accepted' };
  } catch (error) {
    if (!(error instanceof CsrRefusedError)) throw error;
    context.logger.warn({ reason: error.reason }, 'SignCertificate rejected: CSR refused');
    return { status: 'Rejected' };
  }
};
