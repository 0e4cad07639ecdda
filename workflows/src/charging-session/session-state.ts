import { StaleSessionReason, type ChargingSessionState, type SessionEvent } from '@csms/temporal';

/** The state after an event, and whether the session is over. */
export interface Applied {
  readonly state: ChargingSessionState;
  readonly done: boolean;
}

/** The state of a session before any event. */
export function initialState(transactionId: number | null): ChargingSessionState {
  return {
    phase: 'awaitingStart',
    lastSeq: 0,
    transactionId,
    meterStartWh: null,
    lastMeterWh: null,
    stopReason: null,
    staleSince: null,
    pending: [],
  };
}

/**
 * Applies one event, pure and deterministic. A stop in any phase ends the session (a stop can arrive for a start the
 * system never saw); a reboot or an available connector marks the session stale, which the next event clears.
 */
export function applyEvent(state: ChargingSessionState, event: SessionEvent): Applied {
  const base = {
    ...state,
    lastSeq: event.seq,
    transactionId: state.transactionId ?? event.payload.transactionId,
  };
  const meterWh = typeof event.payload.meterWh === 'number' ? event.payload.meterWh : null;
  switch (event.type) {
    case 'started':
      return {
        state: { ...base, phase: 'charging', meterStartWh: meterWh ?? base.meterStartWh, lastMeterWh: meterWh ?? base.lastMeterWh, staleSince: null, stopReason: null },
        done: false,
      };
    case 'meter':
    case 'limitReached':
      return {
        state: { ...base, phase: base.phase === 'awaitingStart' ? 'charging' : base.phase, lastMeterWh: meterWh ?? base.lastMeterWh, staleSince: null, stopReason: null },
        done: false,
      };
    case 'stopped':
      return {
        state: { ...base, phase: 'stopped', lastMeterWh: meterWh ?? base.lastMeterWh, stopReason: event.payload.reason ?? 'Stopped', staleSince: null },
        done: true,
      };
    case 'stationRebooted':
      return { state: { ...base, staleSince: event.occurredAt, stopReason: StaleSessionReason.StationRebooted }, done: false };
    case 'handedOver':
      // the transaction goes on in a paid session's workflow; this one has nothing more to watch
      return { state: { ...base, phase: 'closed', stopReason: 'HandedOver', staleSince: null }, done: true };
    case 'connectorAvailable':
      return { state: { ...base, staleSince: event.occurredAt, stopReason: StaleSessionReason.ConnectorAvailable }, done: false };
  }
}
