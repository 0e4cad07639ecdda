/**
 * Paths of the drivers' public pages (issue 13). The back end builds Stripe's return URLs from
 * {@link checkoutReturnPath}, the QR codes point at {@link connectorPagePath}; both are relative to the public base
 * URL.
 */

/** The connector's page: price, status, "Pay and charge". */
export function connectorPagePath(chargePointId: string, connectorId: number): string {
  return `/charge/${encodeURIComponent(chargePointId)}/${connectorId}`;
}

/** The page of one paid session, found only by its unguessable id. */
export function sessionPagePath(sessionId: string): string {
  return `/charge/session/${encodeURIComponent(sessionId)}`;
}

/**
 * Where Stripe Checkout sends the driver back: the session page with `?checkout=success` (success URL) or
 * `?checkout=cancel` (cancel URL). The page tells the back end (`confirmCheckoutReturn`) and drops the parameter, so
 * a reload does not repeat it (a repeat would change nothing anyway).
 */
export function checkoutReturnPath(sessionId: string, outcome: 'success' | 'cancel'): string {
  return `${sessionPagePath(sessionId)}?checkout=${outcome}`;
}

/** Joins a public base URL (`https://csms.example.com`, with or without a trailing slash) and a path. */
export function absoluteUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}
