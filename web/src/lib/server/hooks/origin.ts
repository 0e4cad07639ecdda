import type { Handle } from '@sveltejs/kit';
import { isSameOrigin } from '../auth/origin.ts';
import { ApiError, errorResponse } from '../errors.ts';
import { getServices } from '../services.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Where stations PUT or POST diagnostics and logs; exempt from the origin check by path only. */
export const STATION_UPLOAD_PATH = '/files/uploads/';

/** Refuses browser writes (forms, cookie-authenticated API calls) that do not come from the app's own pages. */
export const handleOrigin: Handle = ({ event, resolve }) => {
  // station uploads are no browser writes: their URL's token authenticates them (routes/files/uploads)
  if (!SAFE_METHODS.has(event.request.method) && !event.request.headers.has('authorization') && !event.url.pathname.startsWith(STATION_UPLOAD_PATH)) {
    if (!isSameOrigin(event.request, event.url, getServices().config.originKnown)) {
      const error = new ApiError(403, 'CsrfRejected', 'cross-origin request refused');
      return event.url.pathname.startsWith('/api/') ? errorResponse(error) : new Response(error.message, { status: 403 });
    }
  }
  return resolve(event);
};
