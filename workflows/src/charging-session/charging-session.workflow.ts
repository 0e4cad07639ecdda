import {
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  sessionEventSignal,
  sessionStateQuery,
  StaleSessionReason,
  type ChargingSessionActivities,
  type ChargingSessionInput,
  type ChargingSessionState,
  type SessionEvent,
} from '@csms/temporal';
import { askStation } from './ask-station.ts';
import { paidSession } from './paid-session.ts';
import { applyEvent, initialState, type Applied } from './session-state.ts';

/** Database activities: idempotent, so retried freely. */
const activities = proxyActivities<ChargingSessionActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** How long a stale session waits for the station's queued stop. */
const DEFAULT_STALE_GRACE_MS = 10 * 60 * 1000;

/**
 * The durable life of one charging session (DESIGN.md §3): begun by the station's start (or by whichever of its
 * events arrives first), meter readings applied, completed by the stop. A session the station leaves open (reboot,
 * connector available) is closed with a clear reason after a grace period, so nothing stays open forever.
 *
 * Events arrive by signal from the outbox relay, in `seq` order per session; duplicates and anything at or below the
 * last applied `seq` are ignored, gaps are tolerated.
 */
export async function chargingSession(input: ChargingSessionInput): Promise<ChargingSessionState> {
  // only the web app starts paid sessions, with this input; recorded unpaid histories never take this branch
  if (input.payment) return paidSession({ ...input, payment: input.payment });
  let state: ChargingSessionState = input.state ?? initialState(input.transactionId ?? null);
  const pending: SessionEvent[] = [...state.pending];
  const graceMs = input.staleGraceMs ?? DEFAULT_STALE_GRACE_MS;
  const { workflowId } = workflowInfo();
  let linked = input.state !== undefined && state.transactionId !== null;
  /** Whether the station already said its stop is queued during this stale period (it gets one more grace). */
  let queuedStopAnnounced = false;

  setHandler(sessionEventSignal, (event) => {
    if (event.seq <= state.lastSeq || pending.some((queued) => queued.seq === event.seq)) return;
    pending.push(event);
    pending.sort((a, b) => a.seq - b.seq);
  });
  setHandler(sessionStateQuery, () => ({ ...state, pending: [...pending] }));

  for (;;) {
    if (pending.length === 0) {
      const stale = state.staleSince !== null;
      const arrived = await condition(() => pending.length > 0, stale ? graceMs : undefined);
      if (!arrived && stale) {
        // 2.x: before closing, ask the station (GetTransactionStatus); added after sessions were recorded, so patched
        if (patched('ask-station-before-closing') && state.transactionId !== null) {
          const answer = await askStation(state.transactionId);
          if (answer === 'ongoing') {
            log.info('station reports the transaction ongoing; session kept open', { workflowId });
            state = { ...state, staleSince: null, stopReason: null };
            continue;
          }
          // the stop is still in the station's queue: give it one more grace period
          if (answer === 'queued' && !queuedStopAnnounced) {
            queuedStopAnnounced = true;
            continue;
          }
        }
        const reason = state.stopReason ?? StaleSessionReason.StationRebooted;
        if (state.transactionId !== null) {
          await activities.closeStaleSession({ transactionId: state.transactionId, reason, at: new Date().toISOString() });
        }
        log.warn('session closed without a stop from the station', { workflowId, reason });
        return { ...state, phase: 'closed', stopReason: reason, pending: [] };
      }
    }

    const event = pending.shift();
    if (!event) continue;
    const applied: Applied = applyEvent(state, event);
    state = applied.state;
    if (state.staleSince === null) queuedStopAnnounced = false;
    if (!linked && state.transactionId !== null) {
      // the gateway links the workflow in the start's own DB transaction; runs recorded before that still call it
      if (!patched('gateway-links-workflow')) await activities.linkSessionWorkflow({ transactionId: state.transactionId, workflowId });
      linked = true;
    }
    if (applied.done) return { ...state, pending: [] };

    if (pending.length === 0 && workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof chargingSession>({ ...input, state: { ...state, pending: [] } });
    }
  }
}
