import type { BootInfo, PaymentRecord, RegistrationStatus, Repositories, TagDecision, TransactionRecord } from '@csms/db';
import type { StationContext } from '../actor/handler.ts';
import type { OcppSettings } from '../config.ts';
import type { StationCa } from '../pki/station-ca.ts';
import type { VendorMessages } from './vendor-messages.ts';
import type { StationSessions } from '../transactions/station-sessions.ts';
import type { MeterBatchStats, MeterWrite } from '../transactions/meter-batcher.ts';

/** What the station's record says after a BootNotification was stored. */
export interface BootOutcome {
  readonly registrationStatus: RegistrationStatus;
  readonly heartbeatInterval: number;
}

/** A connector status as a StatusNotification reports it. */
export interface ConnectorStatusReport {
  /** 1.6 `connectorId` or 2.x `evseId`. */
  readonly evseId: number;
  /** 2.x connector inside the EVSE; 1 for 1.6. */
  readonly connectorId: number;
  /** The raw OCPP status (the mapped one is derived in the DB layer). */
  readonly ocppStatus: string;
  readonly errorCode: string | null;
  readonly info: string | null;
  readonly at: Date;
}

/**
 * The database as OCPP handlers see it: one call is one unit of work, everything in and out is plain data. Writes go
 * through the node's writer, which commits the writes of every station together (a reconnect storm costs a few
 * transactions, not one per message) and settles each call after its commit, so an answer always follows its write.
 */
export interface StationStore {
  /**
   * Stores what a BootNotification reported. With `reread`, returns the station's registration and interval as the
   * DB has them now (a pending station an admin accepted meanwhile); without, returns `undefined`.
   */
  recordBoot(stationId: string, boot: Partial<BootInfo>, at: Date, reread: boolean): Promise<BootOutcome | undefined>;
  /** Stores a connector status (raw and mapped), creating the connector on first report. */
  recordStatus(stationId: string, report: ConnectorStatusReport): Promise<void>;
  /** Stores one message's meter values: samples, live values, the transaction's register, session events. */
  recordMeter(write: MeterWrite): Promise<void>;
  /** A transaction by its row id (the 1.6 `transactionId`). */
  transaction(id: number): Promise<TransactionRecord | null>;
  /** The station's transaction with this start key (DESIGN.md §3: a resent start finds its row). */
  transactionByStartKey(stationId: string, startKey: string): Promise<TransactionRecord | null>;
  /** The payment of a paid session's workflow (OCPP 2.1 answers carry its cost); absent in stores without payments. */
  paymentOfSession?(workflowId: string): Promise<PaymentRecord | null>;
  /** Open transactions started or stopped with this tag. */
  openTransactionsOfTag(tagId: string): Promise<TransactionRecord[]>;
  /**
   * Runs a unit of work of the transaction path (row, connector and outbox event together) in the writer's next
   * transaction; resolves after the commit. It may run twice (a busy database, a failed batch): DB calls only.
   */
  write<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /** Counters of the meter values written and of implausible derived powers dropped. */
  readonly meterStats: MeterBatchStats;
}

/** Per-connection state handlers read and update; plain data, never ORM entities. */
export interface StationState {
  /** `Pending` until a BootNotification was answered `Accepted`; other messages then get `SecurityError`. */
  registrationStatus: RegistrationStatus;
  /** From the station record when it connected (changes apply on the next connection). */
  heartbeatInterval: number;
}

/** The context every gateway handler gets: the station, its logger and clock, the DB facade and services. */
export interface GatewayContext extends StationContext {
  readonly station: StationState;
  readonly db: StationStore;
  readonly authorize: (idTag: string) => Promise<TagDecision>;
  readonly settings: OcppSettings;
  /** The connection's transactions and connector readings (plain data). */
  readonly sessions: StationSessions;
  /** Signs the station's CSRs (SignCertificate); absent when no station CA is configured. */
  readonly stationCa?: StationCa;
  /** Answers the station's DataTransfer (the node's vendor message table). */
  readonly vendorMessages?: VendorMessages;
  /**
   * Sends a server-initiated CALL on this connection (e.g. CertificateSigned after a signed CSR); resolves with the
   * station's answer. Absent where a context is built without an actor.
   */
  callStation?(action: string, payload: object): Promise<unknown>;
}
