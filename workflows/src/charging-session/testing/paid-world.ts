import { ApplicationFailure } from '@temporalio/common';
import {
  costOf,
  FailureType,
  PAYMENT_REFUSED,
  settle,
  type CallChargePointInput,
  type ChargingSessionActivities,
  type ConnectorState,
  type PaymentActivities,
  type PaymentRecordUpdate,
  type PaymentStatus,
  type PricingSnapshot,
  type Settlement,
} from '@csms/temporal';

/** The station's answer to the next remote start or stop. */
export type StationAnswer = 'Accepted' | 'Rejected' | 'offline' | 'timeout';

/**
 * A fake of everything a paid session talks to (payment row, Stripe, session intent, connector, transaction, the
 * gateway), with Stripe's rules where they matter: a capture is idempotent by its key, a second capture or a cancel of
 * a settled intent is "already done", only `requires_capture` is held. Tests drive it and read what happened.
 */
export function createPaidWorld(pricing: PricingSnapshot, holdMinor: number) {
  const world = {
    refuse: null as string | null,
    checkoutFails: false,
    payment: { status: 'PendingPayment' as PaymentStatus, failureCode: null as string | null, settlement: null as Settlement | null, captureBefore: null as string | null },
    checkout: { status: 'open' as 'open' | 'complete' | 'expired', paymentIntentId: null as string | null, expiresAt: 0 },
    intent: { status: 'none', lastError: null as string | null, captureBefore: null as string | null },
    captures: [] as { amount: number; key: string }[],
    captureKeys: new Set<string>(),
    cancels: 0,
    expires: 0,
    captureFailuresLeft: 0,
    sessionIntent: { state: 'none' as 'none' | 'Pending' | 'Matched' | 'Cancelled', transactionId: null as number | null, idTag: '' },
    connector: { online: true, version: '1.6', nodeId: 'node-1', ocppStatus: 'Preparing', statusAt: null, openTransactionId: null } as {
      -readonly [K in keyof ConnectorState]: ConnectorState[K];
    },
    tx: { id: 42, startedAt: new Date(0), stoppedAt: null as Date | null, meterStartWh: 0, lastMeterWh: 0, meterStopWh: null as number | null, closedReason: null as string | null },
    calls: [] as CallChargePointInput[],
    startAnswer: 'Accepted' as StationAnswer,
    stopAnswer: 'Accepted' as StationAnswer,
    /** Called after an accepted remote start (tests make the station start). */
    onRemoteStart: (() => undefined) as () => void,
    linked: null as { maxEnergyWh: number | null } | null,
  };

  /** The driver pays on Stripe's page: the intent is held. */
  const pay = () => {
    world.checkout.status = 'complete';
    world.checkout.paymentIntentId = 'pi_1';
    world.intent.status = 'requires_capture';
    world.intent.captureBefore = world.intent.captureBefore ?? new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
  };

  const moneyMoved = () => ({
    status: world.intent.status,
    capturedMinor: world.captures.reduce((sum, c) => sum + c.amount, 0),
  });

  const activities: PaymentActivities = {
    async openPayment() {
      if (world.refuse) throw ApplicationFailure.nonRetryable('refused', PAYMENT_REFUSED, world.refuse);
      return { paymentId: 7, stationName: 'Station', pricing, holdMinor, idTag: 'PAY0123456789ABCDEFG', remoteStartId: 7 };
    },
    async createCheckout(input) {
      if (world.checkoutFails) throw ApplicationFailure.nonRetryable('Stripe refused', 'StripeRejected');
      world.checkout.expiresAt = input.expiresAt;
      return { checkoutSessionId: 'cs_1', url: 'https://stripe.test/cs_1', status: 'open', paymentIntentId: null, expiresAt: input.expiresAt };
    },
    async readCheckout() {
      return { checkoutSessionId: 'cs_1', url: null, ...world.checkout };
    },
    async expireCheckout() {
      world.expires += 1;
      if (world.checkout.status === 'open') world.checkout.status = 'expired';
      return { checkoutSessionId: 'cs_1', url: null, ...world.checkout };
    },
    async readPaymentIntent() {
      return { paymentIntentId: 'pi_1', status: world.intent.status, amountCapturable: holdMinor, amountReceived: 0, captureBefore: world.intent.captureBefore, lastError: world.intent.lastError };
    },
    async capturePayment({ workflowId, amountMinor }) {
      if (world.captureFailuresLeft > 0) {
        world.captureFailuresLeft -= 1;
        throw new Error('Stripe timed out');
      }
      const key = `${workflowId}:capture:${amountMinor}`;
      if (world.captureKeys.has(key) || world.intent.status !== 'requires_capture') return moneyMoved();
      world.captureKeys.add(key);
      world.captures.push({ amount: amountMinor, key });
      world.intent.status = 'succeeded';
      return moneyMoved();
    },
    async cancelPayment() {
      if (world.intent.status === 'requires_capture') {
        world.cancels += 1;
        world.intent.status = 'canceled';
      }
      return moneyMoved();
    },
    async recordPayment({ update }: { paymentId: number; update: PaymentRecordUpdate }) {
      if (update.status) world.payment.status = update.status;
      if (update.captureBefore !== undefined) world.payment.captureBefore = update.captureBefore;
    },
    async createIntent({ idTag }) {
      world.sessionIntent = { state: 'Pending', transactionId: null, idTag };
    },
    async withdrawIntent() {
      if (world.sessionIntent.state === 'Pending') world.sessionIntent.state = 'Cancelled';
      return { matchedTransactionId: world.sessionIntent.state === 'Matched' ? world.sessionIntent.transactionId : null };
    },
    async readConnector() {
      return { ...world.connector };
    },
    async linkPaidTransaction({ maxEnergyWh }) {
      world.linked = { maxEnergyWh };
    },
    async computeSettlement({ pricing: snapshot, holdMinor: hold, settings, unpluggedAt }) {
      const last = world.tx.meterStopWh ?? world.tx.lastMeterWh;
      const breakdown = costOf(
        snapshot,
        {
          energyWh: last - world.tx.meterStartWh,
          startedAt: world.tx.startedAt,
          stoppedAt: world.tx.stoppedAt ?? new Date(),
          unpluggedAt: unpluggedAt ? new Date(unpluggedAt) : null,
        },
        settings.minimumEnergyWh,
      );
      return settle(breakdown, hold, settings.minimumChargeMinor);
    },
    async recordSettlement({ status, settlement, failureCode }) {
      world.payment.status = status;
      world.payment.settlement = settlement;
      world.payment.failureCode = failureCode ?? null;
    },
  };

  const sessionActivities: ChargingSessionActivities = {
    async linkSessionWorkflow() {},
    async closeStaleSession({ reason }) {
      world.tx.closedReason = reason;
      return true;
    },
    async describeSessionStation() {
      return { chargePointId: 'CP1', version: '1.6', nodeId: world.connector.online ? world.connector.nodeId : null, externalId: null };
    },
  };

  const answer = (kind: StationAnswer) => {
    if (kind === 'offline') throw ApplicationFailure.nonRetryable('offline', FailureType.ChargePointOffline);
    if (kind === 'timeout') throw ApplicationFailure.nonRetryable('timeout', FailureType.ChargePointTimeout);
    return { payload: { status: kind } };
  };
  const gateway = {
    async callChargePoint(input: CallChargePointInput) {
      world.calls.push(input);
      if (input.action === 'RemoteStartTransaction' || input.action === 'RequestStartTransaction') {
        const result = answer(world.startAnswer);
        if (world.startAnswer === 'Accepted') setTimeout(() => world.onRemoteStart(), 10);
        return result;
      }
      return answer(world.stopAnswer);
    },
  };

  return { world, pay, activities: { ...activities, ...sessionActivities }, gateway };
}
