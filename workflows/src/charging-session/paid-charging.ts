import { condition, log } from '@temporalio/workflow';
import { PaymentFailureCode, StaleSessionReason, type OpenedPayment, type PaymentStatus, type Settlement } from '@csms/temporal';
import { db, money, session } from './paid-activities.ts';
import type { PaidRun } from './paid-session.ts';
import { remoteStop } from './station-calls.ts';

/** A stop asked for and not seen is asked again after this long (at most {@link MAX_STOP_REQUESTS} times). */
const STOP_RETRY_MS = 2 * 60 * 1000;
const MAX_STOP_REQUESTS = 3;
/** How often the connector is read while an idle fee waits for the unplug. */
const UNPLUG_POLL_MS = 30 * 1000;

/** What the charging phase needs beyond the run. */
export interface ChargingContext {
  readonly transactionId: number;
  readonly paymentIntentId: string;
  /** Settle by then, whatever the station does (the card's hold lapses a while later). */
  readonly settleBy: number;
}

async function askToStop(run: PaidRun, transactionId: number): Promise<void> {
  const station = await session.describeSessionStation({ transactionId });
  if (!station || !station.nodeId || !station.version) {
    log.warn('cannot ask the station to stop: offline or transaction gone', { transactionId });
    return;
  }
  const answer = await remoteStop({ chargePointId: run.chargePointId, nodeId: station.nodeId, version: station.version, transactionId, externalId: station.externalId });
  log.info('remote stop answered', { answer });
}

/**
 * Charging until the stop, then the settlement. The maximum energy (`limitReached`), the driver's Stop and the
 * approaching end of the hold stop the session remotely; a station that leaves the session open (reboot, connector
 * available) is closed after the grace period and settled on its last reading. With an idle fee, capture waits until
 * the cable is unplugged (connector `Available`), at most until the fee's cap is reached.
 */
export async function chargeAndSettle(run: PaidRun, opened: OpenedPayment, context: ChargingContext): Promise<void> {
  const { transactionId } = context;
  await db.linkPaidTransaction({ transactionId, paymentId: opened.paymentId, maxEnergyWh: opened.pricing.maxEnergyWh });
  await db.recordPayment({ paymentId: opened.paymentId, update: { status: 'Charging' } });

  let stopRequests = 0;
  let lastRequestAt = 0;
  let closedWithoutStop = false;
  const stopped = () => run.state.phase === 'stopped';
  const wantsStop = () => run.stopRequested || run.limitReached || Date.now() >= context.settleBy;

  while (!stopped()) {
    if (wantsStop() && stopRequests < MAX_STOP_REQUESTS && Date.now() - lastRequestAt >= STOP_RETRY_MS) {
      stopRequests += 1;
      lastRequestAt = Date.now();
      await askToStop(run, transactionId);
      continue;
    }
    const staleSince = run.state.staleSince;
    // after a stale report, or after the last unanswered stop request, the grace period runs; then we close it
    const graceEnds = [
      ...(staleSince !== null ? [Date.parse(staleSince) + run.staleGraceMs] : []),
      ...(stopRequests >= MAX_STOP_REQUESTS ? [lastRequestAt + run.staleGraceMs] : []),
    ];
    if (graceEnds.some((end) => Date.now() >= end)) {
      const reason = staleSince !== null ? (run.state.stopReason ?? StaleSessionReason.StationRebooted) : StaleSessionReason.NoStopAfterRemoteStop;
      await session.closeStaleSession({ transactionId, reason, at: new Date().toISOString() });
      run.state = { ...run.state, phase: 'closed', stopReason: reason };
      closedWithoutStop = true;
      break;
    }
    // wake at the next deadline still ahead (the settle deadline, the next stop request, a grace period's end)
    const deadlines = [...graceEnds, ...(Date.now() < context.settleBy ? [context.settleBy] : [])];
    if (wantsStop() && stopRequests < MAX_STOP_REQUESTS) deadlines.push(lastRequestAt + STOP_RETRY_MS);
    const wait = deadlines.length > 0 ? Math.max(Math.min(...deadlines) - Date.now(), 1) : undefined;
    const before = { stop: run.stopRequested, limit: run.limitReached, stale: staleSince };
    await condition(
      () => stopped() || run.stopRequested !== before.stop || run.limitReached !== before.limit || run.state.staleSince !== before.stale,
      wait,
    );
  }
  log.info('paid session stopped', { transactionId, reason: run.state.stopReason, closedWithoutStop });
  await db.recordPayment({ paymentId: opened.paymentId, update: { status: 'Settling' } });

  const unpluggedAt = await waitForUnplug(run, opened, context);
  const settlement = await db.computeSettlement({
    transactionId,
    pricing: opened.pricing,
    holdMinor: opened.holdMinor,
    settings: run.payment.settings,
    unpluggedAt,
  });
  await settleMoney(run, opened, context, settlement);
}

/** With an idle fee: the time the cable came out (or the fee's cap, or the settle deadline); else null. */
async function waitForUnplug(run: PaidRun, opened: OpenedPayment, context: ChargingContext): Promise<string | null> {
  const { pricing } = opened;
  if (pricing.usageFeeFrom !== 'chargingEnd' || pricing.usageFeePerMinuteMinor <= 0) return null;
  const stoppedAt = Date.now();
  // past the free minutes and the cap the fee cannot grow: no reason to wait longer
  const capAt = stoppedAt + (pricing.freeMinutes + (pricing.maxBillableMinutes ?? 0)) * 60_000;
  const until = Math.min(capAt, context.settleBy);
  for (;;) {
    const connector = await db.readConnector({ chargePointId: run.chargePointId, evseId: run.payment.evseId });
    if (connector.ocppStatus === 'Available') return connector.statusAt ?? new Date().toISOString();
    const remaining = until - Date.now();
    if (remaining <= 0) return new Date(until).toISOString();
    await condition(() => false, Math.min(UNPLUG_POLL_MS, remaining));
  }
}

/** Captures min(cost, hold), or releases the hold when nothing (or less than Stripe's minimum) is owed. */
async function settleMoney(run: PaidRun, opened: OpenedPayment, context: ChargingContext, settlement: Settlement): Promise<void> {
  const { workflowId } = run;
  let status: PaymentStatus;
  let final = settlement;
  let failureCode: PaymentFailureCode | undefined;
  if (settlement.capturedMinor > 0) {
    const moved = await money.capturePayment({ workflowId, paymentIntentId: context.paymentIntentId, amountMinor: settlement.capturedMinor });
    if (moved.status === 'succeeded') {
      status = 'Captured';
      final = { ...settlement, capturedMinor: moved.capturedMinor, releasedMinor: settlement.holdMinor - moved.capturedMinor };
    } else {
      // the hold was cancelled or lapsed before the capture: nothing could be taken
      status = 'Failed';
      failureCode = PaymentFailureCode.HoldCancelled;
      final = { ...settlement, capturedMinor: 0, releasedMinor: settlement.holdMinor };
    }
  } else {
    await money.cancelPayment({ workflowId, paymentIntentId: context.paymentIntentId });
    status = 'Released';
  }
  await db.recordSettlement({
    paymentId: opened.paymentId,
    transactionId: context.transactionId,
    status,
    settlement: final,
    ...(failureCode ? { failureCode, failureMessage: 'the hold was cancelled before the capture' } : {}),
  });
  log.info('paid session settled', { status, capturedMinor: final.capturedMinor, releasedMinor: final.releasedMinor });
}
