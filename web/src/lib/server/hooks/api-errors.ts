import type { Handle } from '@sveltejs/kit';
import { ApiError, errorResponse } from '../errors.ts';

/** SvelteKit answers unknown API paths and methods itself (in HTML); this keeps the API's JSON error format. */
export const handleApiErrors: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  if (!event.url.pathname.startsWith('/api/')) return response;
  if ((response.status === 404 || response.status === 405) && !response.headers.get('content-type')?.includes('json')) {
    const error = new ApiError(response.status, response.status === 404 ? 'NotFound' : 'MethodNotAllowed',
      response.status === 404 ? `no such API path: ${event.url.pathname}` : `${event.request.method} is not allowed here`);
    const replaced = errorResponse(error);
    const allow = response.headers.get('allow');
    if (allow) replaced.headers.set('allow', allow);
    return replaced;
  }
  return response;
};
