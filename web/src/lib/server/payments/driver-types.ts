import type { PaymentFailureCode, PaymentStatus, PricingSnapshot } from '@csms/temporal';

/** Why a connector cannot be paid for now; each has its own sentence on the driver's page. */
export type OfferUnavailableReason =
  /** `STRIPE_SECRET_KEY` is not set: payments are off. */
  | 'paymentsOff'
  /** The station is not connected. */
  | 'stationOffline'
  /** A session (RFID or paid) is open on the connector, or it is charging / finishing. */
  | 'connectorBusy'
  /** The connector reported `Faulted`. */
  | 'connectorFaulted'
  /** The connector or station is `Unavailable` (made inoperative). */
  | 'connectorUnavailable'
  /** The station charges for free: the driver just plugs in (or uses a card); nothing to pay. */
  | 'freeCharging'
  /** The price list is incomplete (no maximum energy, or a per-minute fee without a cap), so no hold can be computed. */
  | 'pricingMissing'
  /** No such station or connector (also for a deleted station). */
  | 'unknownConnector';

/** A price list in the shape the driver's page words it (AFIR order: kWh → minute → session). */
export interface PriceTerms {
  /** ISO 4217 upper case, e.g. `EUR`. */
  readonly currency: string;
  /** Energy price in minor units per kWh; may have decimals (e.g. 39.5 cents). */
  readonly perKwhMinor: number;
  /** The same price as the integer the station stores (minor units per MWh). */
  readonly perMwhMinor: number;
  /** Per-minute fee, or null when there is none. */
  readonly perMinute: null | {
    readonly feeMinor: number;
    /** Minutes not billed before the fee starts. */
    readonly freeMinutes: number;
    /** Cap on billed minutes, or null for no cap. */
    readonly maxBillableMinutes: number | null;
    /** `sessionStart`: from the start of charging ("per-minute fee"); `chargingEnd`: from the stop until unplugged ("idle fee"). */
    readonly from: PricingSnapshot['usageFeeFrom'];
  };
  /** Fixed fee per session, 0 for none. */
  readonly sessionFeeMinor: number;
  /** Below this energy nothing at all is charged (the fork's minimum energy). */
  readonly minimumEnergyWh: number;
  /** Below this amount nothing is charged (Stripe's minimum charge for the currency). */
  readonly minimumChargeMinor: number;
}

/** What the connector's public page shows before the driver pays. */
export interface ConnectorOffer {
  readonly chargePointId: string;
  readonly stationName: string;
  /** The connector number in the URL (1.6 connectorId / 2.x EVSE id). */
  readonly connectorId: number;
  /** The connector's own name, when an admin gave it one. */
  readonly connectorName: string | null;
  /** Mapped connector status (`Available`, `Occupied`, `Unavailable`, `Faulted`, `Unknown`). */
  readonly status: string;
  /** The raw OCPP status (`Preparing` means the cable is in), or null when never reported. */
  readonly ocppStatus: string | null;
  readonly online: boolean;
  /** Null for an unknown connector. */
  readonly pricing: PriceTerms | null;
  readonly maxEnergyWh: number | null;
  /** The amount Stripe will hold on the card, or null when no hold can be computed. */
  readonly holdAmountMinor: number | null;
  /** Null: the driver can pay now. */
  readonly unavailable: OfferUnavailableReason | null;
}

/** The state of a paid session in the driver's words. */
export type DriverSessionState =
  /** The Checkout Session is open; the driver has not paid (or Stripe has not told us yet). */
  | 'waitingForPayment'
  /** Paid; waiting for the cable (connector not `Preparing` yet). */
  | 'plugIn'
  /** Remote start sent or about to be sent; waiting for the station's start. */
  | 'starting'
  | 'charging'
  /** Stopped; waiting for the unplug (idle fee) or for the settlement with Stripe. */
  | 'finishing'
  /** Settled: the receipt is there. */
  | 'done'
  /** Ended without charging, see `failureReason`; nothing was charged. */
  | 'failed'
  /** The driver cancelled (on Stripe's page, or Stop before the start); nothing was charged. */
  | 'cancelled';

/** The receipt of a settled session; every amount in minor units of `currency`. */
export interface DriverReceipt {
  readonly energyWh: number;
  readonly energyMinor: number;
  readonly sessionFeeMinor: number;
  readonly billedMinutes: number;
  readonly timeFeeMinor: number;
  /** What the session cost by the price list (before the cap at the hold). */
  readonly totalMinor: number;
  readonly holdMinor: number;
  readonly capturedMinor: number;
  /** hold − captured, returned to the card. */
  readonly releasedMinor: number;
  /** Energy below the minimum: nothing owed. */
  readonly belowMinimumEnergy: boolean;
  /** Owed, but below Stripe's minimum charge: nothing captured. */
  readonly belowMinimumCharge: boolean;
  /** Refunded by an admin afterwards (0 when none). */
  readonly refundedMinor: number;
  readonly settledAt: string;
}

/** Everything the driver's session page shows; reveals nothing about other sessions. */
export interface DriverSessionView {
  /** The unguessable id in the page's URL. */
  readonly sessionId: string;
  readonly state: DriverSessionState;
  /** Set when `state` is `failed` or `cancelled`. */
  readonly failureReason: PaymentFailureCode | null;
  readonly chargePointId: string;
  readonly stationName: string;
  readonly connectorId: number;
  readonly connectorName: string | null;
  readonly currency: string;
  readonly pricing: PriceTerms;
  readonly maxEnergyWh: number | null;
  readonly holdAmountMinor: number;
  /** Energy so far (final after the stop). */
  readonly energyWh: number;
  /** Cost so far by the price list, capped at the hold (final after the stop). */
  readonly costSoFarMinor: number;
  /** Stripe's page, while `waitingForPayment` (to go back and pay); null otherwise. */
  readonly checkoutUrl: string | null;
  /** Whether the Stop button makes sense now (before or during charging). */
  readonly canStop: boolean;
  /** ISO 8601 UTC times; null until they happen. */
  readonly createdAt: string;
  readonly paidAt: string | null;
  readonly startedAt: string | null;
  readonly stoppedAt: string | null;
  readonly settledAt: string | null;
  /** Set once `state` is `done`. */
  readonly receipt: DriverReceipt | null;
}

/** One payment as the admin pages and API show it. */
export interface PaymentView {
  readonly id: number;
  /** The driver's session id (the receipt shows it). */
  readonly sessionId: string;
  readonly workflowId: string;
  /** Link to the session's workflow in the Temporal UI, or null when `TEMPORAL_UI_URL` is not set. */
  readonly temporalUiUrl: string | null;
  readonly chargePointId: string;
  readonly connectorId: number;
  readonly status: PaymentStatus;
  readonly failureCode: PaymentFailureCode | null;
  readonly failureMessage: string | null;
  readonly currency: string;
  readonly holdAmountMinor: number;
  readonly capturedAmountMinor: number | null;
  readonly releasedAmountMinor: number | null;
  readonly refundedAmountMinor: number;
  readonly checkoutSessionId: string | null;
  readonly paymentIntentId: string | null;
  readonly transactionId: number | null;
  readonly energyWh: number | null;
  readonly receipt: DriverReceipt | null;
  readonly createdAt: string;
  readonly authorizedAt: string | null;
  readonly settledAt: string | null;
}

/** Filter of {@link listPayments}. */
export interface PaymentFilter {
  readonly status?: PaymentStatus;
  readonly chargePointId?: string;
  /** Created at or after. */
  readonly from?: Date;
  /** Created before. */
  readonly to?: Date;
  readonly limit?: number;
  readonly offset?: number;
}

/** A page of payments, newest first. */
export interface PaymentPage {
  readonly items: readonly PaymentView[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}
