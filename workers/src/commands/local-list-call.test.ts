import { describe, expect, it } from 'vitest';
import { UnsupportedCommandError } from '../errors.ts';
import { buildStationCall } from './station-call.ts';

describe('local list commands as station calls', () => {
  it('a 1.6 station gets SendLocalList with the planned version, type and entries (removals without idTagInfo)', () => {
    const entries = [{ idTag: 'A', idTagInfo: { status: 'Accepted', expiryDate: '2027-01-01T00:00:00.000Z' } }, { idTag: 'B' }];
    expect(buildStationCall({ type: 'sendLocalList', listVersion: 4, updateType: 'Differential', entries }, { version: '1.6' })).toEqual({
      action: 'SendLocalList',
      payload: { listVersion: 4, updateType: 'Differential', localAuthorizationList: entries },
    });
    expect(buildStationCall({ type: 'getLocalListVersion' }, { version: '1.6' })).toEqual({ action: 'GetLocalListVersion', payload: {} });
  });

  it('a 2.x station is refused before anything is sent', () => {
    expect(() => buildStationCall({ type: 'getLocalListVersion' }, { version: '2.0.1' })).toThrow(UnsupportedCommandError);
    expect(() => buildStationCall({ type: 'sendLocalList', listVersion: 1, updateType: 'Full', entries: [] }, { version: '2.1' })).toThrow(
      /SendLocalList/,
    );
  });
});
