import type { TransactionRecord, TransactionStatus } from '@csms/db';

/** What the gateway keeps about one transaction of a connected station: plain data, refreshed from the DB. */
export interface OpenSession {
  readonly id: number;
  readonly chargePointId: string;
  workflowId: string | null;
  evseId: number;
  connectorId: number;
  status: TransactionStatus;
  stopped: boolean;
  meterStartWh: number;
  meterStartPending: boolean;
  /** The start was received (a 2.x row opened by a later event waits for its `Started` to learn the meter start). */
  startKnown: boolean;
  maxEnergyWh: number | null;
  lastMeterWh: number | null;
  /** Station time of `lastMeterWh` (ms), 0 when none. */
  lastMeterAtMs: number;
  /** Gateway time (ms) of the last `meter` event, or of the start; 0 forces the next reading out. */
  lastEventAtMs: number;
  /** `limitReached` was raised (or the limit was already crossed when the session was loaded). */
  limitRaised: boolean;
  /** Gateway time (ms) the row was last read; the coalescing interval also refreshes it (`maxEnergyWh`). */
  loadedAtMs: number;
}

/** The session of `record` as of `nowMs`; `lastEventAtMs` as given (the start time for a new one, 0 after a reload). */
export function sessionOf(record: TransactionRecord, nowMs: number, lastEventAtMs: number): OpenSession {
  const energy = record.lastMeterWh !== null && !record.meterStartPending ? record.lastMeterWh - record.meterStartWh : 0;
  return {
    id: record.id,
    chargePointId: record.chargePointId,
    workflowId: record.workflowId,
    evseId: record.evseId,
    connectorId: record.connectorId,
    status: record.status,
    stopped: record.stoppedAt !== null,
    meterStartWh: record.meterStartWh,
    meterStartPending: record.meterStartPending,
    startKnown: record.externalId === null || record.startReason !== null,
    maxEnergyWh: record.maxEnergyWh,
    lastMeterWh: record.lastMeterWh,
    lastMeterAtMs: record.lastMeterAt?.getTime() ?? 0,
    lastEventAtMs,
    limitRaised: record.maxEnergyWh !== null && energy >= record.maxEnergyWh,
    loadedAtMs: nowMs,
  };
}

/** Last energy reading per connector, for live values and power derived from energy deltas. */
export interface ConnectorMeter {
  /** Null until the station reported an energy register here. */
  readonly wh: number | null;
  readonly atMs: number;
  /** The station reports power itself on this connector: a power derived from energy deltas must not replace it. */
  readonly powerMeasured: boolean;
}

const MAX_SESSIONS = 64;

/**
 * The transactions and connector readings of one connection. Bounded: a station has a few connectors, and a station
 * replaying old history must not grow it (the oldest entries go first).
 */
export class StationSessions {
  // created on first use: most connections never open a session, and 18,000 idle stations are held per node
  #sessions: Map<number, OpenSession> | undefined;
  #connectors: Map<string, ConnectorMeter> | undefined;

  get(id: number): OpenSession | undefined {
    return this.#sessions?.get(id);
  }

  put(session: OpenSession): void {
    const sessions = (this.#sessions ??= new Map());
    sessions.delete(session.id);
    sessions.set(session.id, session);
    if (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value as number);
  }

  forget(id: number): void {
    this.#sessions?.delete(id);
  }

  /** The open (not stopped) session on an EVSE known to this connection, newest first. */
  openOn(evseId: number): OpenSession | undefined {
    let found: OpenSession | undefined;
    for (const session of this.#sessions?.values() ?? []) if (session.evseId === evseId && !session.stopped) found = session;
    return found;
  }

  connectorMeter(evseId: number, connectorId: number): ConnectorMeter | undefined {
    return this.#connectors?.get(`${evseId}/${connectorId}`);
  }

  setConnectorMeter(evseId: number, connectorId: number, meter: ConnectorMeter): void {
    const connectors = (this.#connectors ??= new Map());
    const key = `${evseId}/${connectorId}`;
    connectors.delete(key);
    connectors.set(key, meter);
    if (connectors.size > MAX_SESSIONS) connectors.delete(connectors.keys().next().value as string);
  }
}
