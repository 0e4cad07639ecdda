import type { JsonObject } from '@csms/gateway/protocol';
import type { ServerCallOutcome } from './station-link.ts';
import type { Connector, Transaction } from './state.ts';

/** The server's answer to BootNotification, version-neutral. */
export interface BootResult {
  readonly status: 'Accepted' | 'Pending' | 'Rejected';
  /** Heartbeat interval (Accepted) or boot retry interval (Pending/Rejected), in seconds. */
  readonly interval: number;
  readonly currentTime: string;
}

/** Why a meter reading is taken (ReadingContext, same spelling in 1.6 and 2.x). */
export type ReadingContext = 'Sample.Periodic' | 'Sample.Clock' | 'Trigger' | 'Transaction.Begin' | 'Transaction.End';

/**
 * How one OCPP version says what the station does. The {@link ChargePoint} owns the state and the flow; a
 * dialect builds the version's messages, sends them through the link and answers the server's CALLs.
 */
export interface Dialect {
  boot(reason: string, front: boolean): Promise<BootResult>;
  heartbeat(): Promise<string>;
  /** StatusNotification for a connector, or for the whole station with `connectorId` 0 (1.6 only). */
  status(connector: Connector | undefined, front?: boolean): Promise<void>;
  /** Returns the idTagInfo / idTokenInfo status. */
  authorize(idTag: string): Promise<string>;
  /** Sends the start of `tx` (queued while offline) and fills in what the server answers. */
  start(connector: Connector, tx: Transaction, remote: boolean): Promise<void>;
  /**
   * 2.x: authorizes a transaction opened at plug-in (TransactionEvent `Updated` with the id token, `RemoteStart` and
   * the `remoteStartId` for a remote start, else `Authorized`) and fills in the server's verdict. 1.6 has none.
   */
  authorizeOpen?(connector: Connector, tx: Transaction, remote: boolean): Promise<void>;
  /** 2.x: a TransactionEvent Updated for a charging-state change; 1.6 has nothing to say. */
  chargingStateChanged(connector: Connector): Promise<void>;
  meterValues(connector: Connector, context: ReadingContext): Promise<void>;
  /** Sends the end of `tx` (queued while offline); returns the stop reason's spelling as sent. */
  stop(connector: Connector, tx: Transaction, reason: string): Promise<void>;
  dataTransfer(vendorId: string, messageId: string | undefined, data: string | undefined): Promise<JsonObject>;
  firmwareStatus(status: string, requestId?: number): Promise<void>;
  /** 1.6 DiagnosticsStatusNotification, 2.x LogStatusNotification. */
  diagnosticsStatus(status: string, requestId?: number): Promise<void>;
  /** Answers to the server's CALLs by action. */
  readonly handlers: Readonly<Record<string, (payload: JsonObject) => ServerCallOutcome>>;
}
