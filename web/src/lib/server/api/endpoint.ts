import { json, type RequestEvent, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { hasRole } from '../auth/principal.ts';
import { csrfTokenMatches } from '../auth/sessions.ts';
import { ApiError, errorResponse, toApiError } from '../errors.ts';
import { getServices } from '../services.ts';
import type { Operation } from './operation.ts';
import { assertNoNul, parseWith, queryObject, readJsonBody } from './request.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const EMPTY = z.object({});

/** `/api/v1/charge-points/[id]` (a SvelteKit route id) → `/api/v1/charge-points/{id}` (an OpenAPI path). */
export function openApiPathOf(routeId: string): string {
  return routeId.replace(/\[(?:\.\.\.)?(\w+)(?:=\w+)?\]/g, '{$1}');
}

function authorize(operation: Operation, event: RequestEvent): void {
  const { principal, authFailure } = event.locals;
  if (operation.role === 'public') return;
  if (!principal) throw new ApiError(401, 'Unauthorized', authFailure ?? 'sign in or send "Authorization: Bearer <token>"');
  if (!hasRole(principal, operation.role)) throw new ApiError(403, 'Forbidden', `this needs the ${operation.role} role`);
  if (principal.via === 'session' && !SAFE_METHODS.has(event.request.method)) {
    // cookie-authenticated writes carry the session's CSRF token; hooks.server.ts checked the origin (docs/api.md, "CSRF")
    if (!csrfTokenMatches(event.request.headers.get('x-csrf-token'), principal.csrfToken)) {
      throw new ApiError(403, 'CsrfRejected', 'missing or wrong x-csrf-token header');
    }
  }
}

/** The parsed input, so fields the schema drops (unknown properties) may hold anything. */
function textInput<T>(value: T, where: 'body' | 'query' | 'path'): T {
  assertNoNul(value, where);
  return value;
}

/**
 * The SvelteKit request handler of an operation: checks the route, authenticates and authorizes (401/403, CSRF for
 * cookie writes), validates path, query and body (400 naming the field, also for a U+0000 in any text; 413, 415), runs the handler, and answers JSON
 * (validated against the response schema when `API_VALIDATE_RESPONSES=true`) or every error as
 * `{"error":{"code","message"}}`.
 */
export function endpoint(operation: Operation): RequestHandler {
  return async (event) => {
    const services = getServices();
    try {
      if (event.route.id === null || openApiPathOf(event.route.id) !== operation.path || event.request.method !== operation.method) {
        throw new Error(`operation ${operation.operationId} (${operation.method} ${operation.path}) is exported from ${event.request.method} ${event.route.id}`);
      }
      authorize(operation, event);
      const params = textInput(parseWith(operation.params ?? EMPTY, event.params, 'path'), 'path');
      const query = textInput(parseWith(operation.query ?? EMPTY, queryObject(event.url.searchParams), 'query'), 'query');
      const body = operation.body
        ? textInput(parseWith(operation.body, await readJsonBody(event.request, operation.maxBodyBytes ?? services.config.maxBodyBytes, { csv: operation.csvBody ?? false }), 'body'), 'body')
        : undefined;
      const result = await operation.handle({ params, query, body, principal: event.locals.principal, services, event });
      if (result instanceof Response) return result;
      if (!operation.response) return new Response(null, { status: 204 });
      if (services.config.validateResponses) {
        const checked = operation.response.safeParse(result);
        if (!checked.success) {
          throw new Error(`response of ${operation.operationId} breaks its schema: ${JSON.stringify(checked.error.issues[0])}`);
        }
      }
      return json(result, { status: operation.status ?? 200, headers: { 'cache-control': 'no-store' } });
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.status === 500) services.log.error({ err: error, operation: operation.operationId }, 'request failed');
      return errorResponse(apiError);
    }
  };
}
