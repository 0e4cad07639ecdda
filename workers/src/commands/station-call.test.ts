import { describe, expect, it } from 'vitest';
import { OcppValidator } from '@csms/gateway/protocol';
import { WEB_PAYMENTS_SECRET_PLACEHOLDER, type ChargePointCommand } from '@csms/temporal';
import { UnsupportedCommandError } from '../errors.ts';
import { buildStationCall, type StationCallContext } from './station-call.ts';

const COMMANDS: ChargePointCommand[] = [
  { type: 'reset', resetType: 'Soft' },
  { type: 'reset', resetType: 'Hard' },
  { type: 'changeAvailability', connectorId: 0, availability: 'Inoperative' },
  { type: 'changeAvailability', connectorId: 2, availability: 'Operative' },
  { type: 'getConfiguration', keys: ['OCPPCommCtrlr.HeartbeatInterval'] },
  { type: 'changeConfiguration', key: 'OCPPCommCtrlr.HeartbeatInterval', value: '300' },
  { type: 'triggerMessage', message: 'StatusNotification', connectorId: 1 },
  { type: 'triggerMessage', message: 'Heartbeat' },
  { type: 'triggerMessage', message: 'StatusNotification', connectorId: 0 },
  { type: 'clearCache' },
  { type: 'dataTransfer', vendorId: 'com.example' },
  { type: 'dataTransfer', vendorId: 'com.example', messageId: 'SetTariffText', data: { text: 'hello' } },
  { type: 'unlockConnector', connectorId: 1 },
  { type: 'remoteStart', connectorId: 1, idTag: 'ABC123' },
  { type: 'remoteStart', idTag: 'ABC123' },
  { type: 'remoteStop', connectorId: 1 },
  { type: 'remoteStart', connectorId: 1, idTag: 'ABC123', chargingProfile: { chargingProfileId: 5, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } } },
  { type: 'setChargingProfile', connectorId: 1, profile: { chargingProfileId: 3, stackLevel: 1, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } } },
  {
    type: 'setChargingProfile',
    connectorId: 0,
    profile: {
      chargingProfileId: 4,
      stackLevel: 0,
      chargingProfilePurpose: 'ChargePointMaxProfile',
      chargingProfileKind: 'Recurring',
      recurrencyKind: 'Daily',
      validFrom: '2026-11-29T00:00:00.000Z',
      validTo: '2026-12-29T00:00:00.000Z',
      chargingSchedule: { duration: 86400, startSchedule: '2026-11-29T00:00:00.000Z', chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11000 }, { startPeriod: 3600, limit: 7400, numberPhases: 3 }], minChargingRate: 1.5 },
    },
  },
  { type: 'setChargingProfile', connectorId: 1, profile: { chargingProfileId: 6, transactionId: 17, stackLevel: 2, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Absolute', chargingSchedule: { startSchedule: '2026-11-29T12:00:00.000Z', chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }] } } },
  { type: 'clearChargingProfile', id: 3 },
  { type: 'clearChargingProfile', connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 2 },
  { type: 'clearChargingProfile' },
  { type: 'getCompositeSchedule', connectorId: 1, duration: 3600 },
  { type: 'getCompositeSchedule', connectorId: 0, duration: 600, chargingRateUnit: 'W' },
  { type: 'installCertificate', certificateType: 'CentralSystemRootCertificate', certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' },
  { type: 'installCertificate', certificateType: 'ManufacturerRootCertificate', certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' },
  { type: 'getInstalledCertificateIds', certificateType: 'CentralSystemRootCertificate' },
  { type: 'deleteCertificate', certificateHashData: { hashAlgorithm: 'SHA256', issuerNameHash: 'ab', issuerKeyHash: 'cd', serialNumber: '1f' } },
  { type: 'extendedTriggerMessage', message: 'SignChargePointCertificate' },
  { type: 'extendedTriggerMessage', message: 'StatusNotification', connectorId: 1 },
];

const context: Omit<StationCallContext, 'version'> = {
  remoteStartId: 42,
  idTokenType: 'ISO14443',
  transaction: { id: 17, externalId: 'tx-17' },
  evseConnectorId: 1,
};

describe.each(['1.6', '2.0.1', '2.1'] as const)('station calls for OCPP %s', (version) => {
  const validator = new OcppValidator(version);

  it.each(COMMANDS.map((command) => [`${command.type} ${JSON.stringify(command)}`, command] as const))(
    'builds a schema-valid CALL: %s',
    (_name, command) => {
      const { action, payload } = buildStationCall(command, { version, ...context });
      expect(validator.validate('request', action, payload)).toBeUndefined();
    },
  );
});

describe('station call mapping', () => {
  it('names the system’s root CSMSRootCertificate and the certificate trigger SignChargingStationCertificate for 2.x stations', () => {
    const root = { type: 'installCertificate', certificateType: 'CentralSystemRootCertificate', certificate: 'PEM' } as const;
    expect(buildStationCall(root, { version: '1.6' }).payload).toMatchObject({ certificateType: 'CentralSystemRootCertificate' });
    expect(buildStationCall(root, { version: '2.0.1' }).payload).toMatchObject({ certificateType: 'CSMSRootCertificate' });
    expect(buildStationCall({ type: 'getInstalledCertificateIds', certificateType: 'CentralSystemRootCertificate' }, { version: '2.1' }).payload).toEqual({ certificateType: ['CSMSRootCertificate'] });
    const sign = { type: 'extendedTriggerMessage', message: 'SignChargePointCertificate' } as const;
    expect(buildStationCall(sign, { version: '1.6' })).toEqual({ action: 'ExtendedTriggerMessage', payload: { requestedMessage: 'SignChargePointCertificate' } });
    expect(buildStationCall(sign, { version: '2.0.1' })).toEqual({ action: 'TriggerMessage', payload: { requestedMessage: 'SignChargingStationCertificate' } });
  });

  it('maps reset types to the 2.x names', () => {
    expect(buildStationCall({ type: 'reset', resetType: 'Soft' }, { version: '2.0.1' }).payload).toEqual({ type: 'OnIdle' });
    expect(buildStationCall({ type: 'reset', resetType: 'Hard' }, { version: '2.1' }).payload).toEqual({ type: 'Immediate' });
  });

  it('refuses a remote stop without an open transaction and unnamed 2.x configuration reads', () => {
    expect(() => buildStationCall({ type: 'remoteStop', connectorId: 1 }, { version: '1.6' })).toThrow(UnsupportedCommandError);
    expect(() => buildStationCall({ type: 'getConfiguration' }, { version: '2.0.1' })).toThrow(/GetBaseReport/);
    expect(() => buildStationCall({ type: 'triggerMessage', message: 'TransactionEvent' }, { version: '1.6' })).toThrow(/cannot trigger/);
    expect(() => buildStationCall({ type: 'changeConfiguration', key: 'HeartbeatInterval', value: '1' }, { version: '2.1' })).toThrow(/Component.Variable/);
  });

  it('never sends a remote start for connector 0, and leaves the connector to the station when none is named', () => {
    for (const version of ['1.6', '2.0.1', '2.1'] as const) {
      expect(() => buildStationCall({ type: 'remoteStart', connectorId: 0, idTag: 'A' }, { version })).toThrow(UnsupportedCommandError);
    }
    expect(buildStationCall({ type: 'remoteStart', idTag: 'A' }, { version: '1.6' }).payload).toEqual({ idTag: 'A' });
    expect(buildStationCall({ type: 'remoteStart', connectorId: 2, idTag: 'A' }, { version: '1.6' }).payload).toEqual({ connectorId: 2, idTag: 'A' });
    expect(buildStationCall({ type: 'remoteStart', idTag: 'A' }, { version: '2.0.1', remoteStartId: 7 }).payload).not.toHaveProperty('evseId');
    expect(buildStationCall({ type: 'remoteStart', connectorId: 2, idTag: 'A' }, { version: '2.1', remoteStartId: 7 }).payload).toMatchObject({ evseId: 2 });
  });

  it('triggers a message for exactly the connector it was given, 0 included', () => {
    const trigger = (version: '1.6' | '2.0.1', connectorId?: number) =>
      buildStationCall({ type: 'triggerMessage', message: 'StatusNotification', ...(connectorId === undefined ? {} : { connectorId }) }, { version }).payload;
    expect(trigger('1.6', 0)).toEqual({ requestedMessage: 'StatusNotification', connectorId: 0 });
    expect(trigger('1.6', 3)).toEqual({ requestedMessage: 'StatusNotification', connectorId: 3 });
    expect(trigger('1.6')).toEqual({ requestedMessage: 'StatusNotification' });
    expect(trigger('2.0.1', 0)).toEqual({ requestedMessage: 'StatusNotification', evse: { id: 0 } });
    expect(trigger('2.0.1', 3)).toEqual({ requestedMessage: 'StatusNotification', evse: { id: 3 } });
    expect(trigger('2.0.1')).toEqual({ requestedMessage: 'StatusNotification' });
  });

  it('stops the transaction it was handed, by the station’s id for it', () => {
    const transaction = { id: 17, externalId: 'tx-17' };
    expect(buildStationCall({ type: 'remoteStop', connectorId: 1, transactionId: 17 }, { version: '1.6', transaction }).payload).toEqual({ transactionId: 17 });
    expect(buildStationCall({ type: 'remoteStop', connectorId: 1, transactionId: 17 }, { version: '2.0.1', transaction }).payload).toEqual({ transactionId: 'tx-17' });
  });

  it('sends DataTransfer data as a string to 1.6 stations and as JSON to 2.x stations', () => {
    const command = { type: 'dataTransfer', vendorId: 'com.example', messageId: 'm', data: { a: [1, 2] } } as const;
    expect(buildStationCall(command, { version: '1.6' })).toEqual({ action: 'DataTransfer', payload: { vendorId: 'com.example', messageId: 'm', data: '{"a":[1,2]}' } });
    expect(buildStationCall(command, { version: '2.1' }).payload).toEqual({ vendorId: 'com.example', messageId: 'm', data: { a: [1, 2] } });
    expect(buildStationCall({ type: 'dataTransfer', vendorId: 'v', data: 'text' }, { version: '1.6' }).payload).toEqual({ vendorId: 'v', data: 'text' });
    expect(buildStationCall({ type: 'dataTransfer', vendorId: 'v' }, { version: '2.0.1' }).payload).toEqual({ vendorId: 'v' });
  });

  it('reads everything with an empty 1.6 GetConfiguration', () => {
    expect(buildStationCall({ type: 'getConfiguration' }, { version: '1.6' })).toEqual({ action: 'GetConfiguration', payload: {} });
  });
});

describe('configureWebPayments (OCPP 2.1 C25)', () => {
  const command: ChargePointCommand = {
    type: 'configureWebPayments',
    urlTemplate: 'https://csms.example/pay/{chargingstationid}/{evse}/{totp}',
    validitySeconds: 60,
    digits: 8,
  };

  it('sets WebPaymentsCtrlr with the secret left to the gateway, schema-valid for 2.1', () => {
    const call = buildStationCall(command, { version: '2.1' });
    expect(new OcppValidator('2.1').validate('request', call.action, call.payload)).toBeUndefined();
    const values = Object.fromEntries(
      (call.payload.setVariableData as { component: { name: string }; variable: { name: string }; attributeValue: string }[]).map((entry) => [
        `${entry.component.name}.${entry.variable.name}`,
        entry.attributeValue,
      ]),
    );
    expect(values).toEqual({
      'WebPaymentsCtrlr.SharedSecret': WEB_PAYMENTS_SECRET_PLACEHOLDER,
      'WebPaymentsCtrlr.URLTemplate': command.urlTemplate,
      'WebPaymentsCtrlr.ValidityTime': '60',
      'WebPaymentsCtrlr.Length': '8',
    });
  });

  it('is refused for 1.6 and 2.0.1 stations', () => {
    expect(() => buildStationCall(command, { version: '1.6' })).toThrow(/need OCPP 2.1/);
    expect(() => buildStationCall(command, { version: '2.0.1' })).toThrow(/need OCPP 2.1/);
  });
});

describe('notifyWebPaymentStarted (OCPP 2.1 C25)', () => {
  it('tells a 2.1 station that a driver opened the EVSE’s code, schema-valid; refused for older versions', () => {
    const command: ChargePointCommand = { type: 'notifyWebPaymentStarted', evseId: 1, timeoutSeconds: 600 };
    const call = buildStationCall(command, { version: '2.1' });
    expect(call).toEqual({ action: 'NotifyWebPaymentStarted', payload: { evseId: 1, timeout: 600 } });
    expect(new OcppValidator('2.1').validate('request', call.action, call.payload)).toBeUndefined();
    expect(() => buildStationCall(command, { version: '2.0.1' })).toThrow(/needs OCPP 2.1/);
  });
});

describe('reservations (OCPP 1.6 ReserveNow / CancelReservation)', () => {
  const validator = new OcppValidator('1.6');
  const reserve = { type: 'reserveNow', reservationId: 9, connectorId: 0, idTag: 'TAG-A', expiresAt: '2026-11-29T13:00:00.000Z' } as const;

  it('builds schema-valid CALLs, the group only when given', () => {
    const plain = buildStationCall(reserve, { version: '1.6' });
    expect(plain).toEqual({ action: 'ReserveNow', payload: { connectorId: 0, expiryDate: '2026-11-29T13:00:00.000Z', idTag: 'TAG-A', reservationId: 9 } });
    const group = buildStationCall({ ...reserve, connectorId: 2, parentIdTag: 'FLEET' }, { version: '1.6' });
    expect(group.payload).toMatchObject({ connectorId: 2, parentIdTag: 'FLEET' });
    const cancel = buildStationCall({ type: 'cancelReservation', reservationId: 9 }, { version: '1.6' });
    expect(cancel).toEqual({ action: 'CancelReservation', payload: { reservationId: 9 } });
    for (const call of [plain, group, cancel]) expect(validator.validate('request', call.action, call.payload)).toBeUndefined();
  });

  it('refuses them for 2.x stations before anything is sent', () => {
    for (const version of ['2.0.1', '2.1'] as const) {
      expect(() => buildStationCall(reserve, { version })).toThrow(/OCPP 1.6 only/);
      expect(() => buildStationCall({ type: 'cancelReservation', reservationId: 9 }, { version })).toThrow(UnsupportedCommandError);
    }
  });
});
