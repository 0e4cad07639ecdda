/**
 * `value` when it is a path on this site (`/…`, not `//host` or `/\host`, which browsers read as another host), else
 * `fallback`: redirect targets taken from a form or a query string cannot send anyone elsewhere (no open redirect).
 */
export function localPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  // control characters (a tab or newline inside "/\t/evil.example") are dropped by browsers' URL parsers
  return [...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f) ? fallback : value;
}
