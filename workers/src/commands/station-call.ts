import {
  WEB_PAYMENTS_COMPONENT,
  WEB_PAYMENTS_SECRET_PLACEHOLDER,
  type ChargePointCommand,
  type ChargingProfile16,
  type OcppVersion,
  type StationCertificateType,
} from '@csms/temporal';
import { UnsupportedCommandError } from '../errors.ts';

/** What the mapping needs to know beyond the command, looked up by the activity. */
export interface StationCallContext {
  readonly version: OcppVersion;
  /** remoteStart (2.x): the id the station echoes in its TransactionEvent, so the start can be matched. */
  readonly remoteStartId?: number;
  /** remoteStart (2.x): the tag's token type. */
  readonly idTokenType?: string;
  /** remoteStop: the transaction to stop (1.6: its id is the station's transactionId; 2.x: `externalId` is). */
  readonly transaction?: { readonly id: number; readonly externalId: string | null };
  /** 2.x connector id inside the EVSE (unlock). */
  readonly evseConnectorId?: number;
}

/** A 1.6 profile in 2.x shape (ChargingStationMaxProfile, one schedule with id 1, transactionId as text). */
function chargingProfile2(profile: ChargingProfile16): Record<string, unknown> {
  const { chargingProfileId, chargingProfilePurpose, transactionId, chargingSchedule, ...rest } = profile;
  return {
    id: chargingProfileId,
    ...rest,
    chargingProfilePurpose: chargingProfilePurpose === 'ChargePointMaxProfile' ? 'ChargingStationMaxProfile' : chargingProfilePurpose,
    ...(transactionId === undefined ? {} : { transactionId: String(transactionId) }),
    chargingSchedule: [{ id: 1, ...chargingSchedule }],
  };
}

/** `Component.Variable` (2.x) from a configuration key; a bare name is a variable of the `OCPPCommCtrlr`-less root. */
function componentVariable(key: string): { component: { name: string }; variable: { name: string } } {
  const dot = key.indexOf('.');
  if (dot <= 0 || dot === key.length - 1) {
    throw new UnsupportedCommandError(`"${key}" is not Component.Variable, as OCPP 2.x names configuration`, 'InvalidArgument');
  }
  return { component: { name: key.slice(0, dot) }, variable: { name: key.slice(dot + 1) } };
}

/** The optional retry fields of the firmware and log requests, only when set. */
function retrying(command: { readonly retries?: number; readonly retryInterval?: number }): Record<string, number> {
  return {
    ...(command.retries === undefined ? {} : { retries: command.retries }),
    ...(command.retryInterval === undefined ? {} : { retryInterval: command.retryInterval }),
  };
}

/** 1.6 names the system's root `CentralSystemRootCertificate`; 2.x names it `CSMSRootCertificate`. */
function certificateTypeFor(type: StationCertificateType, v16: boolean): string {
  return v16 || type !== 'CentralSystemRootCertificate' ? type : 'CSMSRootCertificate';
}

const TRIGGERS_16 = new Set(['BootNotification', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification', 'Heartbeat', 'MeterValues', 'StatusNotification']);
const TRIGGERS_2 = new Set(['BootNotification', 'LogStatusNotification', 'FirmwareStatusNotification', 'Heartbeat', 'MeterValues', 'SignChargingStationCertificate', 'StatusNotification', 'TransactionEvent']);

/**
 * The OCPP action and payload of `command` for a station speaking `context.version` (1.6 names on the left, 2.x
 * on the right: Reset Soft/Hard → OnIdle/Immediate, RemoteStart/StopTransaction → RequestStart/StopTransaction,
 * GetConfiguration/ChangeConfiguration → GetVariables/SetVariables).
 */
export function buildStationCall(command: ChargePointCommand, context: StationCallContext): { action: string; payload: Record<string, unknown> } {
  const v16 = context.version === '1.6';
  const evse = (id: number) => (id > 0 ? { evse: { id } } : {});
  switch (command.type) {
    case 'reset':
      return { action: 'Reset', payload: { type: v16 ? command.resetType : command.resetType === 'Soft' ? 'OnIdle' : 'Immediate' } };
    case 'changeAvailability':
      return v16
        ? { action: 'ChangeAvailability', payload: { connectorId: command.connectorId, type: command.availability } }
        : { action: 'ChangeAvailability', payload: { operationalStatus: command.availability, ...evse(command.connectorId) } };
    case 'getConfiguration':
      if (v16) return { action: 'GetConfiguration', payload: command.keys?.length ? { key: [...command.keys] } : {} };
      if (!command.keys?.length) {
        throw new UnsupportedCommandError('OCPP 2.x stations report their whole configuration only by GetBaseReport; name the variables (Component.Variable)');
      }
      return { action: 'GetVariables', payload: { getVariableData: command.keys.map(componentVariable) } };
    case 'changeConfiguration':
      return v16
        ? { action: 'ChangeConfiguration', payload: { key: command.key, value: command.value } }
        : { action: 'SetVariables', payload: { setVariableData: [{ attributeValue: command.value, ...componentVariable(command.key) }] } };
    case 'triggerMessage':
      if (!(v16 ? TRIGGERS_16 : TRIGGERS_2).has(command.message)) {
        throw new UnsupportedCommandError(`OCPP ${context.version} cannot trigger ${command.message}`);
      }
      // the connector id as given, 0 included (StatusNotification of connector 0 is the station's own status)
      return v16
        ? { action: 'TriggerMessage', payload: { requestedMessage: command.message, ...(command.connectorId === undefined ? {} : { connectorId: command.connectorId }) } }
        : { action: 'TriggerMessage', payload: { requestedMessage: command.message, ...(command.connectorId === undefined ? {} : { evse: { id: command.connectorId } }) } };
    case 'clearCache':
      return { action: 'ClearCache', payload: {} };
    case 'installCertificate':
      return { action: 'InstallCertificate', payload: { certificateType: certificateTypeFor(command.certificateType, v16), certificate: command.certificate } };
    case 'getInstalledCertificateIds': {
      const certificateType = certificateTypeFor(command.certificateType, v16);
      return { action: 'GetInstalledCertificateIds', payload: v16 ? { certificateType } : { certificateType: [certificateType] } };
    }
    case 'deleteCertificate':
      return { action: 'DeleteCertificate', payload: { certificateHashData: { ...command.certificateHashData } } };
    case 'extendedTriggerMessage': {
      const connector = command.connectorId === undefined ? {} : v16 ? { connectorId: command.connectorId } : { evse: { id: command.connectorId } };
      if (v16) return { action: 'ExtendedTriggerMessage', payload: { requestedMessage: command.message, ...connector } };
      const message = command.message === 'SignChargePointCertificate' ? 'SignChargingStationCertificate' : command.message;
      return { action: 'TriggerMessage', payload: { requestedMessage: message, ...connector } };
    }
    case 'dataTransfer': {
      const data = command.data === undefined ? {} : { data: v16 && typeof command.data !== 'string' ? JSON.stringify(command.data) : command.data };
      return { action: 'DataTransfer', payload: { vendorId: command.vendorId, ...(command.messageId === undefined ? {} : { messageId: command.messageId }), ...data } };
    }
    case 'sendLocalList':
      if (!v16) throw new UnsupportedCommandError(`this local list update is OCPP 1.6 SendLocalList; ${context.version} is not supported`);
      return {
        action: 'SendLocalList',
        payload: { listVersion: command.listVersion, updateType: command.updateType, localAuthorizationList: command.entries.map((entry) => ({ ...entry })) },
      };
    case 'getLocalListVersion':
      if (!v16) throw new UnsupportedCommandError(`this is OCPP 1.6 GetLocalListVersion; ${context.version} is not supported`);
      return { action: 'GetLocalListVersion', payload: {} };
    case 'updateFirmware':
      if (!v16) throw new UnsupportedCommandError(`UpdateFirmware without a signature is OCPP 1.6; send a signed update to a ${context.version} station`);
      return { action: 'UpdateFirmware', payload: { location: command.location, retrieveDate: command.retrieveDate, ...retrying(command) } };
    case 'signedUpdateFirmware': {
      const firmware = {
        location: command.location,
        retrieveDateTime: command.retrieveDateTime,
        ...(command.installDateTime === undefined ? {} : { installDateTime: command.installDateTime }),
        signingCertificate: command.signingCertificate,
        signature: command.signature,
      };
      return { action: v16 ? 'SignedUpdateFirmware' : 'UpdateFirmware', payload: { requestId: command.requestId, firmware, ...retrying(command) } };
    }
    case 'getDiagnostics':
      if (!v16) throw new UnsupportedCommandError(`GetDiagnostics is OCPP 1.6; ask a ${context.version} station for its log (GetLog)`);
      return {
        action: 'GetDiagnostics',
        payload: {
          location: command.location,
          ...(command.startTime === undefined ? {} : { startTime: command.startTime }),
          ...(command.stopTime === undefined ? {} : { stopTime: command.stopTime }),
          ...retrying(command),
        },
      };
    case 'getLog': {
      const log = {
        remoteLocation: command.remoteLocation,
        ...(command.oldestTimestamp === undefined ? {} : { oldestTimestamp: command.oldestTimestamp }),
        ...(command.latestTimestamp === undefined ? {} : { latestTimestamp: command.latestTimestamp }),
      };
      return { action: 'GetLog', payload: { logType: command.logType, requestId: command.requestId, log, ...retrying(command) } };
    }
    case 'unlockConnector':
      return v16
        ? { action: 'UnlockConnector', payload: { connectorId: command.connectorId } }
        : { action: 'UnlockConnector', payload: { evseId: command.connectorId, connectorId: context.evseConnectorId ?? 1 } };
    case 'remoteStart':
      if (command.connectorId === 0) throw new UnsupportedCommandError('a remote start needs a connector of 1 or more, or none at all', 'InvalidArgument');
      return v16
        ? {
            action: 'RemoteStartTransaction',
            payload: {
              ...(command.connectorId === undefined ? {} : { connectorId: command.connectorId }),
              idTag: command.idTag,
              ...(command.chargingProfile === undefined ? {} : { chargingProfile: command.chargingProfile }),
            },
          }
        : {
            action: 'RequestStartTransaction',
            payload: {
              remoteStartId: context.remoteStartId ?? 1,
              idToken: { idToken: command.idTag, type: context.idTokenType ?? 'Central' },
              ...(command.connectorId === undefined ? {} : { evseId: command.connectorId }),
              ...(command.chargingProfile === undefined ? {} : { chargingProfile: chargingProfile2(command.chargingProfile) }),
            },
          };
    case 'remoteStop': {
      const transaction = context.transaction;
      if (!transaction) throw new UnsupportedCommandError('no open transaction on this connector', 'NoOpenTransaction');
      if (v16) return { action: 'RemoteStopTransaction', payload: { transactionId: transaction.id } };
      if (!transaction.externalId) throw new UnsupportedCommandError('the open transaction has no station transaction id', 'NoOpenTransaction');
      return { action: 'RequestStopTransaction', payload: { transactionId: transaction.externalId } };
    }
    case 'setChargingProfile':
      return v16
        ? { action: 'SetChargingProfile', payload: { connectorId: command.connectorId, csChargingProfiles: command.profile } }
        : { action: 'SetChargingProfile', payload: { evseId: command.connectorId, chargingProfile: chargingProfile2(command.profile) } };
    case 'clearChargingProfile': {
      const { type: _type, ...criteria } = command;
      if (v16) return { action: 'ClearChargingProfile', payload: criteria };
      const { id, connectorId, chargingProfilePurpose, stackLevel } = criteria;
      const purpose = chargingProfilePurpose === 'ChargePointMaxProfile' ? 'ChargingStationMaxProfile' : chargingProfilePurpose;
      const filter = { ...(connectorId === undefined ? {} : { evseId: connectorId }), ...(purpose === undefined ? {} : { chargingProfilePurpose: purpose }), ...(stackLevel === undefined ? {} : { stackLevel }) };
      return { action: 'ClearChargingProfile', payload: { ...(id === undefined ? {} : { chargingProfileId: id }), ...(Object.keys(filter).length > 0 ? { chargingProfileCriteria: filter } : {}) } };
    }
    case 'getCompositeSchedule': {
      const unit = command.chargingRateUnit === undefined ? {} : { chargingRateUnit: command.chargingRateUnit };
      return v16
        ? { action: 'GetCompositeSchedule', payload: { connectorId: command.connectorId, duration: command.duration, ...unit } }
        : { action: 'GetCompositeSchedule', payload: { evseId: command.connectorId, duration: command.duration, ...unit } };
    }
    case 'reserveNow':
      if (!v16) throw new UnsupportedCommandError(`reservations are implemented for OCPP 1.6 only, not ${context.version}`);
      return {
        action: 'ReserveNow',
        payload: {
          connectorId: command.connectorId,
          expiryDate: command.expiresAt,
          idTag: command.idTag,
          ...(command.parentIdTag === undefined ? {} : { parentIdTag: command.parentIdTag }),
          reservationId: command.reservationId,
        },
      };
    case 'cancelReservation':
      if (!v16) throw new UnsupportedCommandError(`reservations are implemented for OCPP 1.6 only, not ${context.version}`);
      return { action: 'CancelReservation', payload: { reservationId: command.reservationId } };
    case 'notifyWebPaymentStarted':
      if (context.version !== '2.1') throw new UnsupportedCommandError(`NotifyWebPaymentStarted needs OCPP 2.1, not ${context.version}`);
      return { action: 'NotifyWebPaymentStarted', payload: { evseId: command.evseId, timeout: command.timeoutSeconds } };
    case 'configureWebPayments': {
      if (context.version !== '2.1') throw new UnsupportedCommandError(`dynamic QR codes (WebPaymentsCtrlr) need OCPP 2.1, not ${context.version}`);
      const variable = (name: string, attributeValue: string) => ({ attributeValue, component: { name: WEB_PAYMENTS_COMPONENT }, variable: { name } });
      return {
        action: 'SetVariables',
        payload: {
          setVariableData: [
            variable('SharedSecret', WEB_PAYMENTS_SECRET_PLACEHOLDER),
            variable('URLTemplate', command.urlTemplate),
            variable('ValidityTime', String(command.validitySeconds)),
            variable('Length', String(command.digits)),
          ],
        },
      };
    }
  }
}
