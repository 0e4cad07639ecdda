import { createPrivateKey, webcrypto, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { x509 } from './x509.ts';
import { StationCaError } from '../errors.ts';


/** The CA that issues station certificates from their CSRs (docs/security.md, Station certificates from CSRs). */
export interface StationCa {
  readonly certificate: x509.X509Certificate;
  /** The CA certificate as PEM: the tail of every chain sent in CertificateSigned. */
  readonly certificatePem: string;
  /** The CA's private key, imported for signing. */
  readonly signingKey: webcrypto.CryptoKey;
  /** The signature algorithm of issued certificates (SHA-256 with the CA key's type). */
  readonly signingAlgorithm: webcrypto.Algorithm | webcrypto.EcdsaParams;
  /** Validity of an issued certificate in days. */
  readonly certificateDays: number;
}

const CURVES: Readonly<Record<string, string>> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

function importAlgorithm(key: KeyObject): { importParams: webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams; signing: webcrypto.Algorithm | webcrypto.EcdsaParams } {
  if (key.asymmetricKeyType === 'rsa') {
    const params = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    return { importParams: params, signing: params };
  }
  const curve = key.asymmetricKeyType === 'ec' ? CURVES[key.asymmetricKeyDetails?.namedCurve ?? ''] : undefined;
  if (!curve) throw new StationCaError(`the station CA key is ${key.asymmetricKeyType ?? 'unknown'}; use RSA or EC P-256/P-384/P-521`);
  return { importParams: { name: 'ECDSA', namedCurve: curve }, signing: { name: 'ECDSA', hash: 'SHA-256' } as webcrypto.EcdsaParams };
}

/**
 * Builds the station CA from PEM text: the CA certificate and its private key (PKCS#8, or the traditional RSA/EC
 * forms). The key must belong to the certificate; anything else is a {@link StationCaError}.
 */
export async function createStationCa(certificatePem: string, keyPem: string, certificateDays: number): Promise<StationCa> {
  let certificate: x509.X509Certificate;
  let key: KeyObject;
  try {
    certificate = new x509.X509Certificate(certificatePem);
    key = createPrivateKey(keyPem);
  } catch (error) {
    throw new StationCaError('the station CA certificate or key is not valid PEM', { cause: error });
  }
  const { importParams, signing } = importAlgorithm(key);
  const der = key.export({ type: 'pkcs8', format: 'der' });
  const signingKey = await webcrypto.subtle.importKey('pkcs8', der, importParams, false, ['sign']);
  // A key that is not the certificate's would issue certificates no one can verify against the CA.
  const probe = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=probe',
    keys: { privateKey: signingKey, publicKey: await certificate.publicKey.export(importParams, ['verify']) },
    signingAlgorithm: signing,
  });
  if (!(await probe.verify({ publicKey: certificate.publicKey, signatureOnly: true }))) {
    throw new StationCaError('the station CA key does not belong to the station CA certificate');
  }
  return { certificate, certificatePem: certificate.toString('pem'), signingKey, signingAlgorithm: signing, certificateDays };
}

/** Reads the station CA's two PEM files; unreadable files are a {@link StationCaError}. */
export async function loadStationCa(certFile: string, keyFile: string, certificateDays: number): Promise<StationCa> {
  let certificatePem: string;
  let keyPem: string;
  try {
    certificatePem = readFileSync(certFile, 'utf8');
    keyPem = readFileSync(keyFile, 'utf8');
  } catch (error) {
    throw new StationCaError(`the station CA files ${certFile} / ${keyFile} cannot be read`, { cause: error });
  }
  return createStationCa(certificatePem, keyPem, certificateDays);
}
