/**
 * Who may use a route, decided once in `hooks/authorization.ts` before any load, action or endpoint runs:
 * - `public`: anyone (sign-in, the drivers' pages, the language switch);
 * - `user`: a signed-in browser session of any role;
 * - `admin`: a signed-in browser session of an administrator;
 * - `api`: the REST API, whose callers come with a bearer token or a session and whose every operation checks its
 *   own role (`Operation.role` in `api/operation.ts`), so the hook passes such requests on unchanged.
 */
export type RouteAccess = 'public' | 'user' | 'admin' | 'api';

/**
 * Every route of `src/routes`, by SvelteKit's `event.route.id`. A route missing here is refused to everyone (deny by
 * default), and `route-access.test.ts` fails until each route file's route is listed: a new page is added here too.
 */
export const ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  '/login': 'public',
  '/logout': 'public',
  '/language': 'public',
  '/access-denied': 'public',
  '/charge/[chargePointId]/[connector=connector]': 'public',
  '/charge/session/[sessionId=session_id]': 'public',
  '/pay/[chargePointId]/[evse=connector]/[totp]': 'public',

  // stations fetch firmware and upload diagnostics with a signed, expiring token in the URL (no session)
  '/files/firmware/[id]': 'public',
  '/files/uploads/[jobId]': 'public',

  '/(app)': 'user',
  '/(app)/charge-points/[id]': 'user',
  '/(app)/charge-points/[id]/[n]/transactions': 'user',
  '/(app)/reports/charge': 'user',
  '/(app)/transactions/[tx]': 'user',
  '/events/overview': 'user',

  '/(app)/admin': 'admin',
  '/(app)/admin/alerts': 'admin',
  '/(app)/admin/charge-points': 'admin',
  '/(app)/admin/charge-points.csv': 'admin',
  '/(app)/admin/charge-points/new': 'admin',
  '/(app)/admin/charge-points/[id]': 'admin',
  '/(app)/admin/charge-points/[id]/qr': 'admin',
  '/(app)/admin/charge-points/[id]/qr/[connector=connector].svg': 'admin',
  '/(app)/admin/connectors': 'admin',
  '/(app)/admin/connectors.csv': 'admin',
  '/(app)/admin/diagnostics': 'admin',
  '/(app)/admin/message-log': 'admin',
  '/(app)/admin/message-log.csv': 'admin',
  '/(app)/admin/firmware': 'admin',
  '/(app)/admin/security-events': 'admin',
  '/(app)/admin/payments': 'admin',
  '/(app)/admin/payments.csv': 'admin',
  '/(app)/admin/payments/[id]': 'admin',
  '/(app)/admin/tags': 'admin',
  '/(app)/admin/tags.csv': 'admin',
  '/(app)/admin/tags/new': 'admin',
  '/(app)/admin/tags/[tagId]': 'admin',
  '/(app)/admin/tokens': 'admin',
  '/(app)/admin/tokens.csv': 'admin',
  '/(app)/admin/transactions': 'admin',
  '/(app)/admin/transactions.csv': 'admin',
  '/(app)/admin/users': 'admin',
  '/(app)/admin/users.csv': 'admin',

  '/api/v1/alerts': 'api',
  '/api/v1/charge-points': 'api',
  '/api/v1/charge-points/[id]/certificates': 'api',
  '/api/v1/charge-points/[id]/certificates/delete': 'api',
  '/api/v1/charge-points/[id]/extended-trigger': 'api',
  '/api/v1/charge-points/[id]': 'api',
  '/api/v1/charge-points/[id]/availability': 'api',
  '/api/v1/charge-points/[id]/clear-cache': 'api',
  '/api/v1/charge-points/[id]/charging-profiles': 'api',
  '/api/v1/charge-points/[id]/charging-profiles/[profileId]': 'api',
  '/api/v1/charge-points/[id]/charging-profiles/clear': 'api',
  '/api/v1/charge-points/[id]/composite-schedule': 'api',
  '/api/v1/charge-points/[id]/configuration': 'api',
  '/api/v1/charge-points/[id]/data-transfer': 'api',
  '/api/v1/charge-points/[id]/local-list': 'api',
  '/api/v1/charge-points/[id]/local-list/tags': 'api',
  '/api/v1/charge-points/[id]/local-list/version': 'api',
  '/api/v1/charge-points/[id]/connectors/[n]': 'api',
  '/api/v1/charge-points/[id]/connectors/[n]/charging-limit': 'api',
  '/api/v1/charge-points/[id]/connectors/[n]/checkout': 'api',
  '/api/v1/charge-points/[id]/connectors/[n]/start': 'api',
  '/api/v1/charge-points/[id]/connectors/[n]/stop': 'api',
  '/api/v1/charge-points/[id]/connectors/[n]/unlock': 'api',
  '/api/v1/charge-points/[id]/reservations': 'api',
  '/api/v1/charge-points/[id]/reservations/[reservationId]': 'api',
  '/api/v1/charge-points/[id]/reset': 'api',
  '/api/v1/charge-points/[id]/start': 'api',
  '/api/v1/charge-points/[id]/trigger': 'api',
  '/api/v1/charge-points/[id]/web-payments': 'api',
  '/api/v1/charge-points/[id]/diagnostics': 'api',
  '/api/v1/charge-points/[id]/file-jobs': 'api',
  '/api/v1/charge-points/[id]/firmware': 'api',
  '/api/v1/charge-points/[id]/logs': 'api',
  '/api/v1/charge-tags': 'api',
  '/api/v1/charge-tags/[tagId]': 'api',
  '/api/v1/charge-tags/[tagId]/local-lists': 'api',
  '/api/v1/diagnostics': 'api',
  '/api/v1/driver/charge-points/[id]/connectors/[n]': 'api',
  '/api/v1/driver/sessions/[sessionId]': 'api',
  '/api/v1/driver/sessions/[sessionId]/checkout-return': 'api',
  '/api/v1/driver/sessions/[sessionId]/stop': 'api',
  '/api/v1/file-jobs/[jobId]/file': 'api',
  '/api/v1/firmware': 'api',
  '/api/v1/firmware/[firmwareId]': 'api',
  '/api/v1/health': 'api',
  '/api/v1/imports/charge-points': 'api',
  '/api/v1/imports/charge-tags': 'api',
  '/api/v1/message-log': 'api',
  '/api/v1/openapi.json': 'api',
  '/api/v1/payments': 'api',
  '/api/v1/payments/[paymentId]': 'api',
  '/api/v1/payments/[paymentId]/refund': 'api',
  '/api/v1/reports/charge': 'api',
  '/api/v1/security-events': 'api',
  '/api/v1/session': 'api',
  '/api/v1/stripe/webhook': 'api',
  '/api/v1/tokens': 'api',
  '/api/v1/tokens/[tokenId]': 'api',
  '/api/v1/transactions': 'api',
  '/api/v1/transactions/[id]': 'api',
  '/api/v1/users': 'api',
  '/api/v1/users/[username]': 'api',
};

/** The access rule of a route id; `undefined` for a route nobody listed, which the guard refuses. */
export function routeAccess(routeId: string): RouteAccess | undefined {
  return Object.hasOwn(ROUTE_ACCESS, routeId) ? ROUTE_ACCESS[routeId] : undefined;
}
