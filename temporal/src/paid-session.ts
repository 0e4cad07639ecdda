import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { OcppVersion } from './ocpp-version.ts';
import type { PaymentFailureCode, PaymentStatus, PricingSnapshot, Settlement } from './payments.ts';

/**
 * The rules a paid session runs by, taken from the web app's configuration when the driver starts it and kept in the
 * workflow's input, so a session keeps the rules it began with.
 */
export interface PaidSessionSettings {
  /** Where Stripe sends the driver back (`PUBLIC_BASE_URL`), without a trailing slash. */
  readonly publicBaseUrl: string;
  /** The currency payments are taken in (ISO 4217 upper case); a station priced otherwise cannot be paid. */
  readonly currency: string;
  /** From the payment to the station's start (the plug-in wait included). */
  readonly startWindowMs: number;
  /** Send the remote start only once the connector reports Preparing (1.6) or Occupied (2.x): the cable is in. */
  readonly waitForPreparing: boolean;
  /** Below this energy nothing is charged. */
  readonly minimumEnergyWh: number;
  /** Stripe's minimum charge in the currency: a smaller amount is released instead of captured. */
  readonly minimumChargeMinor: number;
}

/** Input of a paid `chargingSession` (its `ChargingSessionInput.payment`). */
export interface PaidSessionInput {
  /** The driver's unguessable session id (also part of the workflow id). */
  readonly sessionId: string;
  /** The connector number (1.6 connectorId / 2.x EVSE id). */
  readonly evseId: number;
  /** Stripe Checkout's language (`en`, `de`, `auto`). */
  readonly locale: string;
  /** Where Stripe sends the driver back (absolute URLs of the session page). */
  readonly successUrl: string;
  readonly cancelUrl: string;
  readonly settings: PaidSessionSettings;
}

/** What the `startCheckout` update answers: where to send the driver. */
export interface CheckoutStarted {
  readonly checkoutUrl: string;
  readonly sessionId: string;
}

/** Stripe webhook event types the web app turns into {@link paymentNoticeSignal}s. */
export const STRIPE_WEBHOOK_EVENTS = [
  'checkout.session.completed',
  'checkout.session.expired',
  'payment_intent.payment_failed',
  'payment_intent.amount_capturable_updated',
  'payment_intent.canceled',
] as const;

/** A Stripe webhook event type of {@link STRIPE_WEBHOOK_EVENTS}. */
export type StripeWebhookEventType = (typeof STRIPE_WEBHOOK_EVENTS)[number];

/**
 * Something happened on the payment side. The workflow never trusts the notice itself: it re-reads the Checkout
 * Session and the PaymentIntent from Stripe, so a late, repeated or out-of-order notice is harmless.
 */
export type PaymentNotice =
  | { readonly source: 'webhook'; readonly type: StripeWebhookEventType; readonly eventId: string }
  /** The browser came back from Stripe (success or cancel URL). */
  | { readonly source: 'return'; readonly type: 'success' | 'cancel' };

/** Answers the web app's Update-with-start with the Checkout URL once the Checkout Session exists. */
export const startCheckoutUpdate = defineUpdate<CheckoutStarted, []>('startCheckout');

/** A payment notice from the webhook or the browser's return. */
export const paymentNoticeSignal = defineSignal<[PaymentNotice]>('paymentNotice');

/** The driver's Stop button (cancel before the start, remote stop while charging). */
export const driverStopSignal = defineSignal<[]>('driverStop');

/** Why the web app could not start a paid session (`ApplicationFailure` type `PaymentRefused`, `details[0]`). */
export type PaymentRefusedReason =
  | 'PaymentsOff'
  | 'UnknownConnector'
  | 'ChargePointOffline'
  | 'ConnectorBusy'
  | 'ConnectorFaulted'
  | 'ConnectorUnavailable'
  | 'FreeCharging'
  | 'PricingMissing';

/** `ApplicationFailure` type of a refused paid session. */
export const PAYMENT_REFUSED = 'PaymentRefused';

/** What `openPayment` returns: the payment row and the snapshot the session runs on. */
export interface OpenedPayment {
  readonly paymentId: number;
  readonly stationName: string;
  readonly pricing: PricingSnapshot;
  readonly holdMinor: number;
  /** The generated idTag (≤ 20 characters, 1.6's limit) the station's start will carry. */
  readonly idTag: string;
  /** The 2.x `remoteStartId` (the payment's id). */
  readonly remoteStartId: number;
}

/** A Checkout Session as the workflow needs it. */
export interface CheckoutState {
  readonly checkoutSessionId: string;
  readonly url: string | null;
  readonly status: 'open' | 'complete' | 'expired';
  /** Null until the driver confirmed (Stripe creates the PaymentIntent then). */
  readonly paymentIntentId: string | null;
  /** Unix seconds. */
  readonly expiresAt: number;
}

/** A PaymentIntent as the workflow needs it. */
export interface PaymentIntentState {
  readonly paymentIntentId: string;
  /** Stripe's status: only `requires_capture` means the money is held. */
  readonly status: string;
  readonly amountCapturable: number;
  readonly amountReceived: number;
  /** When the hold lapses (the charge's `capture_before`), ISO 8601, or null when Stripe did not say. */
  readonly captureBefore: string | null;
  /** Stripe's message of the last payment error (a decline), if any. */
  readonly lastError: string | null;
}

/** The station and connector as a paid session checks them. */
export interface ConnectorState {
  readonly online: boolean;
  readonly version: OcppVersion | null;
  readonly nodeId: string | null;
  /** Raw OCPP status (`Preparing`, `Available`, `Occupied`, …) or null when never reported. */
  readonly ocppStatus: string | null;
  /** When the connector last reported its status (ISO 8601), or null. */
  readonly statusAt: string | null;
  /** An open transaction on the connector (any session's), or null. */
  readonly openTransactionId: number | null;
}

/** What the payment row records at a step. */
export interface PaymentRecordUpdate {
  readonly status?: PaymentStatus;
  readonly checkoutSessionId?: string;
  readonly checkoutUrl?: string;
  readonly paymentIntentId?: string;
  readonly captureBefore?: string | null;
  readonly authorizedAt?: string;
  readonly failureCode?: PaymentFailureCode;
  readonly failureMessage?: string;
}

/** Result of a capture or cancel, counting Stripe's "already captured / already canceled" as done. */
export interface MoneyMoved {
  readonly status: 'succeeded' | 'canceled' | 'requires_capture' | string;
  readonly capturedMinor: number;
}

/** Activities of a paid session (worker; Stripe calls carry idempotency keys from the workflow id and step). */
export interface PaymentActivities {
  /**
   * Creates the payment holding the connector (the DB allows one active per connector) with the pricing snapshot and
   * the hold; refuses with `ApplicationFailure` {@link PAYMENT_REFUSED} and a {@link PaymentRefusedReason}.
   */
  openPayment(input: {
    workflowId: string;
    sessionId: string;
    chargePointId: string;
    evseId: number;
    settings: PaidSessionSettings;
  }): Promise<OpenedPayment>;
  /** Creates the Checkout Session (manual capture, 30 minutes) and records it on the payment. */
  createCheckout(input: {
    workflowId: string;
    paymentId: number;
    sessionId: string;
    chargePointId: string;
    evseId: number;
    stationName: string;
    currency: string;
    holdMinor: number;
    locale: string;
    successUrl: string;
    cancelUrl: string;
    /**
     * Unix seconds, ≥ 30 minutes ahead (Stripe's minimum); fixed by the workflow so a retried attempt sends the very
     * parameters of the first (Stripe refuses a reused idempotency key with other parameters).
     */
    expiresAt: number;
  }): Promise<CheckoutState>;
  readCheckout(input: { checkoutSessionId: string }): Promise<CheckoutState>;
  /** Expires an open Checkout Session; an expired or completed one is answered as it is. */
  expireCheckout(input: { checkoutSessionId: string }): Promise<CheckoutState>;
  readPaymentIntent(input: { paymentIntentId: string }): Promise<PaymentIntentState>;
  /** Captures `amountMinor` (idempotency key with the amount); an already captured intent counts as done. */
  capturePayment(input: { workflowId: string; paymentIntentId: string; amountMinor: number }): Promise<MoneyMoved>;
  /** Cancels the intent (releases the hold); an already canceled one counts as done. */
  cancelPayment(input: { workflowId: string; paymentIntentId: string }): Promise<MoneyMoved>;
  recordPayment(input: { paymentId: number; update: PaymentRecordUpdate }): Promise<void>;
  /** Records the session intent the gateway matches the station's start against. */
  createIntent(input: {
    workflowId: string;
    chargePointId: string;
    evseId: number;
    idTag: string;
    remoteStartId: number;
    maxEnergyWh: number | null;
    deadline: string;
  }): Promise<void>;
  /** Withdraws the intent; returns the transaction when the station's start won the race. */
  withdrawIntent(input: { workflowId: string }): Promise<{ matchedTransactionId: number | null }>;
  readConnector(input: { chargePointId: string; evseId: number }): Promise<ConnectorState>;
  /** Links the started transaction to the payment and sets its maximum energy (the gateway raises `limitReached`). */
  linkPaidTransaction(input: { transactionId: number; paymentId: number; maxEnergyWh: number | null }): Promise<void>;
  /** The cost of the session by the snapshot, from the transaction's energy and times; `unpluggedAt` ends idle time. */
  computeSettlement(input: {
    transactionId: number;
    pricing: PricingSnapshot;
    holdMinor: number;
    settings: PaidSessionSettings;
    unpluggedAt: string | null;
  }): Promise<Settlement>;
  /** Records the final state on the payment (freeing the connector) and the cost on the transaction. */
  recordSettlement(input: {
    paymentId: number;
    transactionId: number | null;
    status: PaymentStatus;
    settlement: Settlement | null;
    failureCode?: PaymentFailureCode;
    failureMessage?: string;
  }): Promise<void>;
}

/** Workflow type of an admin's refund. */
export const REFUND_PAYMENT_WORKFLOW = 'refundPayment';

/** Input of `refundPayment`. */
export interface RefundPaymentInput {
  readonly paymentId: number;
  /** Fixed by the caller (what is left when the admin gave no amount), so every attempt sends the same request. */
  readonly amountMinor: number;
  readonly requestedBy: string;
  /** Unique per request (part of the workflow id and the idempotency key). */
  readonly refundId: string;
}

/** Activities of `refundPayment`. */
export interface RefundActivities {
  /**
   * Refunds through Stripe (idempotency key from the refund id), then records the PaymentIntent's refunded total as
   * Stripe reports it (so a retry after a crash records the same); returns it. Refuses (`NotRefundable`,
   * `InvalidRefundAmount`) for good.
   */
  refundPayment(input: RefundPaymentInput): Promise<{ refundedMinor: number }>;
}

/** `refund/<paymentId>/<refundId>`. */
export function refundWorkflowId(paymentId: number, refundId: string): string {
  return `refund/${paymentId}/${encodeURIComponent(refundId)}`;
}

/** `session/<chargePointId>/paid-<sessionId>`: the workflow of a paid session. */
export function paidSessionKey(sessionId: string): string {
  return `paid-${sessionId}`;
}
