import { condition, log } from '@temporalio/workflow';
import { PaymentFailureCode, type ConnectorState, type OpenedPayment } from '@csms/temporal';
import { db } from './paid-activities.ts';
import type { PaidRun } from './paid-session.ts';
import { remoteStart, type CallOutcome } from './station-calls.ts';

/** How the start of a paid session went. */
export type StartOutcome =
  | { readonly kind: 'started'; readonly transactionId: number }
  | { readonly kind: 'failed'; readonly code: PaymentFailureCode; readonly message: string };

/** How often the connector is read while the session waits for the cable. */
const PLUG_POLL_MS = 3000;

/** 1.6 `Preparing`, 2.x `Occupied`: the cable is in. */
const PLUGGED = new Set(['Preparing', 'Occupied']);

function failed(code: PaymentFailureCode, message: string): StartOutcome {
  return { kind: 'failed', code, message };
}

/**
 * From the held payment to the station's start: records the session intent (the gateway accepts the generated tag
 * only for this connector and this session), optionally waits for the cable, sends the remote start and waits for
 * the station's `started` event, all within the start window. Giving up withdraws the intent first: when the station's
 * start won that race, the session goes on as started instead.
 */
export async function startCharging(run: PaidRun, opened: OpenedPayment): Promise<StartOutcome> {
  const { payment } = run;
  const deadline = Date.now() + payment.settings.startWindowMs;
  const startedId = () => (run.state.phase !== 'awaitingStart' ? run.state.transactionId : null);
  await db.createIntent({
    workflowId: run.workflowId,
    chargePointId: run.chargePointId,
    evseId: payment.evseId,
    idTag: opened.idTag,
    remoteStartId: opened.remoteStartId,
    maxEnergyWh: opened.pricing.maxEnergyWh,
    deadline: new Date(deadline).toISOString(),
  });

  /** Withdraws the intent; a start that arrived meanwhile wins over `failure`. */
  const giveUp = async (failure: StartOutcome): Promise<StartOutcome> => {
    const { matchedTransactionId } = await db.withdrawIntent({ workflowId: run.workflowId });
    if (matchedTransactionId !== null) return { kind: 'started', transactionId: matchedTransactionId };
    return failure;
  };

  let connector: ConnectorState = await db.readConnector({ chargePointId: run.chargePointId, evseId: payment.evseId });
  if (payment.settings.waitForPreparing) {
    while (!(connector.ocppStatus !== null && PLUGGED.has(connector.ocppStatus))) {
      if (connector.openTransactionId !== null) return giveUp(failed(PaymentFailureCode.ConnectorTaken, 'another session took the connector'));
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        return giveUp(
          connector.online
            ? failed(PaymentFailureCode.NotPluggedIn, 'the car was not plugged in within the start window')
            : failed(PaymentFailureCode.StationOffline, 'the station is offline'),
        );
      }
      if (await condition(() => run.stopRequested, Math.min(PLUG_POLL_MS, remaining))) {
        return giveUp(failed(PaymentFailureCode.StoppedBeforeStart, 'the driver stopped before charging began'));
      }
      connector = await db.readConnector({ chargePointId: run.chargePointId, evseId: payment.evseId });
    }
  }
  if (run.stopRequested) return giveUp(failed(PaymentFailureCode.StoppedBeforeStart, 'the driver stopped before charging began'));
  if (!connector.online || !connector.nodeId || !connector.version) {
    return giveUp(failed(PaymentFailureCode.StationOffline, 'the station is offline'));
  }
  if (connector.openTransactionId !== null) return giveUp(failed(PaymentFailureCode.ConnectorTaken, 'another session took the connector'));

  await db.recordPayment({ paymentId: opened.paymentId, update: { status: 'Starting' } });
  const answer: CallOutcome = await remoteStart({
    chargePointId: run.chargePointId,
    nodeId: connector.nodeId,
    version: connector.version,
    evseId: payment.evseId,
    idTag: opened.idTag,
    remoteStartId: opened.remoteStartId,
  });
  log.info('remote start answered', { answer });
  if (answer === 'rejected') return giveUp(failed(PaymentFailureCode.StartRejected, 'the station rejected the remote start'));
  if (answer === 'offline') return giveUp(failed(PaymentFailureCode.StationOffline, 'the station is offline'));

  // accepted, or unanswered (the station may still start): wait for its start within the window
  const arrived = await condition(() => startedId() !== null || run.stopRequested, Math.max(deadline - Date.now(), 1));
  const id = startedId();
  if (id !== null) return { kind: 'started', transactionId: id };
  if (arrived && run.stopRequested) return giveUp(failed(PaymentFailureCode.StoppedBeforeStart, 'the driver stopped before charging began'));
  return giveUp(
    answer === 'timeout'
      ? failed(PaymentFailureCode.StartTimeout, 'the station did not answer the remote start')
      : failed(PaymentFailureCode.NoStartInWindow, 'the station did not start within the start window'),
  );
}
