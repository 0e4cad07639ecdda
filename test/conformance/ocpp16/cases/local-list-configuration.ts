import { expect } from 'vitest';
import type { Conformance, ConformanceCases, StationUnderTest } from '../harness.ts';

interface LocalListView {
  tags: string[];
  heldVersion: number;
  stale: boolean;
  pendingChanges: { idTag: string; idTagInfo?: { status: string } }[];
  lastUpdate: { listVersion: number; updateType: string; status: string } | null;
  reported: { listVersion: number } | null;
}

/** The operator's REST call; expects HTTP 200 and returns the body. */
async function ok<T>(t: Conformance, method: string, path: string, body?: unknown): Promise<T> {
  const answer = await t.api(method, path, body);
  expect(answer.status, answer.text).toBe(200);
  expect(answer.text.startsWith('{'), `${method} ${path}: ${answer.text.slice(0, 300)}`).toBe(true);
  return answer.json<T>();
}

const configuration = (station: StationUnderTest) => `/charge-points/${station.id}/configuration`;
const localList = (station: StationUnderTest) => `/charge-points/${station.id}/local-list`;

/** A station without the Local Auth List Management profile (the OCTT's "not supported" station). */
const WITHOUT_LOCAL_LIST = { settings: { SupportedFeatureProfiles: 'Core,FirmwareManagement,SmartCharging,RemoteTrigger' } };

/** Tags `ids` exist and are on the station's local list. */
async function listTags(t: Conformance, station: StationUnderTest, ids: string[]): Promise<void> {
  for (const id of ids) await t.tag(id);
  expect((await ok<LocalListView>(t, 'PUT', `${localList(station)}/tags`, { tagIds: ids })).tags).toEqual([...ids].sort());
}

async function changeConfiguration(t: Conformance, station: StationUnderTest, key: string, value: string): Promise<string> {
  return (await ok<{ status: string }>(t, 'PUT', configuration(station), { key, value })).status;
}

/** OCA §3.3 (ClearCache), §3.7 and §3.13 (configuration), §3.14 (local authorization list). */
export const cases: ConformanceCases = {
  /** The operator clears the station's authorization cache. */
  async TC_061_CSMS(t) {
    const station = await t.station();
    expect((await ok<{ status: string }>(t, 'POST', `/charge-points/${station.id}/clear-cache`)).status).toBe('Accepted');
    expect(station.calls('ClearCache')).toEqual([{}]);
    await station.expectAllAnswered();
  },

  /** GetConfiguration without keys; the system reads back every key with its value and access. */
  async TC_019_1_CSMS(t) {
    const station = await t.station();
    const read = await ok<{ configuration: { key: string; value: string | null; readonly: boolean }[]; unknownKeys: string[] }>(t, 'GET', configuration(station));
    expect(station.calls('GetConfiguration')).toEqual([{}]);
    const expected = [...station.cp.settings.keys()].map((key) => ({ key, value: station.cp.settings.get(key)!.value, readonly: station.cp.settings.get(key)!.readonly }));
    expect(read.configuration).toEqual(expected);
    expect(read.unknownKeys).toEqual([]);
    // Core, LocalAuthListManagement and SmartCharging keys, read-only and read-write ones
    const keys = read.configuration.map((entry) => entry.key);
    expect(keys).toEqual(expect.arrayContaining(['HeartbeatInterval', 'LocalAuthListEnabled', 'ChargeProfileMaxStackLevel']));
    expect(read.configuration.find((entry) => entry.key === 'NumberOfConnectors')?.readonly).toBe(true);
    expect(read.configuration.find((entry) => entry.key === 'HeartbeatInterval')?.readonly).toBe(false);
    await station.expectAllAnswered();
  },

  /** GetConfiguration of SupportedFeatureProfiles (OCA's key; the TCK asks for HeartbeatInterval). */
  async TC_019_2_CSMS(t) {
    const station = await t.station();
    const read = await ok<{ configuration: { key: string; value: string | null }[]; unknownKeys: string[] }>(t, 'GET', `${configuration(station)}?key=SupportedFeatureProfiles`);
    expect(station.calls('GetConfiguration')).toEqual([{ key: ['SupportedFeatureProfiles'] }]);
    expect(read.configuration).toEqual([{ key: 'SupportedFeatureProfiles', value: station.cp.settings.get('SupportedFeatureProfiles')!.value, readonly: true }]);
    expect(read.unknownKeys).toEqual([]);
    await station.expectAllAnswered();
  },

  /** ChangeConfiguration MeterValueSampleInterval = 60 (OCA's value; the TCK sends 10): Accepted and in effect. */
  async TC_021_CSMS(t) {
    const station = await t.station();
    expect(await changeConfiguration(t, station, 'MeterValueSampleInterval', '60')).toBe('Accepted');
    expect(station.calls('ChangeConfiguration')).toEqual([{ key: 'MeterValueSampleInterval', value: '60' }]);
    expect(station.cp.settings.get('MeterValueSampleInterval')?.value).toBe('60');
    await station.expectAllAnswered();
  },

  /** A key the station does not know: NotSupported, and the system says so. */
  async TC_040_1_CSMS(t) {
    const station = await t.station();
    expect(await changeConfiguration(t, station, 'OcaUnknownKey', '1')).toBe('NotSupported');
    expect(station.calls('ChangeConfiguration')).toEqual([{ key: 'OcaUnknownKey', value: '1' }]);
    await station.expectAllAnswered();
  },

  /** An invalid value (OCA: -1; SteVe sends "INVALID_VALUE"): Rejected, and the station keeps its value. */
  async TC_040_2_CSMS(t) {
    const station = await t.station();
    const before = station.cp.settings.get('MeterValueSampleInterval')?.value;
    expect(await changeConfiguration(t, station, 'MeterValueSampleInterval', '-1')).toBe('Rejected');
    expect(station.calls('ChangeConfiguration')).toEqual([{ key: 'MeterValueSampleInterval', value: '-1' }]);
    expect(station.cp.settings.get('MeterValueSampleInterval')?.value).toBe(before);
    await station.expectAllAnswered();
  },

  /** GetLocalListVersion at a station without local lists: -1, stored as "not supported". */
  async TC_042_1_CSMS(t) {
    const station = await t.station(WITHOUT_LOCAL_LIST);
    const answer = await ok<{ listVersion: number; supported: boolean; list: LocalListView }>(t, 'GET', `${localList(station)}/version`);
    expect(station.calls('GetLocalListVersion')).toEqual([{}]);
    expect(answer).toMatchObject({ listVersion: -1, supported: false, list: { reported: { listVersion: -1 } } });
    await station.expectAllAnswered();
  },

  /** GetLocalListVersion at a station with an empty list: 0. */
  async TC_042_2_CSMS(t) {
    const station = await t.station();
    const answer = await ok<{ listVersion: number; supported: boolean }>(t, 'GET', `${localList(station)}/version`);
    expect(station.calls('GetLocalListVersion')).toEqual([{}]);
    expect(answer).toMatchObject({ listVersion: 0, supported: true });
    await station.expectAllAnswered();
  },

  /** SendLocalList Full to a station without local lists: NotSupported, stored; the list counts as not held. */
  async TC_043_1_CSMS(t) {
    const station = await t.station(WITHOUT_LOCAL_LIST);
    await listTags(t, station, ['OCA-043-1']);
    const sent = await ok<{ status: string; list: LocalListView }>(t, 'POST', localList(station), { updateType: 'Full' });
    expect(sent.status).toBe('NotSupported');
    expect(station.calls('SendLocalList')).toEqual([{ listVersion: 1, updateType: 'Full', localAuthorizationList: [{ idTag: 'OCA-043-1', idTagInfo: { status: 'Accepted' } }] }]);
    expect(sent.list).toMatchObject({ heldVersion: 0, stale: true, lastUpdate: { listVersion: 1, updateType: 'Full', status: 'NotSupported' } });
    await station.expectAllAnswered();
  },

  /** SendLocalList Full that the station cannot take (longer than its LocalAuthListMaxLength): Failed, stored. */
  async TC_043_3_CSMS(t) {
    const station = await t.station({ settings: { LocalAuthListMaxLength: '1' } });
    await listTags(t, station, ['OCA-043-3A', 'OCA-043-3B']);
    const sent = await ok<{ status: string; list: LocalListView }>(t, 'POST', localList(station), { updateType: 'Full' });
    expect(sent.status).toBe('Failed');
    expect(station.calls('SendLocalList')).toHaveLength(1);
    expect(sent.list).toMatchObject({ heldVersion: 0, stale: true, lastUpdate: { status: 'Failed' } });
    // the station still holds its empty list
    expect((await ok<{ listVersion: number }>(t, 'GET', `${localList(station)}/version`)).listVersion).toBe(0);
    await station.expectAllAnswered();
  },

  /** SendLocalList Full with every entry carrying idTagInfo: Accepted; the station holds that version. */
  async TC_043_4_CSMS(t) {
    const station = await t.station();
    await t.tag('OCA-043-4-BLOCKED', { blocked: true });
    await listTags(t, station, ['OCA-043-4']);
    await ok(t, 'PUT', `${localList(station)}/tags`, { tagIds: ['OCA-043-4', 'OCA-043-4-BLOCKED'] });
    const sent = await ok<{ status: string; listVersion: number; entries: number; list: LocalListView }>(t, 'POST', localList(station), { updateType: 'Full' });
    expect(sent).toMatchObject({ status: 'Accepted', listVersion: 1, entries: 2, list: { heldVersion: 1, stale: false } });
    const [request] = station.calls('SendLocalList') as { localAuthorizationList: { idTag: string; idTagInfo?: unknown }[] }[];
    expect(request).toMatchObject({ listVersion: 1, updateType: 'Full' });
    expect(request!.localAuthorizationList).toEqual([
      { idTag: 'OCA-043-4', idTagInfo: { status: 'Accepted' } },
      { idTag: 'OCA-043-4-BLOCKED', idTagInfo: { status: 'Blocked' } },
    ]);
    expect((await ok<{ listVersion: number }>(t, 'GET', `${localList(station)}/version`)).listVersion).toBe(1);
    await station.expectAllAnswered();
  },

  /**
   * SendLocalList Differential with a higher version after the station's version was read: only what changed since
   * the list the station holds (a blocked tag, a new one), each with idTagInfo. The list is marked stale until then.
   */
  async TC_043_5_CSMS(t) {
    const station = await t.station();
    await listTags(t, station, ['OCA-043-5A']);
    expect((await ok<{ status: string }>(t, 'POST', localList(station), { updateType: 'Full' })).status).toBe('Accepted');

    await t.tag('OCA-043-5B');
    await ok(t, 'PATCH', '/charge-tags/OCA-043-5A', { blocked: true });
    await ok(t, 'PUT', `${localList(station)}/tags`, { tagIds: ['OCA-043-5A', 'OCA-043-5B'] });
    const stale = await ok<LocalListView>(t, 'GET', localList(station));
    expect(stale).toMatchObject({ heldVersion: 1, stale: true });
    expect(stale.pendingChanges.map((entry) => entry.idTag)).toEqual(['OCA-043-5A', 'OCA-043-5B']);

    const version = await ok<{ listVersion: number }>(t, 'GET', `${localList(station)}/version`);
    expect(version.listVersion).toBe(1);
    const sent = await ok<{ status: string; listVersion: number; list: LocalListView }>(t, 'POST', localList(station), { updateType: 'Differential' });
    expect(sent).toMatchObject({ status: 'Accepted', listVersion: 2, list: { heldVersion: 2, stale: false, pendingChanges: [] } });
    expect(station.calls('SendLocalList')[1]).toEqual({
      listVersion: 2,
      updateType: 'Differential',
      localAuthorizationList: [
        { idTag: 'OCA-043-5A', idTagInfo: { status: 'Blocked' } },
        { idTag: 'OCA-043-5B', idTagInfo: { status: 'Accepted' } },
      ],
    });
    await station.expectAllAnswered();
  },
};
