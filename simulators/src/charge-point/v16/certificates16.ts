import { createHash, X509Certificate } from 'node:crypto';
import type { JsonObject, Ocpp16 } from '@csms/gateway/protocol';
import type { ChargePoint } from '../charge-point.ts';
import { json } from '../json.ts';
import { requestStationCertificate } from '../station-certificate.ts';
import { commonTriggers16 } from './triggers16.ts';
import type { ServerCallOutcome } from '../station-link.ts';

/** A certificate the simulated station installed, with the hash data it reports for it. */
interface Installed {
  readonly certificateType: string;
  readonly pem: string;
  readonly hashData: Ocpp16.CertificateHashDataType;
}

const stores = new WeakMap<ChargePoint, Installed[]>();
const answer = (payload: object, after?: () => void): ServerCallOutcome => ({ payload: json(payload), ...(after ? { after } : {}) });
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * OCPP's CertificateHashData of a certificate. The issuer key hash is that of the certificate's own public key, which
 * is the issuer's for the self-signed roots a station installs; the issuer name hash is taken over the issuer's
 * distinguished name as text rather than its DER encoding (a simulator's simplification: the central system only
 * echoes the values back).
 */
function hashData(certificate: X509Certificate): Ocpp16.CertificateHashDataType {
  return {
    hashAlgorithm: 'SHA256',
    issuerNameHash: sha256(certificate.issuer),
    issuerKeyHash: sha256(certificate.publicKey.export({ type: 'spki', format: 'der' })),
    serialNumber: certificate.serialNumber.toLowerCase().replace(/^0+(?=.)/, ''),
  };
}

const sameHash = (a: Ocpp16.CertificateHashDataType, b: Ocpp16.CertificateHashDataType) =>
  a.hashAlgorithm === b.hashAlgorithm && a.issuerNameHash === b.issuerNameHash && a.issuerKeyHash === b.issuerKeyHash && a.serialNumber === b.serialNumber;

/**
 * The 1.6 security whitepaper's certificate management as a station does it: InstallCertificate (an expired or
 * unparsable certificate is Rejected and reported as a SecurityEventNotification, as OCA TC_078 expects),
 * GetInstalledCertificateIds, DeleteCertificate, and ExtendedTriggerMessage (SignChargePointCertificate makes a key
 * pair and sends its CSR: ../station-certificate.ts).
 */
export function certificateCalls16(cp: ChargePoint): Record<string, (payload: JsonObject) => ServerCallOutcome> {
  const store = () => {
    let installed = stores.get(cp);
    if (installed === undefined) stores.set(cp, (installed = []));
    return installed;
  };
  const securityEvent = (type: string, techInfo: string) =>
    cp.background(cp.call('SecurityEventNotification', { type, timestamp: new Date().toISOString(), techInfo }));

  return {
    InstallCertificate(payload) {
      const { certificateType, certificate } = payload as unknown as Ocpp16.InstallCertificateRequest;
      let parsed: X509Certificate | undefined;
      try {
        parsed = new X509Certificate(certificate);
      } catch {
        parsed = undefined;
      }
      const now = Date.now();
      if (parsed === undefined || Date.parse(parsed.validTo) < now || Date.parse(parsed.validFrom) > now) {
        const event = certificateType === 'CentralSystemRootCertificate' ? 'InvalidCentralSystemCertificate' : 'InvalidFirmwareSigningCertificate';
        return answer({ status: 'Rejected' } satisfies Ocpp16.InstallCertificateResponse, () => securityEvent(event, parsed ? 'certificate not valid now' : 'not a certificate'));
      }
      const installed = store();
      const data = hashData(parsed);
      if (!installed.some((c) => sameHash(c.hashData, data))) installed.push({ certificateType, pem: certificate, hashData: data });
      return answer({ status: 'Accepted' } satisfies Ocpp16.InstallCertificateResponse);
    },

    GetInstalledCertificateIds(payload) {
      const { certificateType } = payload as unknown as Ocpp16.GetInstalledCertificateIdsRequest;
      const found = store().filter((c) => c.certificateType === certificateType);
      if (found.length === 0) return answer({ status: 'NotFound' } satisfies Ocpp16.GetInstalledCertificateIdsResponse);
      return answer({ status: 'Accepted', certificateHashData: found.map((c) => c.hashData) } satisfies Ocpp16.GetInstalledCertificateIdsResponse);
    },

    DeleteCertificate(payload) {
      const { certificateHashData } = payload as unknown as Ocpp16.DeleteCertificateRequest;
      const installed = store();
      const index = installed.findIndex((c) => sameHash(c.hashData, certificateHashData));
      if (index < 0) return answer({ status: 'NotFound' } satisfies Ocpp16.DeleteCertificateResponse);
      installed.splice(index, 1);
      return answer({ status: 'Accepted' } satisfies Ocpp16.DeleteCertificateResponse);
    },

    ExtendedTriggerMessage(payload) {
      const { requestedMessage, connectorId } = payload as unknown as Ocpp16.ExtendedTriggerMessageRequest;
      const common = commonTriggers16(cp, connectorId);
      if (common === undefined) return answer({ status: 'Rejected' } satisfies Ocpp16.ExtendedTriggerMessageResponse);
      const send: Partial<Record<Ocpp16.ExtendedTriggerMessageRequest['requestedMessage'], () => void>> = {
        ...common,
        FirmwareStatusNotification: () => cp.background(cp.call('SignedFirmwareStatusNotification', { status: 'Idle' })),
        LogStatusNotification: () => cp.background(cp.call('LogStatusNotification', { status: 'Idle' })),
        SignChargePointCertificate: () => cp.background(requestStationCertificate(cp)),
      };
      const after = send[requestedMessage];
      if (after === undefined) return answer({ status: 'Rejected' } satisfies Ocpp16.ExtendedTriggerMessageResponse);
      return answer({ status: 'Accepted' } satisfies Ocpp16.ExtendedTriggerMessageResponse, after);
    },
  };
}
