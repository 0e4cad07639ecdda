import { allHandlersFinished, ApplicationFailure, condition, log, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  driverStopSignal,
  PAYMENT_REFUSED,
  PaymentFailureCode,
  paymentNoticeSignal,
  sessionEventSignal,
  sessionStateQuery,
  startCheckoutUpdate,
  type ChargingSessionInput,
  type ChargingSessionState,
  type CheckoutStarted,
  type OpenedPayment,
  type PaidSessionInput,
  type PaymentNotice,
  type PaymentStatus,
  type Settlement,
} from '@csms/temporal';
import { chargeAndSettle } from './paid-charging.ts';
import { db, money, stripe } from './paid-activities.ts';
import { waitForPayment } from './payment-wait.ts';
import { applyEvent, initialState } from './session-state.ts';
import { startCharging, type StartOutcome } from './paid-start.ts';

/** Everything the paid session's handlers and steps share; plain data. */
export interface PaidRun {
  readonly workflowId: string;
  readonly chargePointId: string;
  readonly payment: PaidSessionInput;
  readonly staleGraceMs: number;
  state: ChargingSessionState;
  notices: PaymentNotice[];
  stopRequested: boolean;
  limitReached: boolean;
}

/** A zero-cost settlement: the whole hold goes back to the card. */
export function released(holdMinor: number): Settlement {
  const breakdown = { energyWh: 0, energyMinor: 0, sessionFeeMinor: 0, billedMinutes: 0, timeFeeMinor: 0, totalMinor: 0, belowMinimumEnergy: false };
  return { breakdown, holdMinor, capturedMinor: 0, releasedMinor: holdMinor, belowMinimumCharge: false };
}

function refusalOf(error: unknown): ApplicationFailure {
  const cause = (error as { cause?: unknown })?.cause;
  if (cause instanceof ApplicationFailure && cause.type === PAYMENT_REFUSED) {
    return ApplicationFailure.nonRetryable(cause.message, PAYMENT_REFUSED, ...(cause.details ?? []));
  }
  return ApplicationFailure.nonRetryable('the payment could not be started', 'PaymentProviderError');
}

/**
 * A paid charging session (DESIGN.md §3 "Paid session", issue 13): one run owns the money from the hold to the
 * settlement. Payment row (one active per connector) → Checkout Session (answered to the web app's
 * Update-with-start) → the driver pays → PaymentIntent re-read as `requires_capture` → optional wait for the cable →
 * remote start with the generated tag → charging with the maximum energy enforced → stop → cost → capture
 * min(cost, hold) or release. Every failure ends with nothing charged that was not owed and a failure code.
 */
export async function paidSession(input: ChargingSessionInput & { payment: PaidSessionInput }): Promise<ChargingSessionState> {
  const run: PaidRun = {
    workflowId: workflowInfo().workflowId,
    chargePointId: input.chargePointId,
    payment: input.payment,
    staleGraceMs: input.staleGraceMs ?? 10 * 60 * 1000,
    state: initialState(null),
    notices: [],
    stopRequested: false,
    limitReached: false,
  };
  let checkout: CheckoutStarted | null = null;
  let refused: ApplicationFailure | null = null;

  setHandler(startCheckoutUpdate, async () => {
    await condition(() => checkout !== null || refused !== null);
    if (refused) throw refused;
    return checkout!;
  });
  setHandler(paymentNoticeSignal, (notice) => {
    run.notices.push(notice);
  });
  setHandler(driverStopSignal, () => {
    run.stopRequested = true;
  });
  // events of a paid session come in seq order from one relay; older or repeated ones are ignored
  setHandler(sessionEventSignal, (event) => {
    if (event.seq <= run.state.lastSeq) return;
    if (event.type === 'limitReached') run.limitReached = true;
    run.state = applyEvent(run.state, event).state;
  });
  setHandler(sessionStateQuery, () => run.state);

  const finish = async (): Promise<ChargingSessionState> => {
    await condition(allHandlersFinished);
    return run.state;
  };

  let opened: OpenedPayment;
  try {
    opened = await db.openPayment({
      workflowId: run.workflowId,
      sessionId: input.payment.sessionId,
      chargePointId: input.chargePointId,
      evseId: input.payment.evseId,
      settings: input.payment.settings,
    });
  } catch (error) {
    refused = refusalOf(error);
    log.info('paid session refused', { reason: refused.details?.[0] ?? refused.type });
    return finish();
  }

  const end = async (status: PaymentStatus, code: PaymentFailureCode, message: string, settlement: Settlement | null, transactionId: number | null = null) => {
    await db.recordSettlement({ paymentId: opened.paymentId, transactionId, status, settlement, failureCode: code, failureMessage: message });
    log.info('paid session ended', { status, code });
  };

  let checkoutState;
  try {
    checkoutState = await stripe.createCheckout({
      workflowId: run.workflowId,
      paymentId: opened.paymentId,
      sessionId: input.payment.sessionId,
      chargePointId: input.chargePointId,
      evseId: input.payment.evseId,
      stationName: opened.stationName,
      currency: opened.pricing.currency,
      holdMinor: opened.holdMinor,
      locale: input.payment.locale,
      successUrl: input.payment.successUrl,
      cancelUrl: input.payment.cancelUrl,
      // Stripe's minimum of 30 minutes, plus a minute for clocks; fixed here so retries send the same parameters
      expiresAt: Math.floor(Date.now() / 1000) + 31 * 60,
    });
  } catch (error) {
    refused = refusalOf(error);
    await end('Failed', PaymentFailureCode.ProviderError, 'Stripe did not create the Checkout Session', null);
    return finish();
  }
  checkout = { checkoutUrl: checkoutState.url ?? '', sessionId: input.payment.sessionId };

  const paid = await waitForPayment({ checkout: checkoutState, notices: run.notices, cancelRequested: () => run.stopRequested });
  if (paid.kind === 'ended') {
    if (paid.intentToCancel) await money.cancelPayment({ workflowId: run.workflowId, paymentIntentId: paid.intentToCancel });
    const status = paid.code === PaymentFailureCode.CheckoutCancelled ? 'Cancelled' : 'Failed';
    await end(status, paid.code, paid.message, null);
    return finish();
  }

  const intent = paid.intent;
  await db.recordPayment({
    paymentId: opened.paymentId,
    update: {
      status: 'Authorized',
      paymentIntentId: intent.paymentIntentId,
      captureBefore: intent.captureBefore,
      authorizedAt: new Date().toISOString(),
    },
  });
  // card holds lapse after about seven days: settle well before, whatever the station does
  const holdEndsAt = intent.captureBefore ? Date.parse(intent.captureBefore) : Date.now() + 7 * 24 * 3600 * 1000;
  const settleBy = holdEndsAt - 6 * 3600 * 1000;

  const release = async (status: PaymentStatus, code: PaymentFailureCode, message: string) => {
    await money.cancelPayment({ workflowId: run.workflowId, paymentIntentId: intent.paymentIntentId });
    await end(status, code, message, released(opened.holdMinor));
    return finish();
  };

  const started: StartOutcome = await startCharging(run, opened);
  if (started.kind === 'failed') {
    return release(started.code === PaymentFailureCode.StoppedBeforeStart ? 'Cancelled' : 'Failed', started.code, started.message);
  }
  await chargeAndSettle(run, opened, { transactionId: started.transactionId, paymentIntentId: intent.paymentIntentId, settleBy });
  return finish();
}
