import { expect } from 'vitest';
import { charging, waitForAnswers } from '../core-states.ts';
import type { Conformance, ConformanceCases, StationUnderTest } from '../harness.ts';

interface StoredProfile {
  readonly chargingProfileId: number;
  readonly connectorId: number;
  readonly stackLevel: number;
  readonly chargingProfilePurpose: string;
  readonly status: string;
}

/** A REST call that must answer 200; resolves with its JSON. */
async function ok<T>(t: Conformance, method: string, path: string, body?: unknown): Promise<T> {
  const answer = await t.api(method, path, body);
  expect(answer.status, answer.text).toBe(200);
  return answer.json<T>();
}

/** The profiles the system stored for the station, by id. */
async function stored(t: Conformance, station: StationUnderTest): Promise<Map<number, StoredProfile>> {
  const { profiles } = await ok<{ profiles: StoredProfile[] }>(t, 'GET', `/charge-points/${station.id}/charging-profiles`);
  return new Map(profiles.map((p) => [p.chargingProfileId, p]));
}

const hour = (from: number, hours: number) => new Date(from + hours * 3_600_000).toISOString();

/** OCA §3.19: the operator's smart charging through the system (SetChargingProfile, RemoteStart with a profile, GetCompositeSchedule, ClearChargingProfile). */
export const cases: ConformanceCases = {
  /** A TxDefaultProfile, Absolute, with validity and start, 6.0 A: the station gets exactly that and accepts it. */
  async TC_056_CSMS(t) {
    const station = await t.station();
    const now = Date.now();
    const body = {
      connectorId: 1,
      chargingProfilePurpose: 'TxDefaultProfile',
      stackLevel: 0,
      chargingProfileKind: 'Absolute',
      validFrom: hour(now, -1),
      validTo: hour(now, 24),
      chargingSchedule: { duration: 86_400, startSchedule: hour(now, -1), chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6.0, numberPhases: 3 }] },
    };
    const answer = await ok<{ status: string; profile: StoredProfile }>(t, 'POST', `/charge-points/${station.id}/charging-profiles`, body);
    expect(answer).toMatchObject({ status: 'Accepted', profile: { status: 'Accepted', chargingProfilePurpose: 'TxDefaultProfile', connectorId: 1 } });
    const [call] = station.calls('SetChargingProfile');
    expect(call).toEqual({
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: answer.profile.chargingProfileId,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        validFrom: body.validFrom,
        validTo: body.validTo,
        chargingSchedule: { duration: 86_400, startSchedule: body.chargingSchedule.startSchedule, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6, numberPhases: 3 }] },
      },
    });
    expect(station.cp.connector(1).chargingProfiles.get(answer.profile.chargingProfileId)).toMatchObject({ chargingProfilePurpose: 'TxDefaultProfile' });
    await station.expectAllAnswered();
  },

  /** A TxProfile for the running transaction carries its transactionId; one for no running transaction is refused before sending. */
  async TC_057_CSMS(t) {
    await t.tag('OCA-057');
    const station = await t.station();
    const schedule = { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6000 }] };
    const refused = await t.api('POST', `/charge-points/${station.id}/charging-profiles`, { connectorId: 1, chargingProfilePurpose: 'TxProfile', transactionId: 999_999, stackLevel: 0, chargingProfileKind: 'Relative', chargingSchedule: schedule });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.json()).toMatchObject({ error: { code: 'ValidationFailed', field: 'transactionId' } });
    expect(station.calls('SetChargingProfile')).toEqual([]);

    const transactionId = await charging(station, 'OCA-057');
    const answer = await ok<{ status: string; profile: StoredProfile }>(t, 'POST', `/charge-points/${station.id}/charging-profiles`, {
      connectorId: 1, chargingProfilePurpose: 'TxProfile', transactionId, stackLevel: 0, chargingProfileKind: 'Relative', chargingSchedule: schedule,
    });
    expect(answer).toMatchObject({ status: 'Accepted', profile: { status: 'Accepted', chargingProfilePurpose: 'TxProfile' } });
    expect(station.calls('SetChargingProfile')).toEqual([
      { connectorId: 1, csChargingProfiles: { chargingProfileId: answer.profile.chargingProfileId, transactionId, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', chargingSchedule: schedule } },
    ]);
    await station.expectAllAnswered();
  },

  /** A remote start with a TxProfile (Relative, no transactionId, first period at 0); Authorize and StartTransaction accepted. */
  async TC_059_CSMS(t) {
    await t.tag('OCA-059');
    const station = await t.station({ authorizeRemoteStart: true });
    const chargingProfile = { stackLevel: 0, chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }] } };
    const answer = await ok<{ status: string; chargingProfileId: number }>(t, 'POST', `/charge-points/${station.id}/connectors/1/start`, { idTag: 'OCA-059', chargingProfile });
    expect(answer).toEqual({ status: 'Accepted', chargingProfileId: expect.any(Number) });
    expect(station.calls('RemoteStartTransaction')).toEqual([
      {
        connectorId: 1,
        idTag: 'OCA-059',
        chargingProfile: { chargingProfileId: answer.chargingProfileId, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', chargingSchedule: chargingProfile.chargingSchedule },
      },
    ]);
    await waitForAnswers(station, 'StartTransaction');
    expect(station.answers('Authorize')).toEqual([{ idTagInfo: expect.objectContaining({ status: 'Accepted' }) }]);
    expect(station.answers('StartTransaction')[0]).toMatchObject({ idTagInfo: { status: 'Accepted' }, transactionId: expect.any(Number) });
    expect((await stored(t, station)).get(answer.chargingProfileId)).toMatchObject({ chargingProfilePurpose: 'TxProfile', connectorId: 1, status: 'Accepted' });
    await station.expectAllAnswered();
  },

  /** GetCompositeSchedule with connector, duration and rate unit; the answer shows the limit in force (11 kW). */
  async TC_066_CSMS(t) {
    const station = await t.station();
    await ok(t, 'POST', `/charge-points/${station.id}/charging-profiles`, {
      connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 0, chargingProfileKind: 'Relative',
      chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11_000 }] },
    });
    const answer = await ok<{ status: string; connectorId: number; chargingSchedule: { chargingRateUnit: string; chargingSchedulePeriod: { limit: number }[] } }>(
      t, 'POST', `/charge-points/${station.id}/composite-schedule`, { connectorId: 1, duration: 3600, chargingRateUnit: 'W' },
    );
    expect(station.calls('GetCompositeSchedule')).toEqual([{ connectorId: 1, duration: 3600, chargingRateUnit: 'W' }]);
    expect(answer).toMatchObject({ status: 'Accepted', connectorId: 1, chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11_000 }] } });

    // beyond OCA: the charging limit is a profile of its own, one stack level up; it neither replaces nor clears the operator's
    const composite = async () =>
      (await ok<{ chargingSchedule: { chargingSchedulePeriod: { limit: number }[] } }>(t, 'POST', `/charge-points/${station.id}/composite-schedule`, { connectorId: 1, duration: 600, chargingRateUnit: 'W' }))
        .chargingSchedule.chargingSchedulePeriod.map((p) => p.limit);
    const limit = await ok<{ status: string; chargingProfileId: number }>(t, 'PUT', `/charge-points/${station.id}/connectors/1/charging-limit`, { limit: 7400, unit: 'W' });
    expect(limit.status).toBe('Accepted');
    expect(await composite()).toEqual([7400]);
    const again = await ok<{ chargingProfileId: number }>(t, 'PUT', `/charge-points/${station.id}/connectors/1/charging-limit`, { limit: 3700, unit: 'W' });
    expect(await composite()).toEqual([3700]);
    expect(station.cp.connector(1).chargingProfiles.size).toBe(2);
    const profiles = await stored(t, station);
    expect([...profiles.values()].map((p) => [p.stackLevel, p.status])).toEqual([[1, 'Accepted'], [1, 'Replaced'], [0, 'Accepted']]);
    expect(profiles.get(again.chargingProfileId)?.stackLevel).toBe(1);
    expect((await ok<{ status: string }>(t, 'DELETE', `/charge-points/${station.id}/connectors/1/charging-limit`)).status).toBe('Accepted');
    expect(station.calls('ClearChargingProfile')).toEqual([{ id: again.chargingProfileId }]);
    expect(await composite()).toEqual([11_000]);
    expect((await t.api('DELETE', `/charge-points/${station.id}/connectors/1/charging-limit`)).status).toBe(404);
    await station.expectAllAnswered();
  },

  /** Three TxDefaultProfiles (L, L+1, L+2), then ClearChargingProfile by id only, by connector+purpose+stack level, and with nothing. */
  async TC_067_CSMS(t) {
    const station = await t.station();
    const level = 2;
    const ids: number[] = [];
    for (const stackLevel of [level, level + 1, level + 2]) {
      const { profile } = await ok<{ profile: StoredProfile }>(t, 'POST', `/charge-points/${station.id}/charging-profiles`, {
        connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel, chargingProfileKind: 'Relative',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 + stackLevel }] },
      });
      ids.push(profile.chargingProfileId);
    }
    expect(station.cp.connector(1).chargingProfiles.size).toBe(3);

    const byId = await ok<{ status: string; cleared: StoredProfile[] }>(t, 'DELETE', `/charge-points/${station.id}/charging-profiles/${ids[0]}`);
    expect(byId).toMatchObject({ status: 'Accepted', cleared: [{ chargingProfileId: ids[0] }] });
    const byCriteria = await ok<{ status: string; cleared: StoredProfile[] }>(t, 'POST', `/charge-points/${station.id}/charging-profiles/clear`, {
      connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: level + 1,
    });
    expect(byCriteria).toMatchObject({ status: 'Accepted', cleared: [{ chargingProfileId: ids[1] }] });
    const all = await ok<{ status: string; cleared: StoredProfile[] }>(t, 'POST', `/charge-points/${station.id}/charging-profiles/clear`, {});
    expect(all).toMatchObject({ status: 'Accepted', cleared: [{ chargingProfileId: ids[2] }] });

    expect(station.calls('ClearChargingProfile')).toEqual([{ id: ids[0] }, { connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: level + 1 }, {}]);
    expect(station.cp.connector(1).chargingProfiles.size).toBe(0);
    expect([...(await stored(t, station)).values()].map((p) => p.status)).toEqual(['Cleared', 'Cleared', 'Cleared']);
    // a profile that is no longer in force is not cleared again
    expect((await t.api('DELETE', `/charge-points/${station.id}/charging-profiles/${ids[0]}`)).status).toBe(404);
    await station.expectAllAnswered();
  },
};
