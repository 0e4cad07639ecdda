/**
 * The driver's side of paid charging (issue 13), as the public pages and the public API use it. Every function takes
 * the web app's {@link Services} (from `getServices()`) as its first argument.
 *
 * Errors are {@link ApiError}s, so routes can answer them as they are: 404 `NotFound` (unknown connector or session),
 * 409 `ConnectorBusy`, 409 `ChargePointOffline`, 409 `PaymentsOff`, 409 `FreeCharging`, 409 `PricingMissing`,
 * 409 `ConnectorUnavailable`, 409 `SessionOver` (stop after the end), 503 `TemporalUnavailable`.
 *
 * The admin side (payments list, one payment, refunds) is in `./admin.ts`. The types are in `./driver-types.ts`.
 */
import type { Services } from '../services.ts';
import type { ConnectorOffer, DriverSessionView } from './driver-types.ts';
import { describeOffer } from './offer.ts';
import { readDriverSession } from './session-view.ts';
import { beginPaidSession, sendCheckoutReturn, sendDriverStop } from './session-control.ts';

export type * from './driver-types.ts';

/**
 * What the connector's page shows: names, live status, price terms, maximum energy, the hold, and why the driver
 * cannot pay now (`unavailable`), if so. Never throws for an unknown connector: `unavailable: 'unknownConnector'`.
 */
export function describeConnectorOffer(services: Services, chargePointId: string, connectorId: number): Promise<ConnectorOffer> {
  return describeOffer(services, chargePointId, connectorId);
}

/**
 * Starts a paid session on the connector and returns Stripe's Checkout URL to redirect the driver to, with the
 * session's unguessable id (128 random bits, base64url) for the session page. Answers in well under a second.
 * Throws 409 `ConnectorBusy` when another paid session holds the connector (enforced in the DB) or it is in use,
 * and the `unavailable` reasons of {@link describeConnectorOffer} as 409s (`PaymentsOff`, `ChargePointOffline`, …).
 * `locale` is Stripe Checkout's language (`en`, `de`).
 */
export function startPaidSession(
  services: Services,
  input: { chargePointId: string; connectorId: number; locale: string },
): Promise<{ checkoutUrl: string; sessionId: string }> {
  return beginPaidSession(services, input);
}

/** The session page's view, or null for an unknown id (the page answers 404 without saying more). */
export function getDriverSession(services: Services, sessionId: string): Promise<DriverSessionView | null> {
  return readDriverSession(services, sessionId);
}

/**
 * The driver's Stop button: before the start it cancels the session (nothing is charged), while charging it stops
 * the transaction remotely; the settlement follows. Throws 404 for an unknown id; a stop after the end is a no-op.
 */
export function stopDriverSession(services: Services, sessionId: string): Promise<void> {
  return sendDriverStop(services, sessionId);
}

/**
 * The browser's return from Stripe (success or cancel URL), a second path equal to the webhook: the workflow re-reads
 * the Checkout Session and the PaymentIntent itself, so a forged or repeated return changes nothing. `outcome`
 * `cancel` (the cancel URL) ends a session that is still waiting for payment. Throws 404 for an unknown id.
 */
export function confirmCheckoutReturn(services: Services, sessionId: string, outcome: 'success' | 'cancel' = 'success'): Promise<void> {
  return sendCheckoutReturn(services, sessionId, outcome);
}
