import type { GatewayContext } from '../ocpp/context.ts';
import type { IssuedCertificate } from './csr-signer.ts';

/** The payload of CertificateSigned: 1.6 has only the chain; 2.x names the certificate's type. */
export type CertificateSignedPayload = { certificateChain: string; certificateType?: 'ChargingStationCertificate' };

/** Security event type under which the system records each certificate it issued (the operator's station page). */
export const CERTIFICATE_ISSUED_EVENT = 'StationCertificateIssued';

function describeFailure(error: unknown): string {
  if (error instanceof Error) return `${'code' in error && typeof error.code === 'string' ? `${error.code}: ` : ''}${error.message}`;
  return String(error);
}

/**
 * Sends CertificateSigned with an issued chain once the SignCertificate CALLRESULT is out — the actor writes that
 * answer when the handler's promise settles, within the current turn, and this CALL waits for the next one — and
 * records the outcome as a {@link CERTIFICATE_ISSUED_EVENT} security event: the serial, the expiry and the station's
 * answer in words. Never throws: a lost connection or a refusal is logged and recorded.
 */
export function deliverCertificate(context: GatewayContext, issued: IssuedCertificate, payload: CertificateSignedPayload): void {
  const callStation = context.callStation;
  if (!callStation) {
    context.logger.warn({ serialNumber: issued.serialNumber }, 'CertificateSigned not sent: this connection cannot send CALLs');
    return;
  }
  setImmediate(() => {
    void callStation('CertificateSigned', payload)
      .then(
        (answer) => {
          const status = (answer as { status?: string }).status ?? 'no status';
          return { status, accepted: status === 'Accepted' };
        },
        (error: unknown) => ({ status: `not answered (${describeFailure(error)})`, accepted: false }),
      )
      .then(async ({ status, accepted }) => {
        const at = context.clock.now();
        const techInfo = `serial ${issued.serialNumber}, valid until ${issued.notAfter.toISOString()}; CertificateSigned ${accepted ? 'Accepted' : status}`;
        const log = { serialNumber: issued.serialNumber, notAfter: issued.notAfter.toISOString(), status };
        if (accepted) context.logger.info(log, 'station certificate issued and installed');
        else context.logger.warn(log, 'station certificate issued but not installed by the station');
        await context.db.write((tx) =>
          tx.securityEvents.record({ chargePointId: context.stationId, type: CERTIFICATE_ISSUED_EVENT, occurredAt: at, receivedAt: at, techInfo }),
        );
      })
      .catch((error: unknown) => context.logger.error({ err: error, serialNumber: issued.serialNumber }, 'could not record the issued station certificate'));
  });
}
