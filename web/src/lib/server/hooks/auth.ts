import type { Handle, RequestEvent } from '@sveltejs/kit';
import { sessionPrincipal } from '../auth/sessions.ts';
import { errorResponse, toApiError } from '../errors.ts';
import { getServices } from '../services.ts';

const BEARER = /^Bearer ([A-Za-z0-9_-]{1,200})$/;

/** The caller: from the bearer token, else the session cookie (`authFailure` says what is wrong with a bad token). */
async function identify(event: RequestEvent): Promise<Pick<App.Locals, 'principal' | 'authFailure'>> {
  const services = getServices();
  const authorization = event.request.headers.get('authorization');
  if (authorization === null) return { principal: await sessionPrincipal(services, event.cookies), authFailure: null };
  const match = BEARER.exec(authorization.trim());
  const owner = match ? await services.db.apiTokens.authenticate(match[1]!, new Date()) : null;
  if (owner) return { principal: { via: 'token', userId: owner.userId, username: owner.username, role: owner.role }, authFailure: null };
  return { principal: null, authFailure: match ? 'invalid or revoked token' : 'expected "Authorization: Bearer <token>"' };
}

/** Resolves the caller (bearer token first, else session cookie) into `locals`; routes check roles themselves. */
export const handleAuth: Handle = async ({ event, resolve }) => {
  try {
    const identity = await identify(event);
    event.locals.principal = identity.principal;
    event.locals.authFailure = identity.authFailure;
  } catch (error) {
    // the database down (say): an API caller still gets the API's error format, not SvelteKit's error page
    if (!event.url.pathname.startsWith('/api/')) throw error;
    getServices().log.error({ err: error, path: event.url.pathname }, 'could not identify the caller');
    return errorResponse(toApiError(error));
  }
  return resolve(event);
};
