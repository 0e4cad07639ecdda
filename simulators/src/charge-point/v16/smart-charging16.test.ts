import { describe, expect, it } from 'vitest';
import type { Ocpp16 } from '@csms/gateway/protocol';
import { compositeSchedule } from './smart-charging16.ts';

type Profile = Ocpp16.SetChargingProfileRequest['csChargingProfiles'];
const now = Date.parse('2026-11-29T12:00:00Z');
const profile = (id: number, purpose: Profile['chargingProfilePurpose'], stackLevel: number, periods: [number, number][], extra: Partial<Profile> = {}): Profile => ({
  chargingProfileId: id,
  stackLevel,
  chargingProfilePurpose: purpose,
  chargingProfileKind: 'Relative',
  chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: periods.map(([startPeriod, limit]) => ({ startPeriod, limit })) },
  ...extra,
});

describe('the simulated station’s composite schedule (1.6 §3.13)', () => {
  it('takes the highest stack level per period, a TxProfile over TxDefaultProfiles, limited by the ChargePointMaxProfile', () => {
    const schedule = compositeSchedule(
      [
        profile(1, 'TxDefaultProfile', 0, [[0, 16]]),
        profile(2, 'TxDefaultProfile', 1, [[0, 10], [600, 20]], { chargingSchedule: { chargingRateUnit: 'A', duration: 1200, chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }, { startPeriod: 600, limit: 20 }] } }),
        profile(3, 'ChargePointMaxProfile', 0, [[0, 18]]),
      ],
      { now, durationS: 1800, connectorId: 1 },
    );
    expect(schedule.chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 10 },
      { startPeriod: 600, limit: 18 },
      { startPeriod: 1200, limit: 16 },
    ]);
    const withTx = compositeSchedule([profile(1, 'TxDefaultProfile', 5, [[0, 16]]), profile(4, 'TxProfile', 0, [[0, 6]])], { now, durationS: 60, connectorId: 1 });
    expect(withTx.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 6 }]);
  });

  it('follows absolute starts, validity and daily recurrence, and answers in the unit asked for', () => {
    const absolute = profile(1, 'TxDefaultProfile', 0, [[0, 8]], { chargingProfileKind: 'Absolute', chargingSchedule: { chargingRateUnit: 'A', startSchedule: '2026-11-29T12:10:00Z', chargingSchedulePeriod: [{ startPeriod: 0, limit: 8 }] } });
    expect(compositeSchedule([absolute], { now, durationS: 1200, connectorId: 1 }).chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 32 }, { startPeriod: 600, limit: 8 }]);
    const valid = profile(2, 'TxDefaultProfile', 0, [[0, 8]], { validTo: '2026-11-29T12:05:00Z' });
    expect(compositeSchedule([valid], { now, durationS: 600, connectorId: 1 }).chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 8 }, { startPeriod: 300, limit: 32 }]);
    const nightly = profile(3, 'TxDefaultProfile', 0, [], {
      chargingProfileKind: 'Recurring',
      recurrencyKind: 'Daily',
      chargingSchedule: { chargingRateUnit: 'W', startSchedule: '2026-11-01T00:00:00Z', duration: 86_400, chargingSchedulePeriod: [{ startPeriod: 0, limit: 11_000 }, { startPeriod: 43_800, limit: 4_600 }] },
    });
    // 12:00 is 43,200 s into the day: 11 kW for ten minutes, then 4.6 kW; in A on three phases at 230 V
    expect(compositeSchedule([nightly], { now, durationS: 1200, connectorId: 1 }).chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 11_000 }, { startPeriod: 600, limit: 4_600 }]);
    expect(compositeSchedule([nightly], { now, durationS: 1200, connectorId: 1, unit: 'A' }).chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 15.9 }, { startPeriod: 600, limit: 6.7 }]);
  });
});
