import { json, redirect, type Handle, type RequestEvent } from '@sveltejs/kit';
import type { Principal } from '../auth/principal.ts';
import { routeAccess, type RouteAccess } from '../auth/route-access.ts';

/** The page that says "Access denied" in the caller's language, inside the app's layout. */
export const ACCESS_DENIED_PATH = '/access-denied';

const FORBIDDEN = { message: 'forbidden', code: 'Forbidden' } as const;
const UNAUTHORIZED = { message: 'sign in first', code: 'Unauthorized' } as const;

/** What the guard decides for one request. */
export type Verdict = 'pass' | 'sign-in' | 'forbidden';

/** The verdict for a caller on a route with `access` (`undefined`: a route missing from the table, refused). */
export function verdict(access: RouteAccess | undefined, principal: Principal | null): Verdict {
  if (access === 'public' || access === 'api') return 'pass';
  // pages are for browser sessions; a bearer token is for the API only
  const session = principal?.via === 'session' ? principal : null;
  if (!session) return 'sign-in';
  if (access === 'user') return 'pass';
  if (access === 'admin' && session.role === 'admin') return 'pass';
  return 'forbidden';
}

/**
 * A browser navigation or plain form post, which follows a redirect and shows a page: it accepts HTML, or anything
 * (no `Accept`, or `*\/*`). An EventSource (`text/event-stream`) or a JSON fetch gets a status instead.
 */
function wantsPage(event: RequestEvent): boolean {
  const accept = event.request.headers.get('accept');
  return accept === null || accept.includes('text/html') || accept.includes('*/*');
}

/** The sign-in page, with the page asked for to return to afterwards (the start page is the default anyway). */
export function signInPath(url: URL): string {
  const back = url.pathname + url.search;
  return back === '/' ? '/login' : `/login?redirectTo=${encodeURIComponent(back)}`;
}

/**
 * Guards every route once, by `event.route.id` and the table in `auth/route-access.ts`, before any load, action or
 * endpoint runs (a layout's load does not run before an action, so per-page checks could miss actions). Signed out:
 * a page redirects to sign-in with the way back, anything else gets 401. Signed in without the role: 403, as the
 * app's "Access denied" page for a browser navigation. Unknown paths (no route) go on to SvelteKit's 404.
 */
export const handleAuthorization: Handle = async ({ event, resolve }) => {
  const routeId = event.route.id;
  if (routeId === null) return resolve(event);
  const decided = verdict(routeAccess(routeId), event.locals.principal);
  if (decided === 'pass') return resolve(event);
  const internal = event.isDataRequest || event.request.headers.get('x-sveltekit-action') === 'true';
  if (decided === 'sign-in') {
    // SvelteKit's client expects its own redirect format for data and enhanced-form requests; it builds it from a throw
    if (internal) redirect(303, signInPath(event.url));
    if (wantsPage(event)) return new Response(null, { status: 303, headers: { location: signInPath(event.url) } });
    return json(UNAUTHORIZED, { status: 401 });
  }
  if (internal || !wantsPage(event)) return json(FORBIDDEN, { status: 403 });
  // rendered by SvelteKit like any page (layout, language, CSP nonce), with the 403 of the route asked for
  const page = await event.fetch(ACCESS_DENIED_PATH, { headers: { accept: 'text/html', 'accept-language': event.request.headers.get('accept-language') ?? '' } });
  const headers = new Headers(page.headers);
  headers.delete('set-cookie'); // SvelteKit passes the inner request's cookies on to this answer itself
  return new Response(page.body, { status: 403, headers });
};
