import { describe, expect, it } from 'vitest';
import type { ChargePoint } from '../charge-point.ts';
import { defaultSettings } from '../settings.ts';
import { localList16, localListCalls16 } from './local-list16.ts';

function station(settings: Record<string, string> = {}) {
  const cp = { settings: defaultSettings('1.6', { connectors: 1, vendor: 'V', model: 'M', sampleIntervalS: 60, authorizeRemoteStart: true }) } as unknown as ChargePoint;
  for (const [key, value] of Object.entries(settings)) cp.settings.put(key, value);
  const calls = localListCalls16(cp);
  return {
    cp,
    version: () => calls.GetLocalListVersion({}).payload.listVersion,
    send: (request: object) => calls.SendLocalList(request as never).payload.status,
  };
}

const accepted = { status: 'Accepted' };

describe('the simulated 1.6 local authorization list', () => {
  it('starts empty at version 0, takes a Full list, applies a Differential one and refuses a version not above its own', () => {
    const s = station();
    expect(s.version()).toBe(0);
    expect(s.send({ listVersion: 3, updateType: 'Full', localAuthorizationList: [{ idTag: 'A', idTagInfo: accepted }, { idTag: 'B', idTagInfo: accepted }] })).toBe('Accepted');
    expect(s.version()).toBe(3);
    expect(s.send({ listVersion: 3, updateType: 'Differential', localAuthorizationList: [{ idTag: 'C', idTagInfo: accepted }] })).toBe('VersionMismatch');
    expect(s.send({ listVersion: 4, updateType: 'Differential', localAuthorizationList: [{ idTag: 'A' }, { idTag: 'C', idTagInfo: { status: 'Blocked' } }] })).toBe('Accepted');
    expect(s.version()).toBe(4);
    expect([...localList16(s.cp).entries]).toEqual([['B', accepted], ['C', { status: 'Blocked' }]]);
    // a Full update replaces the list whatever its version
    expect(s.send({ listVersion: 1, updateType: 'Full' })).toBe('Accepted');
    expect(localList16(s.cp).entries.size).toBe(0);
    expect(s.version()).toBe(1);
  });

  it('fails an update longer than SendLocalListMaxLength or a list beyond LocalAuthListMaxLength, and keeps its list', () => {
    const s = station({ SendLocalListMaxLength: '2', LocalAuthListMaxLength: '3' });
    const entries = (...tags: string[]) => tags.map((idTag) => ({ idTag, idTagInfo: accepted }));
    expect(s.send({ listVersion: 1, updateType: 'Full', localAuthorizationList: entries('A', 'B', 'C') })).toBe('Failed');
    expect(s.send({ listVersion: 1, updateType: 'Full', localAuthorizationList: entries('A', 'B') })).toBe('Accepted');
    expect(s.send({ listVersion: 2, updateType: 'Differential', localAuthorizationList: entries('C', 'D') })).toBe('Failed');
    expect(s.version()).toBe(1);
    expect([...localList16(s.cp).entries.keys()]).toEqual(['A', 'B']);
    // a Full list needs idTagInfo on every entry
    expect(s.send({ listVersion: 5, updateType: 'Full', localAuthorizationList: [{ idTag: 'A' }] })).toBe('Failed');
  });

  it('without the LocalAuthListManagement profile: version -1 and NotSupported', () => {
    const s = station({ SupportedFeatureProfiles: 'Core,RemoteTrigger' });
    expect(s.version()).toBe(-1);
    expect(s.send({ listVersion: 1, updateType: 'Full' })).toBe('NotSupported');
  });
});
