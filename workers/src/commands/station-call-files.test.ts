import { describe, expect, it } from 'vitest';
import { OcppValidator } from '@csms/gateway/protocol';
import type { ChargePointCommand } from '@csms/temporal';
import { UnsupportedCommandError } from '../errors.ts';
import { buildStationCall } from './station-call.ts';

const signed: ChargePointCommand = {
  type: 'signedUpdateFirmware',
  requestId: 7,
  location: 'http://csms.example/files/firmware/1?token=t',
  retrieveDateTime: '2026-11-29T12:00:00.000Z',
  signingCertificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
  signature: 'c2lnbmF0dXJl',
  retries: 2,
};
const getLog: ChargePointCommand = { type: 'getLog', requestId: 9, logType: 'SecurityLog', remoteLocation: 'http://csms.example/files/uploads/9?token=t' };

describe('firmware and log commands as station calls', () => {
  it('are valid 1.6 requests with the fields given and none made up', () => {
    const validator = new OcppValidator('1.6');
    const calls = [
      buildStationCall({ type: 'updateFirmware', location: 'http://x/f', retrieveDate: '2026-11-29T12:00:00.000Z', retries: 3, retryInterval: 60 }, { version: '1.6' }),
      buildStationCall(signed, { version: '1.6' }),
      buildStationCall({ type: 'getDiagnostics', location: 'http://x/u', startTime: '2026-11-28T00:00:00.000Z' }, { version: '1.6' }),
      buildStationCall(getLog, { version: '1.6' }),
    ];
    for (const { action, payload } of calls) expect(validator.validate('request', action, payload), action).toBeUndefined();
    expect(calls.map((c) => c.action)).toEqual(['UpdateFirmware', 'SignedUpdateFirmware', 'GetDiagnostics', 'GetLog']);
    expect(calls[0]!.payload).toEqual({ location: 'http://x/f', retrieveDate: '2026-11-29T12:00:00.000Z', retries: 3, retryInterval: 60 });
    expect(calls[2]!.payload).toEqual({ location: 'http://x/u', startTime: '2026-11-28T00:00:00.000Z' });
    expect(calls[3]!.payload).toEqual({ logType: 'SecurityLog', requestId: 9, log: { remoteLocation: 'http://csms.example/files/uploads/9?token=t' } });
  });

  it('map the signed update and GetLog to 2.x and refuse the 1.6-only ones', () => {
    const validator = new OcppValidator('2.0.1');
    for (const command of [signed, getLog]) {
      const { action, payload } = buildStationCall(command, { version: '2.0.1' });
      expect(validator.validate('request', action, payload), action).toBeUndefined();
    }
    expect(() => buildStationCall({ type: 'getDiagnostics', location: 'http://x/u' }, { version: '2.0.1' })).toThrow(UnsupportedCommandError);
    expect(() => buildStationCall({ type: 'updateFirmware', location: 'http://x/f', retrieveDate: '2026-11-29T12:00:00.000Z' }, { version: '2.1' })).toThrow(UnsupportedCommandError);
  });
});
