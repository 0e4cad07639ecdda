import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SecretKey } from '@csms/db';

/** What a token lets a station do: fetch a firmware image, or upload one job's diagnostics or log file. */
export type FileTokenPurpose = 'firmware' | 'upload';

/** Why a presented token was refused (`valid` lets the request through). */
export type FileTokenVerdict = 'valid' | 'expired' | 'invalid';

function tokenKey(key: SecretKey): Buffer {
  // its own key, derived from CSMS_SECRET_KEY as the web payments secret is, so a token can never be another MAC
  return createHmac('sha256', key.bytes).update('csms-station-files v1').digest();
}

function mac(key: SecretKey, purpose: FileTokenPurpose, id: number, expiresAtSeconds: number): Buffer {
  return createHmac('sha256', tokenKey(key)).update(`${purpose}\0${id}\0${expiresAtSeconds}`).digest();
}

/**
 * A token for the `?token=` of a station file URL: the expiry (Unix seconds, base 36) and an HMAC-SHA-256 over the
 * purpose, the file's id and the expiry, keyed from `CSMS_SECRET_KEY`. Nothing is stored: a changed id, purpose or
 * expiry breaks the MAC. Single use (uploads) is the job's business, not the token's.
 */
export function createFileToken(key: SecretKey, purpose: FileTokenPurpose, id: number, expiresAtMs: number): string {
  const expires = Math.floor(expiresAtMs / 1000);
  return `${expires.toString(36)}.${mac(key, purpose, id, expires).toString('base64url')}`;
}

/** Checks a token in constant time; a forged or malformed one is `invalid`, a genuine one past its time `expired`. */
export function verifyFileToken(key: SecretKey, purpose: FileTokenPurpose, id: number, token: string | null, nowMs: number): FileTokenVerdict {
  const match = /^([0-9a-z]{1,11})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
  if (!match) return 'invalid';
  const expires = parseInt(match[1]!, 36);
  const presented = Buffer.from(match[2]!, 'base64url');
  const expected = mac(key, purpose, id, expires);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return 'invalid';
  return expires * 1000 < nowMs ? 'expired' : 'valid';
}
