import type { JsonObject } from '@csms/gateway/protocol';
import type { Meter } from './meter.ts';

/**
 * A connector's status in the detail of OCPP 1.6's ChargePointStatus. 2.x reports the coarser
 * ConnectorStatusEnumType: everything between plug-in and unplug is `Occupied`.
 */
export type ConnectorStatus =
  | 'Available'
  | 'Preparing'
  | 'Charging'
  | 'SuspendedEVSE'
  | 'SuspendedEV'
  | 'Finishing'
  | 'Reserved'
  | 'Unavailable'
  | 'Faulted';

/** Every {@link ConnectorStatus}, for CLIs and forms. */
export const CONNECTOR_STATUSES: readonly ConnectorStatus[] = [
  'Available',
  'Preparing',
  'Charging',
  'SuspendedEVSE',
  'SuspendedEV',
  'Finishing',
  'Reserved',
  'Unavailable',
  'Faulted',
];

/** The 2.x ConnectorStatusEnumType for a detailed status. */
export function connectorStatus2(status: ConnectorStatus): 'Available' | 'Occupied' | 'Reserved' | 'Unavailable' | 'Faulted' {
  switch (status) {
    case 'Available':
    case 'Reserved':
    case 'Unavailable':
    case 'Faulted':
      return status;
    default:
      return 'Occupied';
  }
}

/** A transaction on one connector, as the station knows it. */
export interface Transaction {
  readonly connectorId: number;
  /** The id token it runs on; empty while a transaction opened at plug-in waits for one ({@link awaitingAuthorization}). */
  idTag: string;
  /**
   * 2.x with `TxCtrlr.TxStartPoint` `EVConnected`: opened at plug-in without an id token, no power until an
   * authorization (a local one, or a RequestStartTransaction) arrives in a TransactionEvent `Updated`.
   */
  awaitingAuthorization?: boolean;
  /**
   * 1.6: the integer the server assigned (undefined until StartTransaction is answered, e.g. while offline).
   * 2.x: the station's own id, known from the start.
   */
  transactionId: number | string | undefined;
  readonly startedAt: Date;
  readonly meterStartWh: number;
  /** 2.x: the next TransactionEvent's seqNo. */
  seqNo: number;
  /** 2.x: from RequestStartTransaction. */
  remoteStartId?: number | undefined;
  /** 1.6: the reservation this start uses (StartTransaction `reservationId`). */
  reservationId?: number | undefined;
  /** The server's verdict on the tag (idTagInfo / idTokenInfo status), once answered. */
  authorizationStatus: string | undefined;
  /** Set when the stop has been issued (sent or queued). */
  stopReason: string | undefined;
  /** The register (Wh) the station put in its stop message, once the stop has been issued. */
  meterStopWh: number | undefined;
}

/** One connector (1.6) or EVSE with one connector (2.x). */
export interface Connector {
  /** 1.6 connectorId, 2.x evseId (the EVSE's one connector has connectorId 1). */
  readonly id: number;
  status: ConnectorStatus;
  /** 1.6 ChargePointErrorCode reported with the status. */
  errorCode: string;
  availability: 'Operative' | 'Inoperative';
  /** Availability requested while a transaction ran (answered `Scheduled`), applied when it ends. */
  scheduledAvailability: 'Operative' | 'Inoperative' | undefined;
  readonly meter: Meter;
  transaction: Transaction | undefined;
  /** Charging profiles installed by SetChargingProfile, by id. */
  readonly chargingProfiles: Map<number, JsonObject>;
  /** Power to draw when charging starts, in W. */
  chargePowerW: number;
}
