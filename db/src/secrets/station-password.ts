import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidInputError } from '../errors.ts';
import type { SecretKey } from './secret-key.ts';
import { characterCount } from '../text-length.ts';

/** OCPP 2.0.1 (and security whitepaper for 1.6) requires Basic-auth passwords of 16 to 40 characters. */
export const STATION_PASSWORD_MIN_LENGTH = 16;
export const STATION_PASSWORD_MAX_LENGTH = 40;

const PREFIX = 'hmac-sha256:';

/** Throws {@link InvalidInputError} unless `password` has 16–40 characters (code points, as the API documents them). */
export function assertStationPassword(password: string): void {
  const length = characterCount(password);
  if (length < STATION_PASSWORD_MIN_LENGTH || length > STATION_PASSWORD_MAX_LENGTH) {
    throw new InvalidInputError(
      `a station password must have ${STATION_PASSWORD_MIN_LENGTH} to ${STATION_PASSWORD_MAX_LENGTH} characters`,
    );
  }
}

function digest(key: SecretKey, chargePointId: string, password: string): Buffer {
  // the station id is mixed in so that two stations with the same password get different hashes
  return createHmac('sha256', key.bytes).update(chargePointId).update('\0').update(password).digest();
}

/**
 * The stored form of a station's Basic-auth password: HMAC-SHA-256 keyed with the server pepper. Fast on purpose:
 * station passwords are machine secrets, and a slow KDF would stall a reconnect storm (DESIGN.md §4).
 */
export function hashStationPassword(key: SecretKey, chargePointId: string, password: string): string {
  assertStationPassword(password);
  return PREFIX + digest(key, chargePointId, password).toString('hex');
}

/** Checks a presented password against the stored hash in constant time. False for a malformed hash. */
export function verifyStationPassword(
  key: SecretKey,
  chargePointId: string,
  password: string,
  storedHash: string,
): boolean {
  if (!storedHash.startsWith(PREFIX)) return false;
  const expected = Buffer.from(storedHash.slice(PREFIX.length), 'hex');
  const actual = digest(key, chargePointId, password);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
