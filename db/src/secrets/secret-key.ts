import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SecretKeyError } from '../errors.ts';

/** The shortest `CSMS_SECRET_KEY` accepted, in characters. */
export const MIN_SECRET_KEY_LENGTH = 32;

/** The server-side pepper for station password hashes. Opaque: pass it to the hash and verify functions. */
export interface SecretKey {
  readonly bytes: Buffer;
  /** Where it came from, for logs (never the key itself). */
  readonly source: 'env' | 'file';
}

/** Where {@link loadSecretKey} looks. */
export interface SecretKeyOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Overrides `CSMS_DATA_DIR` (default `data` relative to the current directory). */
  readonly dataDir?: string;
}

/**
 * Loads the pepper: `CSMS_SECRET_KEY` when set (at least 32 characters), else `$CSMS_DATA_DIR/secret.key`, which is
 * created with 32 random bytes (hex, mode 0600) on first use. Several processes may race to create it; the loser reads
 * the winner's file. Changing the key invalidates every stored station password.
 */
export async function loadSecretKey(options: SecretKeyOptions = {}): Promise<SecretKey> {
  const env = options.env ?? process.env;
  const fromEnv = env.CSMS_SECRET_KEY;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < MIN_SECRET_KEY_LENGTH) {
      throw new SecretKeyError(`CSMS_SECRET_KEY must be at least ${MIN_SECRET_KEY_LENGTH} characters long`);
    }
    return { bytes: Buffer.from(fromEnv, 'utf8'), source: 'env' };
  }
  const dataDir = resolve(options.dataDir ?? (env.CSMS_DATA_DIR || 'data'));
  const file = join(dataDir, 'secret.key');
  await mkdir(dataDir, { recursive: true });
  try {
    await writeFile(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new SecretKeyError(`cannot create ${file}: ${(error as Error).message}`, { cause: error });
    }
  }
  const text = (await readFile(file, 'utf8')).trim();
  if (!/^[0-9a-f]{64,}$/i.test(text)) {
    throw new SecretKeyError(`${file} must hold at least 32 bytes as hex; delete it to generate a new one`);
  }
  return { bytes: Buffer.from(text, 'hex'), source: 'file' };
}
