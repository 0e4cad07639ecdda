import type { Handle } from '@sveltejs/kit';
import { getServices } from '../services.ts';

/** For answers SvelteKit gives no CSP (API JSON, files, plain-text refusals): nothing may load, nobody may frame. */
const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const HSTS = 'max-age=31536000';

/**
 * Whether the app is known to be served over https: `ORIGIN` or `PROTOCOL_HEADER` says so (without either,
 * adapter-node guesses https). Decides HSTS and the `Secure` flag of every cookie.
 */
export function servedOverHttps(url: URL): boolean {
  return getServices().config.originKnown && url.protocol === 'https:';
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  let target = response;
  try {
    for (const [name, value] of Object.entries(headers)) target.headers.set(name, value);
  } catch {
    // a response with immutable headers (from fetch): copy it once
    target = new Response(response.body, response);
    for (const [name, value] of Object.entries(headers)) target.headers.set(name, value);
  }
  return target;
}

/**
 * Headers on every answer, pages and API alike: pages carry SvelteKit's nonce-based CSP (`kit.csp` in
 * svelte.config.js), every other answer {@link NON_PAGE_CSP}; no framing, no sniffing; HSTS over https; and
 * `Cache-Control: no-store` whenever the caller is signed in, so a shared computer's cache keeps no operator data.
 */
export const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
  };
  if (!response.headers.has('content-security-policy')) headers['content-security-policy'] = NON_PAGE_CSP;
  if (servedOverHttps(event.url)) headers['strict-transport-security'] = HSTS;
  if (event.locals.principal) headers['cache-control'] = 'no-store';
  return withHeaders(response, headers);
};
