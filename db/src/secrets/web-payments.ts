import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SecretKey } from './secret-key.ts';

/**
 * The `WebPaymentsCtrlr.SharedSecret` of one station (OCPP 2.1 C25): derived from the server pepper and the station
 * id, so it is stored nowhere — not in the database, the message log or a workflow history. The gateway derives it
 * when it sends the SetVariables, the web app when it checks a code. 32 hex characters (128 bits); the station uses the
 * string's bytes as its HMAC key.
 */
export function webPaymentsSecret(key: SecretKey, chargePointId: string): string {
  return createHmac('sha256', key.bytes).update('ocpp21-web-payments\0').update(chargePointId).digest('hex').slice(0, 32);
}

/** How a station and the CSMS compute one code: RFC 6238 with HMAC-SHA-256, T0 = 0, step = the validity. */
export interface TotpParameters {
  /** `WebPaymentsCtrlr.ValidityTime` in seconds: the time step. */
  readonly validitySeconds: number;
  /** `WebPaymentsCtrlr.Length`: decimal digits, 6 to 9. */
  readonly digits: number;
}

/** The TOTP of `secret` (its UTF-8 bytes are the key) for the time step that contains `atMs`. */
export function webPaymentsTotp(secret: string, atMs: number, parameters: TotpParameters): string {
  return hotp(Buffer.from(secret, 'utf8'), Math.floor(atMs / 1000 / parameters.validitySeconds), parameters.digits);
}

function hotp(key: Buffer, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha256', key).update(message).digest();
  // RFC 4226 §5.3 dynamic truncation
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** Why a presented code was refused. */
export type TotpVerdict = 'valid' | 'malformed' | 'invalid';

/**
 * Checks a code from a dynamic QR URL: valid for the current time step and the one before it (a code shown just
 * before its step ended is still being opened), compared in constant time. An expired and a forged code look alike
 * (`invalid`); a code of the wrong shape is `malformed`.
 */
export function verifyWebPaymentsTotp(secret: string, code: string, atMs: number, parameters: TotpParameters): TotpVerdict {
  if (!new RegExp(`^\\d{${parameters.digits}}$`).test(code)) return 'malformed';
  const presented = Buffer.from(code, 'utf8');
  const step = Math.floor(atMs / 1000 / parameters.validitySeconds);
  const key = Buffer.from(secret, 'utf8');
  let match = false;
  for (const counter of [step, step - 1]) {
    // both steps are always computed, so the answer's timing does not say which one matched
    const expected = Buffer.from(hotp(key, counter, parameters.digits), 'utf8');
    match = timingSafeEqual(expected, presented) || match;
  }
  return match ? 'valid' : 'invalid';
}
