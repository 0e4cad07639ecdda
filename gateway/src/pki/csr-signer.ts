import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { x509 } from './x509.ts';
import { CsrRefusedError } from '../errors.ts';
import type { StationCa } from './station-ca.ts';

/** A certificate issued from a station's CSR. */
export interface IssuedCertificate {
  /** Leaf then CA, PEM: the `certificateChain` of CertificateSigned. */
  readonly chain: string;
  /** Hex serial number of the leaf. */
  readonly serialNumber: string;
  readonly notAfter: Date;
}

const MIN_RSA_BITS = 2048;
const EC_CURVES = new Set(['prime256v1', 'secp384r1']);
const DAY_MS = 86_400_000;

function parseCsr(pem: string): x509.Pkcs10CertificateRequest {
  if (!pem.includes('-----BEGIN CERTIFICATE REQUEST-----')) throw new CsrRefusedError('not a PEM certificate request');
  try {
    return new x509.Pkcs10CertificateRequest(pem);
  } catch (error) {
    throw new CsrRefusedError('the certificate request does not parse', { cause: error });
  }
}

function checkKey(csr: x509.Pkcs10CertificateRequest): void {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(csr.publicKey.rawData), format: 'der', type: 'spki' });
  } catch (error) {
    throw new CsrRefusedError('the public key of the request is unreadable', { cause: error });
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    if ((details.modulusLength ?? 0) < MIN_RSA_BITS) throw new CsrRefusedError(`RSA key of ${details.modulusLength ?? 0} bits; at least ${MIN_RSA_BITS} required`);
    return;
  }
  if (key.asymmetricKeyType === 'ec' && EC_CURVES.has(details.namedCurve ?? '')) return;
  throw new CsrRefusedError(`key type ${key.asymmetricKeyType ?? 'unknown'} ${details.namedCurve ?? ''}`.trim() + ' not accepted; use RSA ≥ 2048 bits or EC P-256/P-384');
}

/**
 * Checks a station's CSR and issues its certificate from the station CA (OCPP 1.6 security whitepaper A02 / 2.0.1
 * A02): the PEM parses, the request's self-signature verifies, the key is RSA ≥ 2048 bits or EC P-256/P-384, and the
 * subject CN is the station's identity. The leaf is valid for the CA's `certificateDays`, has a random serial, key
 * usage digitalSignature + keyEncipherment and extended key usage clientAuth, signed with SHA-256. A refused
 * request is a {@link CsrRefusedError} whose `reason` says why.
 */
export async function signStationCsr(ca: StationCa, stationId: string, csrPem: string, now: Date): Promise<IssuedCertificate> {
  const csr = parseCsr(csrPem);
  let signed: boolean;
  try {
    signed = await csr.verify();
  } catch (error) {
    throw new CsrRefusedError('the signature of the request cannot be checked', { cause: error });
  }
  if (!signed) throw new CsrRefusedError('the signature of the request does not verify');
  checkKey(csr);
  const commonNames = csr.subjectName.getField('CN');
  if (commonNames.length !== 1 || commonNames[0] !== stationId) {
    throw new CsrRefusedError(`subject CN ${commonNames.length === 0 ? '(none)' : JSON.stringify(commonNames.join(','))} is not the station identity`);
  }
  // RFC 5280: a positive serial of at most 20 bytes; clearing the top bit keeps it positive.
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serial.toString('hex'),
    subject: csr.subjectName,
    issuer: ca.certificate.subjectName,
    notBefore: now,
    notAfter: new Date(now.getTime() + ca.certificateDays * DAY_MS),
    publicKey: csr.publicKey,
    signingKey: ca.signingKey,
    signingAlgorithm: ca.signingAlgorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate.publicKey),
      await x509.SubjectKeyIdentifierExtension.create(csr.publicKey),
    ],
  });
  return { chain: `${leaf.toString('pem')}\n${ca.certificatePem}\n`, serialNumber: leaf.serialNumber, notAfter: leaf.notAfter };
}
