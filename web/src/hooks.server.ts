import type { HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { dev } from '$app/environment';
import { handleApiErrors } from '$lib/server/hooks/api-errors.ts';
import { handleAuth } from '$lib/server/hooks/auth.ts';
import { handleAuthorization } from '$lib/server/hooks/authorization.ts';
import { handleLocale } from '$lib/server/hooks/locale.ts';
import { handleMetrics } from '$lib/server/hooks/metrics.ts';
import { handleOrigin } from '$lib/server/hooks/origin.ts';
import { handleSecurityHeaders } from '$lib/server/hooks/security-headers.ts';
import { closeServices, getServices, initServices } from '$lib/server/services.ts';

/**
 * Parses the configuration and opens the database and Temporal client once, before the first request; closes them when
 * adapter-node has shut its server down (after a SIGTERM or SIGINT), so the process can end.
 */
export const init: ServerInit = async () => {
  // `vite dev` runs init again when this file changes, in the same process: the last run's services close first
  if (dev) await closeServices();
  await initServices();
  process.once('sveltekit:shutdown', () => void closeServices());
};

/**
 * Every request, outermost first: its count and latency (`WEB_METRICS_PORT`), security headers (on every answer, refusals included), the origin check of browser
 * writes, the caller, the language, the route's guard (who may use which route, `auth/route-access.ts`), and the
 * API's error format for paths SvelteKit answers itself.
 */
export const handle = sequence(handleMetrics, handleSecurityHeaders, handleOrigin, handleAuth, handleLocale, handleAuthorization, handleApiErrors);

/** Logs unexpected errors with the request; the client sees a generic message. */
export const handleError: HandleServerError = ({ error, event, status }) => {
  if (status !== 404) getServices().log.error({ err: error, path: event.url.pathname }, 'unhandled error');
  return { message: status === 404 ? 'not found' : 'internal error', code: status === 404 ? 'NotFound' : 'Internal' };
};
