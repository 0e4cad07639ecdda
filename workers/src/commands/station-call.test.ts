import { describe, expect, it } from 'vitest';
import { OcppValidator } from '@csms/gateway/protocol';
import type { ChargePointCommand } from '@csms/temporal';
import { buildStationCall, UnsupportedCommandError, type StationCallContext } from './station-call.ts';

const COMMANDS: ChargePointCommand[] = [
  { type: 'reset', resetType: 'Soft' },
  { type: 'reset', resetType: 'Hard' },
  { type: 'changeAvailability', connectorId: 0, availability: 'Inoperative' },
  { type: 'changeAvailability', connectorId: 2, availability: 'Operative' },
  { type: 'getConfiguration', keys: ['OCPPCommCtrlr.HeartbeatInterval'] },
  { type: 'changeConfiguration', key: 'OCPPCommCtrlr.HeartbeatInterval', value: '300' },
  { type: 'triggerMessage', message: 'StatusNotification', connectorId: 1 },
  { type: 'triggerMessage', message: 'Heartbeat' },
  { type: 'clearCache' },
  { type: 'unlockConnector', connectorId: 1 },
  { type: 'remoteStart', connectorId: 1, idTag: 'ABC123' },
  { type: 'remoteStop', connectorId: 1 },
  { type: 'setChargingLimit', connectorId: 1, limit: 16, unit: 'A' },
  { type: 'setChargingLimit', connectorId: 1, limit: 7400, unit: 'W' },
  { type: 'clearChargingLimit', connectorId: 1 },
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

  it('reads everything with an empty 1.6 GetConfiguration', () => {
    expect(buildStationCall({ type: 'getConfiguration' }, { version: '1.6' })).toEqual({ action: 'GetConfiguration', payload: {} });
  });
});
