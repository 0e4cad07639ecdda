import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { OcppVersion } from './ocpp-version.ts';
import type { PaidSessionInput } from './paid-session.ts';

/** Workflow type of a charging session (DESIGN.md §3). */
export const CHARGING_SESSION_WORKFLOW = 'chargingSession';

/** What the gateway's outbox tells a session about: the one list the gateway, the relay and the workflow share. */
export const SESSION_EVENT_TYPES = ['started', 'meter', 'stopped', 'limitReached', 'stationRebooted', 'connectorAvailable', 'handedOver'] as const;

/** A type of {@link SESSION_EVENT_TYPES}. */
export type SessionEventType = (typeof SESSION_EVENT_TYPES)[number];

/** Meter fields the `meter` and `limitReached` events carry. */
interface ReadingFields {
  readonly meterWh?: number;
  readonly energyWh?: number;
  readonly powerW?: number;
  readonly soc?: number;
}

/**
 * The event-specific fields of each session event type, on top of {@link SessionEventPayload}'s common ones. The
 * gateway builds events against this map; the workflow reads them by it.
 */
export interface SessionEventFields {
  readonly started: {
    readonly meterWh?: number;
    readonly evseId?: number;
    readonly connectorId?: number;
    readonly idTag?: string;
    readonly externalId?: string;
    readonly remoteStartId?: number;
    readonly startReason?: string;
    /** The start matched a session intent (a paid or remote session). */
    readonly matchedIntent?: boolean;
    readonly triggerReason?: string;
    readonly seqNo?: number;
    /** The row was opened by a later event; the start itself was never received. */
    readonly startMissing?: boolean;
    /** A paid session adopted a 2.x transaction opened at plug-in (TxStartPoint EVConnected): billed from here. */
    readonly adopted?: boolean;
  };
  readonly meter: ReadingFields;
  readonly limitReached: ReadingFields & { readonly maxEnergyWh: number };
  readonly stopped: {
    readonly meterWh?: number;
    readonly reason?: string;
    readonly energyWh?: number;
    readonly stopTag?: string;
    readonly dataIssue?: string;
    readonly startMissing?: boolean;
    readonly stationTransactionId?: number;
    readonly triggerReason?: string;
    readonly seqNo?: number;
  };
  readonly stationRebooted: { readonly reason?: string; readonly evseId?: number };
  readonly connectorAvailable: { readonly evseId?: number; readonly connectorId?: number };
  /**
   * The transaction, opened at plug-in without an id token, was authorized for a paid session and belongs to that
   * session's workflow from now on: the default session that opened it ends (docs/payments.md).
   */
  readonly handedOver: { readonly toWorkflowId: string };
}

/**
 * The payload every session event carries, so the relay can start the session's workflow from any event (a station
 * that was offline may deliver a stop for a start the system never saw). Event-specific fields come on top.
 */
export interface SessionEventPayload {
  readonly chargePointId: string;
  /** The Transaction row's id (the 1.6 `transactionId`). */
  readonly transactionId: number;
  /** Energy register in Wh at `occurredAt`, when the event has one. */
  readonly meterWh?: number;
  /** Stop reason as the station or the gateway gave it. */
  readonly reason?: string;
  /** When the station says it happened (also on the event). */
  readonly occurredAt?: string;
  readonly [key: string]: unknown;
}

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
  readonly payload: SessionEventPayload;
}

/** The session's state as the workflow keeps it: plain JSON, safe across continue-as-new. */
export interface ChargingSessionState {
  readonly phase: 'awaitingStart' | 'charging' | 'stopped' | 'closed';
  readonly lastSeq: number;
  readonly transactionId: number | null;
  readonly meterStartWh: number | null;
  readonly lastMeterWh: number | null;
  readonly stopReason: string | null;
  /** Set when the station rebooted or the connector became available with the session open. */
  readonly staleSince: string | null;
  /** Events received but not applied yet (a continue-as-new carries them over). */
  readonly pending: readonly SessionEvent[];
}

/** Input of `chargingSession`. */
export interface ChargingSessionInput {
  readonly chargePointId: string;
  /** Kept for recorded histories; read nowhere (the workflow id carries the key). */
  readonly sessionKey?: string;
  readonly transactionId?: number;
  /** A paid session (the web app starts it): the workflow owns the money from the hold to the settlement. */
  readonly payment?: PaidSessionInput;
  /** How long a stale session waits for the station's queued stop before it is closed (default 10 minutes). */
  readonly staleGraceMs?: number;
  /** Carried over by continue-as-new. */
  readonly state?: ChargingSessionState;
}

/** The `chargingSession` workflow's signature, for typed starts (`client.workflow.start<ChargingSessionWorkflow>`). */
export type ChargingSessionWorkflow = (input: ChargingSessionInput) => Promise<ChargingSessionState>;

/** Activities the session workflow calls on the worker. */
export interface ChargingSessionActivities {
  /**
   * Records the workflow id on the transaction. Retired: the gateway links it in the start's own DB transaction;
   * only runs recorded before the `gateway-links-workflow` patch still call it.
   */
  linkSessionWorkflow(input: { transactionId: number; workflowId: string }): Promise<void>;
  /**
   * Closes a transaction the station never stopped (reboot, connector available), with a clear reason. Does nothing
   * when the transaction was stopped meanwhile; returns whether it closed it.
   */
  closeStaleSession(input: { transactionId: number; reason: string; at: string }): Promise<boolean>;
  /**
   * Where the session's station can be asked about it: its OCPP version, the node holding it (null when offline)
   * and the station's own transaction id (2.x), or null when the transaction is gone or already stopped.
   */
  describeSessionStation(input: { transactionId: number }): Promise<SessionStation | null>;
}

/** What {@link ChargingSessionActivities.describeSessionStation} returns. */
export interface SessionStation {
  readonly chargePointId: string;
  readonly version: OcppVersion | null;
  readonly nodeId: string | null;
  readonly externalId: string | null;
}

/** Delivers a gateway outbox event to the session. */
export const sessionEventSignal = defineSignal<[SessionEvent]>('sessionEvent');

/** Current state of a session, for the UI and tests. */
export const sessionStateQuery = defineQuery<ChargingSessionState>('sessionState');

/** Reasons the workflow writes when it closes a session the station did not stop. */
export const StaleSessionReason = {
  StationRebooted: 'StationRebootedWithoutStop',
  ConnectorAvailable: 'ConnectorAvailableWithoutStop',
  /** A paid session asked the station to stop (limit, driver, hold about to lapse) and no stop came. */
  NoStopAfterRemoteStop: 'NoStopAfterRemoteStop',
} as const;
