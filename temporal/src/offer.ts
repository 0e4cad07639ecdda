import type { PaymentRefusedReason } from './paid-session.ts';
import type { PricingSnapshot } from './payments.ts';
import { pricingGap } from './pricing.ts';

/** What decides whether a connector can be paid for now (read from the DB by the web app and the worker alike). */
export interface OfferFacts {
  readonly paymentsOn: boolean;
  /** Null: no such station or connector. */
  readonly pricing: PricingSnapshot | null;
  /** The currency payments are taken in. */
  readonly currency: string;
  readonly online: boolean;
  /** Raw OCPP status of the connector, null when never reported. */
  readonly ocppStatus: string | null;
  /** An open transaction or an active paid session on the connector. */
  readonly inUse: boolean;
}

/** OCPP statuses of a connector that is in use (1.6 and 2.x); 1.6 `Preparing` and 2.x `Occupied` mean only the cable is in. */
const BUSY_STATUSES = new Set(['Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Reserved']);

/**
 * Why a connector cannot be paid for now, or null. The same rule refuses the web app's start (409) and the worker's
 * `openPayment`, so the page never offers what would fail later.
 */
export function offerRefusal(facts: OfferFacts): PaymentRefusedReason | null {
  if (facts.pricing === null) return 'UnknownConnector';
  if (!facts.paymentsOn) return 'PaymentsOff';
  const gap = pricingGap(facts.pricing);
  if (gap === 'freeCharging') return 'FreeCharging';
  if (gap === 'pricingMissing' || facts.pricing.currency !== facts.currency) return 'PricingMissing';
  if (!facts.online) return 'ChargePointOffline';
  if (facts.ocppStatus === 'Faulted') return 'ConnectorFaulted';
  if (facts.ocppStatus === 'Unavailable') return 'ConnectorUnavailable';
  if (facts.inUse || (facts.ocppStatus !== null && BUSY_STATUSES.has(facts.ocppStatus))) return 'ConnectorBusy';
  return null;
}
