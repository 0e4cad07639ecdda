import type { CertificateHashData, ExtendedTriggerMessage, StationCertificateType } from './certificates.ts';
import type { ChargingProfile16, ClearChargingProfileCriteria, CompositeSchedule } from './charging-profile.ts';

/** Workflow type that runs one operator command against a station (DESIGN.md §3). */
export const CHARGE_POINT_COMMAND_WORKFLOW = 'chargePointCommand';

/** Messages an operator may ask a station to send (1.6 TriggerMessage and 2.x MessageTrigger names). */
export const TRIGGER_MESSAGES = [
  'BootNotification',
  'DiagnosticsStatusNotification',
  'FirmwareStatusNotification',
  'Heartbeat',
  'MeterValues',
  'StatusNotification',
  'LogStatusNotification',
  'SignChargingStationCertificate',
  'TransactionEvent',
] as const;

/** A message name of {@link TRIGGER_MESSAGES}. */
export type TriggerMessage = (typeof TRIGGER_MESSAGES)[number];

/**
 * One operator command, independent of the OCPP version: the workflow picks the version-specific action and payload
 * for the station's protocol (e.g. `reset` Soft → 1.6 `Reset{type:"Soft"}`, 2.x `Reset{type:"OnIdle"}`).
 * `connectorId` is the 1.6 connector id or the 2.x EVSE id; 0 means the whole station where OCPP allows it.
 */
export type ChargePointCommand =
  | { readonly type: 'reset'; readonly resetType: 'Soft' | 'Hard' }
  | { readonly type: 'changeAvailability'; readonly connectorId: number; readonly availability: 'Operative' | 'Inoperative' }
  /** 1.6 GetConfiguration / 2.x GetVariables (component/variable as `Component.Variable`); no keys: everything. */
  | { readonly type: 'getConfiguration'; readonly keys?: readonly string[] }
  /** 1.6 ChangeConfiguration / 2.x SetVariables. */
  | { readonly type: 'changeConfiguration'; readonly key: string; readonly value: string }
  | { readonly type: 'triggerMessage'; readonly message: TriggerMessage; readonly connectorId?: number }
  | { readonly type: 'clearCache' }
  /**
   * DataTransfer from the system to the station: `data` is sent as is to a 2.x station (any JSON); a 1.6 station
   * takes a string, so anything else is sent as its JSON text.
   */
  | { readonly type: 'dataTransfer'; readonly vendorId: string; readonly messageId?: string; readonly data?: unknown }
  /** 1.6 UpdateFirmware: the station fetches `location` from `retrieveDate` (ISO date-time) on. 2.x: `NotSupported`. */
  | { readonly type: 'updateFirmware'; readonly location: string; readonly retrieveDate: string; readonly retries?: number; readonly retryInterval?: number }
  /**
   * 1.6 security whitepaper SignedUpdateFirmware (2.x UpdateFirmware): `requestId` is the system's job id, which the
   * station's SignedFirmwareStatusNotifications name.
   */
  | {
      readonly type: 'signedUpdateFirmware';
      readonly requestId: number;
      readonly location: string;
      readonly retrieveDateTime: string;
      readonly installDateTime?: string;
      readonly signingCertificate: string;
      readonly signature: string;
      readonly retries?: number;
      readonly retryInterval?: number;
    }
  /** 1.6 GetDiagnostics: the station uploads its diagnostics file to `location`; the answer's file name is `fileName`. 2.x: `NotSupported`. */
  | { readonly type: 'getDiagnostics'; readonly location: string; readonly startTime?: string; readonly stopTime?: string; readonly retries?: number; readonly retryInterval?: number }
  /** 1.6 security whitepaper GetLog (2.x GetLog): `requestId` is the system's job id. */
  | {
      readonly type: 'getLog';
      readonly requestId: number;
      readonly logType: 'DiagnosticsLog' | 'SecurityLog';
      readonly remoteLocation: string;
      readonly oldestTimestamp?: string;
      readonly latestTimestamp?: string;
      readonly retries?: number;
      readonly retryInterval?: number;
    }
  /**
   * 1.6 only: SendLocalList with the version and entries the system planned (docs/ocpp-1.6.md, Local authorization
   * list); an entry without `idTagInfo` removes the tag (Differential only).
   */
  | {
      readonly type: 'sendLocalList';
      readonly listVersion: number;
      readonly updateType: 'Full' | 'Differential';
      readonly entries: readonly { readonly idTag: string; readonly idTagInfo?: { readonly status: string; readonly expiryDate?: string; readonly parentIdTag?: string } }[];
    }
  /** 1.6 only: GetLocalListVersion; the answer is in the result's `listVersion` (-1: no local list support). */
  | { readonly type: 'getLocalListVersion' }
  | { readonly type: 'unlockConnector'; readonly connectorId: number }
  /** 1.6 security whitepaper InstallCertificate (2.x: `CentralSystemRootCertificate` is `CSMSRootCertificate`); a PEM. */
  | { readonly type: 'installCertificate'; readonly certificateType: StationCertificateType; readonly certificate: string }
  /** GetInstalledCertificateIds; the station's list is in the result's `certificateHashData`. */
  | { readonly type: 'getInstalledCertificateIds'; readonly certificateType: StationCertificateType }
  /** DeleteCertificate of a certificate as the station named it in GetInstalledCertificateIds. */
  | { readonly type: 'deleteCertificate'; readonly certificateHashData: CertificateHashData }
  /** 1.6 ExtendedTriggerMessage (2.x TriggerMessage; `SignChargePointCertificate` → `SignChargingStationCertificate`). */
  | { readonly type: 'extendedTriggerMessage'; readonly message: ExtendedTriggerMessage; readonly connectorId?: number }
  /**
   * 1.6 ReserveNow of the stored reservation `reservationId` (its row id): connector 0 reserves the station
   * (ReserveConnectorZeroSupported); `expiresAt` is an ISO date-time. 2.x: `NotSupported`.
   */
  | { readonly type: 'reserveNow'; readonly reservationId: number; readonly connectorId: number; readonly idTag: string; readonly parentIdTag?: string; readonly expiresAt: string }
  /** 1.6 CancelReservation. 2.x: `NotSupported`. */
  | { readonly type: 'cancelReservation'; readonly reservationId: number }
  /**
   * Pre-checks the tag (unknown, blocked or expired → `InvalidCommand` `TagNotAccepted`) before the CALL. Never
   * connector 0 (OCPP 1.6 forbids it); no `connectorId`: the station picks the connector.
   */
  | { readonly type: 'remoteStart'; readonly connectorId?: number; readonly idTag: string; readonly chargingProfile?: ChargingProfile16 }
  /**
   * Stops the open transaction `transactionId` (the system's transaction id, the one the API and UI show) on that
   * connector; without it the connector's newest open transaction. None, or not open on this connector →
   * `InvalidCommand` `NoOpenTransaction`.
   */
  | { readonly type: 'remoteStop'; readonly connectorId: number; readonly transactionId?: number }
  /** SetChargingProfile of a profile the system stored (its id allocated by the system, unique per station). */
  | { readonly type: 'setChargingProfile'; readonly connectorId: number; readonly profile: ChargingProfile16 }
  /** ClearChargingProfile: by id, or by any of connector, purpose and stack level; none clears every profile. */
  | ({ readonly type: 'clearChargingProfile' } & ClearChargingProfileCriteria)
  /** GetCompositeSchedule; the answer's schedule is in the result's `compositeSchedule`. */
  | { readonly type: 'getCompositeSchedule'; readonly connectorId: number; readonly duration: number; readonly chargingRateUnit?: 'A' | 'W' }
  /**
   * OCPP 2.1 only: SetVariables of `WebPaymentsCtrlr` for dynamic QR codes (C25). The shared secret is not in the
   * command: the gateway node derives it (`WEB_PAYMENTS_SECRET_PLACEHOLDER`).
   */
  | { readonly type: 'configureWebPayments'; readonly urlTemplate: string; readonly validitySeconds: number; readonly digits: number }
  /** OCPP 2.1 only: a driver opened the EVSE's dynamic QR code (C25); no payment result after `timeoutSeconds`. */
  | { readonly type: 'notifyWebPaymentStarted'; readonly evseId: number; readonly timeoutSeconds: number };

/** The `type` of a {@link ChargePointCommand}. */
export type ChargePointCommandType = ChargePointCommand['type'];

/** Input of the `chargePointCommand` workflow. */
export interface ChargePointCommandInput {
  readonly chargePointId: string;
  /** Unique per command; also the last segment of the workflow id (`chargePointCommandWorkflowId`). */
  readonly commandId: string;
  readonly command: ChargePointCommand;
  /** Who asked (user name), for the workflow history and the message log. */
  readonly requestedBy?: string;
  /** How long the station may take to answer the CALL (default 30 s). */
  readonly callTimeoutMs?: number;
}

/** The `chargePointCommand` workflow's signature, for typed starts (`client.workflow.start<ChargePointCommandWorkflow>`). */
export type ChargePointCommandWorkflow = (input: ChargePointCommandInput) => Promise<ChargePointCommandResult>;

/** One configuration entry as a station reported it (2.x: `Component.Variable`). */
export interface ConfigurationEntry {
  readonly key: string;
  readonly value: string | null;
  readonly readonly: boolean;
}

/** What the `chargePointCommand` workflow returns when the station answered with a CALLRESULT. */
export interface ChargePointCommandResult {
  /** The station's OCPP status, e.g. `Accepted`, `Rejected`, `Scheduled`, `Unlocked`, `RebootRequired`. */
  readonly status: string;
  /** `getConfiguration` only. */
  readonly configuration?: readonly ConfigurationEntry[];
  /** `getConfiguration` only: keys the station does not know. */
  readonly unknownKeys?: readonly string[];
  /** `dataTransfer` only: the `data` the station answered with, if any (1.6 a string, 2.x any JSON). */
  readonly data?: unknown;
  /** `getDiagnostics` and `getLog`: the name of the file the station will upload, if it said. */
  readonly fileName?: string;
  /** `getInstalledCertificateIds` only: the certificates the station reported. */
  readonly certificateHashData?: readonly CertificateHashData[];
  /** `getLocalListVersion` only: the version the station holds (0: empty list, -1: no local list support). */
  readonly listVersion?: number;
  /** `getCompositeSchedule` only: the station's schedule, when it answered Accepted. */
  readonly compositeSchedule?: CompositeSchedule;
}

/** Why a command was refused before anything was sent (`ApplicationFailure` of type `InvalidCommand`). */
export type InvalidCommandReason =
  | 'UnknownChargePoint'
  | 'UnknownConnector'
  | 'NoOpenTransaction'
  | 'TagNotAccepted'
  | 'NotSupported'
  | 'InvalidArgument';

/** `details[0]` of an `InvalidCommand` failure. */
export interface InvalidCommandDetails {
  readonly reason: InvalidCommandReason;
}

/** `details[0]` of a `ChargePointCallError` failure: the station's CALLERROR. */
export interface ChargePointCallErrorDetails {
  readonly errorCode: string;
  readonly errorDescription?: string;
}

/** One OCPP CALL for the gateway node that holds the station's socket. */
export interface CallChargePointInput {
  readonly chargePointId: string;
  /** The version-specific OCPP action, e.g. `Reset` or `RequestStartTransaction`. */
  readonly action: string;
  readonly payload: Readonly<Record<string, unknown>>;
  /** How long the station may take to answer once the CALL is sent. */
  readonly callTimeoutMs: number;
}

/** The station's CALLRESULT payload, already validated against the response schema. */
export interface CallChargePointResult {
  readonly payload: Readonly<Record<string, unknown>>;
}

/**
 * Activities served by each gateway node on its own task queue (`gatewayTaskQueue(nodeId)`). Failures are
 * `ApplicationFailure`s typed with `FailureType` (offline, timeout, CALLERROR, invalid response, connection lost).
 */
export interface GatewayActivities {
  callChargePoint(input: CallChargePointInput): Promise<CallChargePointResult>;
  /** Closes the station's connection if this node holds it (its credentials were revoked); never fails. */
  disconnectChargePoint(input: { readonly chargePointId: string; readonly reason: string }): Promise<{ readonly closed: boolean }>;
}

/** A command turned into the CALL for the station's OCPP version, with the node that holds its socket. */
export interface PreparedStationCall {
  readonly nodeId: string;
  /** `1.6`, `2.0.1` or `2.1`. */
  readonly version: string;
  readonly action: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** Worker-side activities of the `chargePointCommand` workflow. */
export interface CommandActivities {
  /**
   * Looks the station up (offline → `ChargePointOffline`), checks the command's preconditions (tag, open
   * transaction, connector → `InvalidCommand`) and builds the version-specific CALL.
   */
  prepareStationCall(input: ChargePointCommandInput): Promise<PreparedStationCall>;
}
