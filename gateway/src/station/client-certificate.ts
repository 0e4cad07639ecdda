import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ClientCaFileError } from '../errors.ts';

/** Why a forwarded client certificate does not admit a station (logged; the station only sees 401). */
export type ClientCertificateRefusal = 'unreadable' | 'not-yet-valid' | 'expired' | 'untrusted-issuer' | 'wrong-station' | 'thumbprint-mismatch';

/** Reads a PEM bundle of CA certificates (the issuers a profile-3 station's certificate may come from). */
export function parseCaBundle(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}

/** The CAs of `GATEWAY_CLIENT_CA_FILE`; a missing, unreadable or empty file is a {@link ClientCaFileError}. */
export function loadClientCas(file: string): X509Certificate[] {
  let cas: X509Certificate[];
  try {
    cas = parseCaBundle(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ClientCaFileError(`GATEWAY_CLIENT_CA_FILE ${file} cannot be read as PEM certificates`, { cause: error });
  }
  if (cas.length === 0) throw new ClientCaFileError(`GATEWAY_CLIENT_CA_FILE ${file} holds no certificate`);
  return cas;
}

/** The subject's common name(s) of a certificate (`CN=…` lines of Node's multi-line subject). */
function commonNames(certificate: X509Certificate): string[] {
  return certificate.subject
    .split('\n')
    .filter((line) => line.startsWith('CN='))
    .map((line) => line.slice(3));
}

/** A stored thumbprint in any usual spelling (`AB:CD…`, lower case, spaces), compared as bare lower-case hex. */
function normalizeThumbprint(value: string): string {
  return value.replace(/[\s:]/g, '').toLowerCase();
}

/**
 * Binds a client certificate to a station (OCPP 2.0.1 Part 2 A00.FR.313 / 1.6 security whitepaper: the subject CN
 * is the station id): issued and signed by one of `cas`, valid at `now`, CN equal to `stationId`, and, when the
 * admin stored one, the SHA-256 (or SHA-1) thumbprint equal to the stored one. Returns null when it admits.
 */
export function checkClientCertificate(
  pem: string,
  stationId: string,
  cas: readonly X509Certificate[],
  storedThumbprint: string | null,
  now: Date,
): ClientCertificateRefusal | null {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    return 'unreadable';
  }
  if (now < new Date(certificate.validFrom)) return 'not-yet-valid';
  if (now > new Date(certificate.validTo)) return 'expired';
  const issuer = cas.find((ca) => certificate.checkIssued(ca) && certificate.verify(ca.publicKey));
  if (!issuer) return 'untrusted-issuer';
  if (!commonNames(certificate).includes(stationId)) return 'wrong-station';
  if (storedThumbprint !== null && storedThumbprint.trim() !== '') {
    const stored = normalizeThumbprint(storedThumbprint);
    const actual = [certificate.fingerprint256, certificate.fingerprint].map(normalizeThumbprint);
    if (!actual.includes(stored)) return 'thumbprint-mismatch';
  }
  return null;
}
