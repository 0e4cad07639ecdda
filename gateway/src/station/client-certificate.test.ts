import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientCaFileError } from '../errors.ts';
import { createTestPki, type TestCa, type TestPki } from '../test-kit/test-pki.ts';
import { checkClientCertificate, loadClientCas } from './client-certificate.ts';

let pki: TestPki;
let ca: TestCa;
let other: TestCa;

beforeAll(() => {
  pki = createTestPki();
  ca = pki.ca('unit-ca');
  other = pki.ca('unit-other');
});
afterAll(() => pki?.remove());

describe('loadClientCas', () => {
  it('reads every CA of a bundle', () => {
    const file = join(pki.dir, 'bundle.pem');
    writeFileSync(file, `${ca.cert.pem}\n${other.cert.pem}`);
    expect(loadClientCas(file).map((c) => c.subject)).toEqual(['CN=unit-ca', 'CN=unit-other']);
  });

  it('stops with ClientCaFileError for a missing, empty or garbled file', () => {
    const empty = join(pki.dir, 'empty.pem');
    writeFileSync(empty, 'no certificate here\n');
    const garbled = join(pki.dir, 'garbled.pem');
    writeFileSync(garbled, '-----BEGIN CERTIFICATE-----\nnot base64 DER\n-----END CERTIFICATE-----\n');
    expect(() => loadClientCas(join(pki.dir, 'missing.pem'))).toThrow(ClientCaFileError);
    expect(() => loadClientCas(empty)).toThrow(/holds no certificate/);
    expect(() => loadClientCas(garbled)).toThrow(/cannot be read/);
  });
});

describe('checkClientCertificate', () => {
  const now = () => new Date();

  it('accepts the stored thumbprint in any usual spelling, SHA-256 or SHA-1', () => {
    const cert = ca.issue('CP-9');
    const x509 = new X509Certificate(cert.pem);
    for (const stored of [x509.fingerprint256, x509.fingerprint256.replace(/:/g, '').toLowerCase(), x509.fingerprint, ` ${x509.fingerprint256} `]) {
      expect(checkClientCertificate(cert.pem, 'CP-9', [new X509Certificate(ca.cert.pem)], stored, now())).toBeNull();
    }
    expect(checkClientCertificate(cert.pem, 'CP-9', [new X509Certificate(ca.cert.pem)], 'AB'.repeat(32), now())).toBe('thumbprint-mismatch');
  });

  it('names each refusal', () => {
    const cas = [new X509Certificate(ca.cert.pem)];
    expect(checkClientCertificate('not a certificate', 'CP-9', cas, null, now())).toBe('unreadable');
    expect(checkClientCertificate(ca.issue('CP-9', { startDate: '20990101000000Z', endDate: '20990102000000Z' }).pem, 'CP-9', cas, null, now())).toBe('not-yet-valid');
    expect(checkClientCertificate(ca.issue('CP-9', { startDate: '20200101000000Z', endDate: '20200102000000Z' }).pem, 'CP-9', cas, null, now())).toBe('expired');
    expect(checkClientCertificate(other.issue('CP-9').pem, 'CP-9', cas, null, now())).toBe('untrusted-issuer');
    expect(checkClientCertificate(ca.issue('CP-8').pem, 'CP-9', cas, null, now())).toBe('wrong-station');
  });
});
