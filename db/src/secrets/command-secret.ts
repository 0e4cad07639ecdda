import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { SealedSecretError } from '../errors.ts';
import type { SecretKey } from './secret-key.ts';

/** How a sealed value starts; anything else is a plain value. */
export const SEALED_SECRET_PREFIX = 'csms-sealed:v1:';

/** Where a sealed value may be opened: the station and the configuration key it was sealed for. */
export interface SealedSecretScope {
  readonly chargePointId: string;
  /** The configuration key as the command names it, e.g. `AuthorizationKey` or `SecurityCtrlr.BasicAuthPassword`. */
  readonly key: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

function sealingKey(key: SecretKey): Buffer {
  return Buffer.from(hkdfSync('sha256', key.bytes, Buffer.alloc(0), 'csms command secret v1', 32));
}

function additionalData(scope: SealedSecretScope, expiresAtMs: number): Buffer {
  return Buffer.from(JSON.stringify([scope.chargePointId, scope.key, expiresAtMs]));
}

/**
 * Seals a secret configuration value (a station password sent by ChangeConfiguration or SetVariables) for the trip
 * through a Temporal workflow: AES-256-GCM under a key derived from `CSMS_SECRET_KEY`, bound to the station, the
 * configuration key and an expiry, so the workflow history holds only ciphertext that no other station, key or later
 * replay can use. The gateway node opens it as the frame leaves ({@link openSealedSecret}).
 */
export function sealSecret(key: SecretKey, scope: SealedSecretScope, value: string, expiresAtMs: number): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(key), iv);
  cipher.setAAD(additionalData(scope, expiresAtMs));
  const sealed = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return `${SEALED_SECRET_PREFIX}${expiresAtMs.toString(36)}.${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')}`;
}

/** True when `value` is a {@link sealSecret} result (well-formed or not). */
export function isSealedSecret(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SEALED_SECRET_PREFIX);
}

/** Opens a {@link sealSecret} value; throws `SealedSecretError` when it is expired, tampered or sealed for another scope. */
export function openSealedSecret(key: SecretKey, scope: SealedSecretScope, sealed: string, nowMs: number): string {
  if (!isSealedSecret(sealed)) throw new SealedSecretError('not a sealed secret');
  const [expiry, body] = sealed.slice(SEALED_SECRET_PREFIX.length).split('.', 2);
  const expiresAtMs = Number.parseInt(expiry ?? '', 36);
  const bytes = Buffer.from(body ?? '', 'base64url');
  if (!Number.isSafeInteger(expiresAtMs) || bytes.length < IV_BYTES + TAG_BYTES) throw new SealedSecretError('the sealed secret is malformed');
  if (nowMs > expiresAtMs) throw new SealedSecretError('the sealed secret has expired');
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(key), bytes.subarray(0, IV_BYTES));
    decipher.setAAD(additionalData(scope, expiresAtMs));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new SealedSecretError('the sealed secret does not open: sealed for another station or key, or with another server key', { cause: error });
  }
}
