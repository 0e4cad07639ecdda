import { createHash, randomBytes } from 'node:crypto';

const TOKEN_PREFIX = 'csms_';

/** A new REST API bearer token (`csms_` + 256 random bits, base64url). Show it once; store only {@link hashApiToken}. */
export function generateApiToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * The stored form of an API token: SHA-256, hex. A plain hash suffices because the token carries 256 random bits;
 * lookups go through the unique index on the hash, so the token never meets a comparison.
 */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
