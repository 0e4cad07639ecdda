import { defineQuery, defineSignal } from '@temporalio/workflow';

/** Workflow type of a charging session (DESIGN.md §3). */
export const CHARGING_SESSION_WORKFLOW = 'chargingSession';

/** What the gateway's outbox tells a session about. */
export type SessionEventType = 'started' | 'meter' | 'stopped' | 'limitReached' | 'stationRebooted' | 'connectorAvailable';

/**
 * One outbox event, delivered by the relay with `signalWithStart`. `seq` is allocated per session in the same DB
 * transaction as the event, so the workflow can apply events in order and ignore anything at or below the last `seq`.
 */
export interface SessionEvent {
  /** The outbox row's id: unique, used for de-duplication. */
  readonly eventId: string;
  readonly seq: number;
  readonly type: SessionEventType;
  /** When the station says it happened (UTC, ISO 8601). */
  readonly occurredAt: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** Input of `chargingSession`: which station and connector, and the key that names the session. */
export interface ChargingSessionInput {
  readonly chargePointId: string;
  readonly connectorId: number;
  /** Transaction key (local start) or intent key (paid/remote start). */
  readonly sessionKey: string;
}

/** The session's state as the workflow keeps it: plain JSON, safe across continue-as-new. */
export interface ChargingSessionState {
  readonly phase: 'awaitingStart' | 'charging' | 'stopped' | 'closed';
  readonly lastSeq: number;
  readonly meterStartWh: number | null;
  readonly lastMeterWh: number | null;
  readonly stopReason: string | null;
}

/** Delivers a gateway outbox event to the session. */
export const sessionEventSignal = defineSignal<[SessionEvent]>('sessionEvent');

/** Current state of a session, for the UI and tests. */
export const sessionStateQuery = defineQuery<ChargingSessionState>('sessionState');
