import { webcrypto } from 'node:crypto';
import { x509 } from './x509.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { CsrRefusedError, StationCaError } from '../errors.ts';
import { signStationCsr } from './csr-signer.ts';
import { createStationCa, type StationCa } from './station-ca.ts';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const EC_SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const now = new Date('2026-11-29T17:00:00Z');

async function pkcs8Pem(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

async function makeCa(name: string): Promise<{ certPem: string; keyPem: string }> {
  const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${name}`,
    keys,
    signingAlgorithm: EC_SIGN,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
  });
  return { certPem: cert.toString('pem'), keyPem: await pkcs8Pem(keys.privateKey) };
}

async function makeCsr(name: string, algorithm: webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams = EC): Promise<{ pem: string; keys: webcrypto.CryptoKeyPair }> {
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const signingAlgorithm = algorithm.name === 'ECDSA' ? EC_SIGN : algorithm;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm });
  return { pem: csr.toString('pem'), keys };
}

describe('signStationCsr', () => {
  let ca: StationCa;
  let caPem: string;

  beforeAll(async () => {
    const made = await makeCa('Test Station CA');
    caPem = made.certPem;
    ca = await createStationCa(made.certPem, made.keyPem, 365);
  });

  it('issues a client certificate for the station from a good CSR, chained to the CA', async () => {
    const { pem, keys } = await makeCsr('CN=CP-1,O=Test');
    const issued = await signStationCsr(ca, 'CP-1', pem, now);
    const chain = (issued.chain.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((b) => new x509.X509Certificate(b));
    expect(chain).toHaveLength(2);
    const [leaf, tail] = [chain[0]!, chain[1]!];
    expect(tail.toString('pem')).toBe(new x509.X509Certificate(caPem).toString('pem'));
    expect(leaf.subjectName.getField('CN')).toEqual(['CP-1']);
    expect(leaf.issuer).toBe('CN=Test Station CA');
    expect(await leaf.verify({ publicKey: tail.publicKey, signatureOnly: true })).toBe(true);
    expect(leaf.notBefore.getTime()).toBe(Math.floor(now.getTime() / 1000) * 1000);
    expect(leaf.notAfter.getTime() - leaf.notBefore.getTime()).toBe(365 * 86_400_000);
    expect(leaf.serialNumber).toBe(issued.serialNumber);
    const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
    expect(Buffer.from(leaf.publicKey.rawData).equals(spki)).toBe(true);
    const usage = leaf.getExtension(x509.KeyUsagesExtension);
    expect(usage?.usages).toBe(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment);
    expect(leaf.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([x509.ExtendedKeyUsage.clientAuth]);
    expect(leaf.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
  });

  it('gives each certificate its own serial number', async () => {
    const { pem } = await makeCsr('CN=CP-1');
    const [a, b] = await Promise.all([signStationCsr(ca, 'CP-1', pem, now), signStationCsr(ca, 'CP-1', pem, now)]);
    expect(a.serialNumber).not.toBe(b.serialNumber);
  });

  it('accepts an RSA 2048 key', async () => {
    const { pem } = await makeCsr('CN=CP-1', { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' });
    await expect(signStationCsr(ca, 'CP-1', pem, now)).resolves.toMatchObject({ serialNumber: expect.any(String) });
  });

  const refused = async (promise: Promise<unknown>): Promise<string> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CsrRefusedError);
    return (error as CsrRefusedError).reason;
  };

  it('refuses a CSR whose CN is another station', async () => {
    const { pem } = await makeCsr('CN=CP-2');
    expect(await refused(signStationCsr(ca, 'CP-1', pem, now))).toBe('subject CN "CP-2" is not the station identity');
  });

  it('refuses a CSR without a CN', async () => {
    const { pem } = await makeCsr('O=Test');
    expect(await refused(signStationCsr(ca, 'CP-1', pem, now))).toBe('subject CN (none) is not the station identity');
  });

  it('refuses a weak RSA key (1024 bits)', async () => {
    const { pem } = await makeCsr('CN=CP-1', { name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' });
    expect(await refused(signStationCsr(ca, 'CP-1', pem, now))).toBe('RSA key of 1024 bits; at least 2048 required');
  });

  it('refuses text that is not a PEM request, and a PEM block that does not parse', async () => {
    expect(await refused(signStationCsr(ca, 'CP-1', 'hello', now))).toBe('not a PEM certificate request');
    const broken = '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n';
    expect(await refused(signStationCsr(ca, 'CP-1', broken, now))).toBe('the certificate request does not parse');
  });

  it('refuses a CSR whose self-signature does not verify', async () => {
    const { pem } = await makeCsr('CN=CP-1');
    const der = Buffer.from(x509.PemConverter.decodeFirst(pem));
    der[der.length - 5] = der[der.length - 5]! ^ 0x01; // inside the signature value
    const tampered = x509.PemConverter.encode(der, 'CERTIFICATE REQUEST');
    const reason = await refused(signStationCsr(ca, 'CP-1', tampered, now));
    expect(reason).toMatch(/^the signature of the request (does not verify|cannot be checked)$/);
  });
});

describe('createStationCa', () => {
  it('refuses a key that does not belong to the certificate', async () => {
    const one = await makeCa('One');
    const other = await makeCa('Other');
    await expect(createStationCa(one.certPem, other.keyPem, 365)).rejects.toThrow(StationCaError);
    await expect(createStationCa(one.certPem, other.keyPem, 365)).rejects.toThrow('does not belong');
  });

  it('refuses PEM that is not a certificate and key', async () => {
    await expect(createStationCa('nope', 'nope', 365)).rejects.toThrow('not valid PEM');
  });
});
