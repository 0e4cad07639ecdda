/**
 * Whether a state-changing browser request comes from the app's own pages. Browsers send `Origin` on every POST, PUT,
 * PATCH and DELETE; a request without it is not from a browser page (or from an old one: then `Sec-Fetch-Site` decides).
 *
 * With `ORIGIN` (or `PROTOCOL_HEADER`) configured the origin must match exactly. Without it adapter-node can only
 * guess the scheme (it assumes https), so the host and port are compared: a cross-site page always differs there.
 */
export function isSameOrigin(request: Request, url: URL, originKnown: boolean): boolean {
  const origin = request.headers.get('origin');
  if (origin === null) {
    const site = request.headers.get('sec-fetch-site');
    return site === null || site === 'same-origin' || site === 'none';
  }
  if (origin === url.origin) return true;
  if (originKnown) return false;
  try {
    return new URL(origin).host === url.host;
  } catch {
    return false;
  }
}
