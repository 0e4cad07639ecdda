import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * OWASP's Password Storage Cheat Sheet (2025): scrypt with N=2^17, r=8, p=1. One derivation holds 128 × N × r bytes
 * = 128 MiB for its duration, on a libuv thread-pool thread (the web app caps sign-ins in flight for that reason).
 */
const PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
/** Hashes stored with more work than this are refused as malformed, so a bad row cannot exhaust memory. */
const MAX_COST = 2 ** 20;

function derive(password: string, salt: Buffer, options: { N: number; r: number; p: number }): Promise<Buffer> {
  // the 128·N·r buffer plus slack for the smaller p·128·r block; Node refuses derivations above maxmem
  const maxmem = 128 * options.N * options.r + 128 * options.r * options.p + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...options, maxmem } satisfies ScryptOptions, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

interface ParsedHash {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

function parse(storedHash: string): ParsedHash | null {
  const [scheme, n, r, p, salt, hash, ...rest] = storedHash.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined || rest.length > 0) return null;
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  const sane = (value: number, max: number) => Number.isInteger(value) && value >= 1 && value <= max;
  if (!sane(N, MAX_COST) || (N & (N - 1)) !== 0 || !sane(R, 32) || !sane(P, 16) || N * R > MAX_COST * 8) return null;
  return { N, r: R, p: P, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
}

/** Hashes a person's password with scrypt and a random per-user salt: `scrypt$N$r$p$<salt>$<hash>` (base64url). */
export async function hashUserPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Checks a password against a stored {@link hashUserPassword} hash in constant time. False for a malformed hash. */
export async function verifyUserPassword(password: string, storedHash: string): Promise<boolean> {
  const parsed = parse(storedHash);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed);
  return parsed.hash.length === actual.length && timingSafeEqual(parsed.hash, actual);
}

/** Whether a stored hash was made with weaker parameters than today's (then a successful sign-in re-hashes it). */
export function userPasswordNeedsRehash(storedHash: string): boolean {
  const parsed = parse(storedHash);
  return !parsed || parsed.N < PARAMS.N || parsed.r < PARAMS.r || parsed.p < PARAMS.p || parsed.hash.length < KEY_LENGTH;
}

/** A random password for people (24 base64url characters, 144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
