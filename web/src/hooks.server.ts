import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { LOCALE_COOKIE, negotiateLocale } from '$lib/i18n/negotiate.ts';
import { isSameOrigin } from '$lib/server/auth/origin.ts';
import { sessionPrincipal } from '$lib/server/auth/sessions.ts';
import { ApiError, errorResponse, toApiError } from '$lib/server/errors.ts';
import { getServices, initServices } from '$lib/server/services.ts';

/** Parses the configuration and opens the database and Temporal client once, before the first request. */
export const init: ServerInit = async () => {
  await initServices();
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BEARER = /^Bearer ([A-Za-z0-9_-]{1,200})$/;

/** The caller: from the bearer token, else the session cookie (`authFailure` says what is wrong with a bad token). */
async function identify(event: Parameters<Handle>[0]['event']): Promise<Pick<App.Locals, 'principal' | 'authFailure'>> {
  const services = getServices();
  const authorization = event.request.headers.get('authorization');
  if (authorization === null) return { principal: await sessionPrincipal(services, event.cookies), authFailure: null };
  const match = BEARER.exec(authorization.trim());
  const owner = match ? await services.db.apiTokens.authenticate(match[1]!, new Date()) : null;
  if (owner) return { principal: { via: 'token', userId: owner.userId, username: owner.username, role: owner.role }, authFailure: null };
  return { principal: null, authFailure: match ? 'invalid or revoked token' : 'expected "Authorization: Bearer <token>"' };
}

/** Resolves the caller (bearer token first, else session cookie); routes check roles themselves. */
export const handle: Handle = async ({ event, resolve }) => {
  const services = getServices();
  if (!SAFE_METHODS.has(event.request.method) && !event.request.headers.has('authorization')) {
    // browser writes (forms, cookie-authenticated API calls) must come from our own pages
    if (!isSameOrigin(event.request, event.url, services.config.originKnown)) {
      const error = new ApiError(403, 'CsrfRejected', 'cross-origin request refused');
      return event.url.pathname.startsWith('/api/') ? errorResponse(error) : new Response(error.message, { status: 403 });
    }
  }
  try {
    const identity = await identify(event);
    event.locals.principal = identity.principal;
    event.locals.authFailure = identity.authFailure;
  } catch (error) {
    // the database down (say): an API caller still gets the API's error format, not SvelteKit's error page
    if (!event.url.pathname.startsWith('/api/')) throw error;
    services.log.error({ err: error, path: event.url.pathname }, 'could not identify the caller');
    return errorResponse(toApiError(error));
  }
  event.locals.locale = negotiateLocale({
    cookie: event.cookies.get(LOCALE_COOKIE),
    account: event.locals.principal?.language,
    acceptLanguage: event.request.headers.get('accept-language'),
  });
  const lang = event.locals.locale;
  const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace('%csms.lang%', lang) });
  if (!event.url.pathname.startsWith('/api/')) {
    if ((response.headers.get('content-type') ?? '').startsWith('text/html')) {
      response.headers.set('x-content-type-options', 'nosniff');
      response.headers.set('x-frame-options', 'DENY');
      response.headers.set('referrer-policy', 'same-origin');
    }
    return response;
  }
  // SvelteKit answers unknown API paths and methods itself; keep the API's error format
  if ((response.status === 404 || response.status === 405) && !response.headers.get('content-type')?.includes('json')) {
    const error = new ApiError(response.status, response.status === 404 ? 'NotFound' : 'MethodNotAllowed',
      response.status === 404 ? `no such API path: ${event.url.pathname}` : `${event.request.method} is not allowed here`);
    const replaced = errorResponse(error);
    const allow = response.headers.get('allow');
    if (allow) replaced.headers.set('allow', allow);
    replaced.headers.set('x-content-type-options', 'nosniff');
    return replaced;
  }
  response.headers.set('x-content-type-options', 'nosniff');
  return response;
};

/** Logs unexpected errors with the request; the client sees a generic message. */
export const handleError: HandleServerError = ({ error, event, status }) => {
  if (status !== 404) getServices().log.error({ err: error, path: event.url.pathname }, 'unhandled error');
  return { message: status === 404 ? 'not found' : 'internal error', code: status === 404 ? 'NotFound' : 'Internal' };
};
