import { CsrRefusedError } from '../../errors.ts';
import { deliverCertificate } from '../../pki/certificate-delivery.ts';
import { signStationCsr } from '../../pki/csr-signer.ts';
import type { Ocpp2Handler } from '../handler-types.ts';

/**
 * 2.0.1/2.1 SignCertificate (A02): a ChargingStationCertificate CSR is checked and signed by the station CA
 * (`Accepted`), then CertificateSigned carries the chain. Without a station CA, for a V2G CSR (those come from the
 * V2G PKI) or a CSR that fails a check, the answer is `Rejected` with the reason in `statusInfo`.
 */
export const signCertificate2: Ocpp2Handler<'SignCertificate'> = async (payload, context) => {
  const ca = context.stationCa;
  if (!ca) {
    context.logger.warn(
      { csrLength: payload.csr.length, certificateType: payload.certificateType },
      'SignCertificate rejected: no station CA is configured (GATEWAY_STATION_CA_CERT_FILE)',
    );
    return { status: 'Rejected', statusInfo: { reasonCode: 'NotImplemented', additionalInfo: 'no station CA is configured' } };
  }
  if (payload.certificateType === 'V2GCertificate') {
    context.logger.warn({}, 'SignCertificate rejected: V2G certificates are not issued by the station CA');
    return { status: 'Rejected', statusInfo: { reasonCode: 'UnsupportedCertType', additionalInfo: 'only ChargingStationCertificate CSRs are signed' } };
  }
  try {
    const issued = await signStationCsr(ca, context.stationId, payload.csr, context.clock.now());
    context.logger.info({ serialNumber: issued.serialNumber, notAfter: issued.notAfter.toISOString() }, 'station CSR signed');
    deliverCertificate(context, issued, { certificateChain: issued.chain, certificateType: 'ChargingStationCertificate' });
    return { status: 'Accepted' };
  } catch (error) {
    if (!(error instanceof CsrRefusedError)) throw error;
    context.logger.warn({ reason: error.reason }, 'SignCertificate rejected: CSR refused');
    return { status: 'Rejected', statusInfo: { reasonCode: 'InvalidCSR', additionalInfo: error.reason.slice(0, 512) } };
  }
};
