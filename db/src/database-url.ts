import { isAbsolute, resolve } from 'node:path';
import { DatabaseUrlError } from './errors.ts';

/** Where the data lives, parsed from a `DATABASE_URL`. */
export type DatabaseLocation =
  | { readonly dialect: 'sqlite'; readonly path: string }
  | { readonly dialect: 'postgresql'; readonly url: string; readonly database: string };

/**
 * Parses `sqlite://<path>` (relative to `cwd`, or absolute as in `sqlite:///var/lib/csms.sqlite`; `sqlite://:memory:`
 * for a private in-memory database) or `postgres://` / `postgresql://` URLs.
 */
export function parseDatabaseUrl(url: string, cwd: string = process.cwd()): DatabaseLocation {
  if (url.startsWith('sqlite://')) {
    const path = decodeURIComponent(url.slice('sqlite://'.length));
    if (path === '') throw new DatabaseUrlError('DATABASE_URL "sqlite://" needs a file path, e.g. sqlite://data/csms.sqlite');
    if (path === ':memory:') return { dialect: 'sqlite', path };
    return { dialect: 'sqlite', path: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (error) {
      throw new DatabaseUrlError('DATABASE_URL is not a valid postgres:// URL', { cause: error });
    }
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    if (database === '') throw new DatabaseUrlError('DATABASE_URL must name a database, e.g. postgres://user:pw@host/csms');
    return { dialect: 'postgresql', url, database };
  }
  throw new DatabaseUrlError('DATABASE_URL must start with sqlite:// or postgres://');
}

/** The URL the processes use when `DATABASE_URL` is unset: `sqlite://$CSMS_DATA_DIR/csms.sqlite` (`data` by default). */
export function databaseUrlFromEnv(
  env: { readonly DATABASE_URL?: string | undefined; readonly CSMS_DATA_DIR?: string | undefined } = process.env,
): string {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  return `sqlite://${env.CSMS_DATA_DIR || 'data'}/csms.sqlite`;
}
