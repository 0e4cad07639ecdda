import { describe, expect, it } from 'vitest';
import { remoteStartProfileSchema, setChargingProfileSchema, toWireProfile } from './charging-profile-schema.ts';

const schedule = { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] };
const txDefault = { connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 0, chargingProfileKind: 'Relative', chargingSchedule: schedule };

/** The first issue of a refused profile as "path: message". */
function refusal(value: unknown, schema: typeof setChargingProfileSchema | typeof remoteStartProfileSchema = setChargingProfileSchema): string {
  const result = schema.safeParse(value);
  if (result.success) return 'accepted';
  const issue = result.error.issues[0]!;
  return `${issue.path.join('.')}: ${issue.message}`;
}

describe('charging profile validation (OCPP 1.6)', () => {
  it('accepts the profiles of each purpose and kind', () => {
    expect(refusal(txDefault)).toBe('accepted');
    expect(refusal({ ...txDefault, connectorId: 0, chargingProfilePurpose: 'ChargePointMaxProfile', chargingProfileKind: 'Absolute', chargingSchedule: { ...schedule, startSchedule: '2026-11-29T12:00:00Z', duration: 3600 } })).toBe('accepted');
    expect(refusal({ ...txDefault, chargingProfilePurpose: 'TxProfile', transactionId: 7 })).toBe('accepted');
    expect(
      refusal({ ...txDefault, chargingProfileKind: 'Recurring', recurrencyKind: 'Daily', validFrom: '2026-11-29T00:00:00Z', validTo: '2026-12-29T00:00:00Z', chargingSchedule: { ...schedule, startSchedule: '2026-11-29T00:00:00Z', duration: 86_400 } }),
    ).toBe('accepted');
  });

  it('refuses what the 1.6 rules forbid, naming the field', () => {
    expect(refusal({ ...txDefault, chargingProfilePurpose: 'ChargePointMaxProfile' })).toBe('connectorId: a ChargePointMaxProfile is for the whole station: connectorId 0');
    expect(refusal({ ...txDefault, chargingProfilePurpose: 'TxProfile' })).toBe('transactionId: a TxProfile needs the transactionId of the running transaction on its connector');
    expect(refusal({ ...txDefault, chargingProfilePurpose: 'TxProfile', connectorId: 0, transactionId: 3 })).toMatch(/^connectorId: a TxProfile is for a connector/);
    expect(refusal({ ...txDefault, transactionId: 3 })).toBe('transactionId: only a TxProfile has a transactionId');
    expect(refusal({ ...txDefault, chargingSchedule: { ...schedule, startSchedule: '2026-11-29T12:00:00Z' } })).toBe('chargingSchedule.startSchedule: a Relative profile has no startSchedule (it starts with the transaction)');
    expect(refusal({ ...txDefault, chargingProfileKind: 'Absolute' })).toBe('chargingSchedule.startSchedule: an Absolute profile needs a startSchedule');
    expect(refusal({ ...txDefault, chargingProfileKind: 'Recurring', chargingSchedule: { ...schedule, startSchedule: '2026-11-29T00:00:00Z' } })).toBe('recurrencyKind: a Recurring profile needs a recurrencyKind (Daily or Weekly)');
    expect(refusal({ ...txDefault, recurrencyKind: 'Daily' })).toBe('recurrencyKind: only a Recurring profile has a recurrencyKind');
    expect(refusal({ ...txDefault, chargingProfileKind: 'Recurring', recurrencyKind: 'Daily', chargingSchedule: { ...schedule, startSchedule: '2026-11-29T00:00:00Z', duration: 90_000 } })).toBe('chargingSchedule.duration: a Daily schedule lasts at most 86400 s');
    expect(refusal({ ...txDefault, validFrom: '2026-11-29T12:00:00Z', validTo: '2026-11-29T11:00:00Z' })).toBe('validTo: validTo must be after validFrom');
    expect(refusal({ ...txDefault, stackLevel: -1 })).toMatch(/^stackLevel: /);
    expect(refusal({ ...txDefault, chargingProfilePurpose: 'Other' })).toMatch(/^chargingProfilePurpose: /);
  });

  it('refuses periods that do not start at 0 and rise, limits finer than 0.1, and periods past the duration', () => {
    const withPeriods = (chargingSchedulePeriod: unknown[], extra: object = {}) => ({ ...txDefault, chargingSchedule: { ...schedule, ...extra, chargingSchedulePeriod } });
    expect(refusal(withPeriods([{ startPeriod: 60, limit: 16 }]))).toBe('chargingSchedule.chargingSchedulePeriod.0.startPeriod: the first period starts at 0');
    expect(refusal(withPeriods([{ startPeriod: 0, limit: 16 }, { startPeriod: 600, limit: 10 }, { startPeriod: 600, limit: 8 }]))).toBe(
      'chargingSchedule.chargingSchedulePeriod.2.startPeriod: periods must start in ascending order, each after the one before',
    );
    expect(refusal(withPeriods([]))).toMatch(/^chargingSchedule.chargingSchedulePeriod: /);
    expect(refusal(withPeriods([{ startPeriod: 0, limit: 6.05 }]))).toBe('chargingSchedule.chargingSchedulePeriod.0.limit: a limit has at most one decimal (OCPP 1.6: multiples of 0.1)');
    expect(refusal(withPeriods([{ startPeriod: 0, limit: 6.1, numberPhases: 4 }]))).toMatch(/numberPhases/);
    expect(refusal(withPeriods([{ startPeriod: 0, limit: 16 }, { startPeriod: 3600, limit: 8 }], { duration: 3600 }))).toBe('chargingSchedule.duration: every period must start before the end of the schedule (duration)');
  });

  it('takes a remote start profile only as a TxProfile, Relative or Absolute, without a transactionId', () => {
    const relative = { stackLevel: 0, chargingSchedule: schedule };
    expect(remoteStartProfileSchema.parse(relative)).toMatchObject({ chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative' });
    expect(refusal({ ...relative, transactionId: 4 }, remoteStartProfileSchema)).toMatch(/transactionId/);
    expect(refusal({ ...relative, chargingProfilePurpose: 'TxDefaultProfile' }, remoteStartProfileSchema)).toMatch(/^chargingProfilePurpose: /);
    expect(refusal({ ...relative, chargingProfileKind: 'Recurring' }, remoteStartProfileSchema)).toMatch(/^chargingProfileKind: /);
  });

  it('turns a parsed profile into the 1.6 wire profile with the allocated id and ISO times', () => {
    const parsed = setChargingProfileSchema.parse({
      ...txDefault,
      chargingProfileKind: 'Absolute',
      validFrom: '2026-11-29T12:00:00+01:00',
      chargingSchedule: { ...schedule, startSchedule: '2026-11-29T12:00:00Z', minChargingRate: 6 },
    });
    expect(toWireProfile(parsed, 12)).toEqual({
      chargingProfileId: 12,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
      validFrom: '2026-11-29T11:00:00.000Z',
      chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }], minChargingRate: 6, startSchedule: '2026-11-29T12:00:00.000Z' },
    });
  });
});
