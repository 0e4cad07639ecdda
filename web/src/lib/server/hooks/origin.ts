import type { Handle } from '@sveltejs/kit';
import { isSameOrigin } from '../auth/origin.ts';
import { ApiError, errorResponse } from '../errors.ts';
import { getServices } from '../services.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses browser writes (forms, cookie-authenticated API calls) that do not come from the app's own pages. */
export const handleOrigin: Handle = ({ event, resolve }) => {
  if (!SAFE_METHODS.has(event.request.method) && !event.request.headers.has('authorization')) {
    if (!isSameOrigin(event.request, event.url, getServices().config.originKnown)) {
      const error = new ApiError(403, 'CsrfRejected', 'cross-origin request refused');
      return event.url.pathname.startsWith('/api/') ? errorResponse(error) : new Response(error.message, { status: 403 });
    }
  }
  return resolve(event);
};
