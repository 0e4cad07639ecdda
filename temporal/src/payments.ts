/**
 * Words shared by everyone who handles a paid session's money: the workflow, the worker's Stripe activities, the web
 * app's driver pages and admin API. Pure data, safe in the workflow sandbox.
 */

/**
 * A station's price list as the session snapshots it when the driver starts (DESIGN.md §3, the fork's pricing
 * fields). Money in minor currency units; the energy price per MWh so that sub-cent kWh prices stay integers.
 */
export interface PricingSnapshot {
  /** ISO 4217, upper case (`EUR`). */
  readonly currency: string;
  readonly pricePerMwhMinor: number;
  /** The session's maximum energy; the hold covers it and the session is stopped when it is reached. */
  readonly maxEnergyWh: number | null;
  readonly sessionFeeMinor: number;
  /** Per-minute fee (0: none). */
  readonly usageFeePerMinuteMinor: number;
  /** Minutes not billed before the per-minute fee starts. */
  readonly freeMinutes: number;
  /** Cap on billed minutes (required when the per-minute fee is set: the hold must cover it). */
  readonly maxBillableMinutes: number | null;
  /**
   * `sessionStart`: the per-minute fee counts from the start of the session to its stop ("usage fee");
   * `chargingEnd`: it counts from the stop until the cable is unplugged ("idle fee"), and capture waits for the unplug.
   */
  readonly usageFeeFrom: 'sessionStart' | 'chargingEnd';
  readonly freeCharging: boolean;
}

/** Why a paid session did not charge (normally), as the payment records it and the driver's page says it. */
export const PaymentFailureCode = {
  /** The Checkout Session expired before the driver paid. */
  CheckoutExpired: 'CheckoutExpired',
  /** The driver cancelled on Stripe's page or on the session page before paying. */
  CheckoutCancelled: 'CheckoutCancelled',
  /** The card was declined (`payment_intent.payment_failed`). */
  CardDeclined: 'CardDeclined',
  /** Stripe did not hold the money (PaymentIntent not `requires_capture` after the Checkout completed). */
  PaymentNotAuthorized: 'PaymentNotAuthorized',
  /** The hold was cancelled outside the system (Stripe dashboard, expiry). */
  HoldCancelled: 'HoldCancelled',
  /** The station was offline when the payment arrived or the start was due. */
  StationOffline: 'StationOffline',
  /** The station rejected the remote start. */
  StartRejected: 'StartRejected',
  /** The station did not answer the remote start. */
  StartTimeout: 'StartTimeout',
  /** The station accepted the remote start but no transaction began within the start window. */
  NoStartInWindow: 'NoStartInWindow',
  /** The driver did not plug in within the start window. */
  NotPluggedIn: 'NotPluggedIn',
  /** Another session (an RFID card, another payment) took the connector meanwhile. */
  ConnectorTaken: 'ConnectorTaken',
  /** The driver pressed Stop before charging began. */
  StoppedBeforeStart: 'StoppedBeforeStart',
  /** Stripe kept failing; the money is untouched and an admin must look. */
  ProviderError: 'ProviderError',
} as const;

/** A code of {@link PaymentFailureCode}. */
export type PaymentFailureCode = (typeof PaymentFailureCode)[keyof typeof PaymentFailureCode];

/**
 * Where a payment stands. Active: `PendingPayment`, `Authorized` (held, waiting for the cable), `Starting` (remote
 * start sent, waiting for the station's start), `Charging`, `Settling` (stopped, waiting for the unplug or for Stripe). Terminal: `Captured`, `Released` (nothing
 * owed or below Stripe's minimum), `Cancelled` (the driver or expiry), `Failed` (see the failure code).
 */
export type PaymentStatus =
  | 'PendingPayment'
  | 'Authorized'
  | 'Starting'
  | 'Charging'
  | 'Settling'
  | 'Captured'
  | 'Released'
  | 'Cancelled'
  | 'Failed';

/** Statuses after which the payment's money does not move any more (except refunds). */
export const TERMINAL_PAYMENT_STATUSES: readonly PaymentStatus[] = ['Captured', 'Released', 'Cancelled', 'Failed'];

/** What a session owes, itemised; every amount in minor units. */
export interface CostBreakdown {
  readonly energyWh: number;
  readonly energyMinor: number;
  readonly sessionFeeMinor: number;
  /** Billed minutes of the per-minute fee (usage or idle, see the snapshot's `usageFeeFrom`). */
  readonly billedMinutes: number;
  readonly timeFeeMinor: number;
  /** energy + session fee + time fee; 0 when the energy stayed below the minimum. */
  readonly totalMinor: number;
  /** True when the energy stayed below the configured minimum, so nothing is owed. */
  readonly belowMinimumEnergy: boolean;
}

/** How a payment was settled with Stripe. */
export interface Settlement {
  readonly breakdown: CostBreakdown;
  readonly holdMinor: number;
  /** What was captured: min(total, hold), or 0 when nothing was owed or it was below Stripe's minimum charge. */
  readonly capturedMinor: number;
  /** hold − captured, returned to the card. */
  readonly releasedMinor: number;
  /** True when an amount was owed but below the minimum charge, so the hold was released instead. */
  readonly belowMinimumCharge: boolean;
}
