import { z } from 'zod';
import { CHARGING_PROFILE_KINDS, CHARGING_PROFILE_PURPOSES, CHARGING_RATE_UNITS, RECURRENCY_KINDS, type ChargingProfile16 } from '@csms/temporal';
import { timeInput } from '../api/schemas.ts';

const SECONDS_PER = { Daily: 86_400, Weekly: 604_800 } as const;

/** OCPP 1.6 limits are decimals with at most one digit after the point (ChargingSchedulePeriod.limit). */
function oneDecimal(value: number): boolean {
  return Math.abs(value * 10 - Math.round(value * 10)) < 1e-6;
}

const period = z.object({
  startPeriod: z.number().int().min(0).max(2_147_483_647).describe('seconds from the start of the schedule'),
  limit: z
    .number()
    .min(0)
    .max(1_000_000)
    .refine(oneDecimal, 'a limit has at most one decimal (OCPP 1.6: multiples of 0.1)')
    .describe('amperes per phase (A) or watts (W)'),
  numberPhases: z.number().int().min(1).max(3).optional().describe('phases that may be used; absent: 3'),
});

/** OCPP 1.6 ChargingSchedule as the API takes it (times as ISO 8601). */
export const chargingScheduleSchema = z
  .object({
    duration: z.number().int().min(1).max(2_147_483_647).optional().describe('seconds; absent: the last period lasts forever (or until the transaction ends)'),
    startSchedule: timeInput.optional().describe('Absolute and Recurring: when the schedule starts; never with Relative'),
    chargingRateUnit: z.enum(CHARGING_RATE_UNITS),
    chargingSchedulePeriod: z.array(period).min(1).max(48),
    minChargingRate: z.number().min(0).max(1_000_000).refine(oneDecimal, 'at most one decimal').optional(),
  })
  .superRefine((schedule, ctx) => {
    const periods = schedule.chargingSchedulePeriod;
    if (periods[0] !== undefined && periods[0].startPeriod !== 0) {
      ctx.addIssue({ code: 'custom', path: ['chargingSchedulePeriod', 0, 'startPeriod'], message: 'the first period starts at 0' });
    }
    for (let i = 1; i < periods.length; i++) {
      if (periods[i]!.startPeriod <= periods[i - 1]!.startPeriod) {
        ctx.addIssue({ code: 'custom', path: ['chargingSchedulePeriod', i, 'startPeriod'], message: 'periods must start in ascending order, each after the one before' });
      }
    }
    if (schedule.duration !== undefined && periods.some((p) => p.startPeriod >= schedule.duration!)) {
      ctx.addIssue({ code: 'custom', path: ['duration'], message: 'every period must start before the end of the schedule (duration)' });
    }
  });

const profileFields = {
  stackLevel: z.number().int().min(0).max(100).describe('higher wins among profiles of the same purpose'),
  chargingProfileKind: z.enum(CHARGING_PROFILE_KINDS),
  recurrencyKind: z.enum(RECURRENCY_KINDS).optional().describe('Recurring only'),
  validFrom: timeInput.optional(),
  validTo: timeInput.optional(),
  chargingSchedule: chargingScheduleSchema,
};

type ProfileShape = {
  chargingProfilePurpose: (typeof CHARGING_PROFILE_PURPOSES)[number];
  chargingProfileKind: (typeof CHARGING_PROFILE_KINDS)[number];
  recurrencyKind?: (typeof RECURRENCY_KINDS)[number] | undefined;
  validFrom?: Date | undefined;
  validTo?: Date | undefined;
  chargingSchedule: { startSchedule?: Date | undefined; duration?: number | undefined };
};

/** The rules every 1.6 profile obeys, whoever sends it. */
function checkKindAndValidity(profile: ProfileShape, ctx: z.RefinementCtx): void {
  const { chargingProfileKind: kind, chargingSchedule: schedule } = profile;
  if (kind === 'Relative' && schedule.startSchedule !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['chargingSchedule', 'startSchedule'], message: 'a Relative profile has no startSchedule (it starts with the transaction)' });
  }
  if (kind !== 'Relative' && schedule.startSchedule === undefined) {
    ctx.addIssue({ code: 'custom', path: ['chargingSchedule', 'startSchedule'], message: `an ${kind} profile needs a startSchedule` });
  }
  if (kind === 'Recurring' && profile.recurrencyKind === undefined) {
    ctx.addIssue({ code: 'custom', path: ['recurrencyKind'], message: 'a Recurring profile needs a recurrencyKind (Daily or Weekly)' });
  }
  if (kind !== 'Recurring' && profile.recurrencyKind !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['recurrencyKind'], message: 'only a Recurring profile has a recurrencyKind' });
  }
  if (kind === 'Recurring' && profile.recurrencyKind !== undefined && schedule.duration !== undefined && schedule.duration > SECONDS_PER[profile.recurrencyKind]) {
    ctx.addIssue({ code: 'custom', path: ['chargingSchedule', 'duration'], message: `a ${profile.recurrencyKind} schedule lasts at most ${SECONDS_PER[profile.recurrencyKind]} s` });
  }
  if (profile.validFrom && profile.validTo && profile.validTo <= profile.validFrom) {
    ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'validTo must be after validFrom' });
  }
}

/**
 * A profile for `POST /charge-points/{id}/charging-profiles` (SetChargingProfile). The system allocates its
 * `chargingProfileId`. ChargePointMaxProfile only on connector 0; a TxProfile names the running transaction of its
 * connector (checked against the database by the operation) and is never on connector 0.
 */
export const setChargingProfileSchema = z
  .object({
    connectorId: z.number().int().min(0).max(1000).describe('0: the whole station'),
    chargingProfilePurpose: z.enum(CHARGING_PROFILE_PURPOSES),
    transactionId: z.number().int().positive().optional().describe('TxProfile only: the running transaction (its id in /api/v1/transactions)'),
    ...profileFields,
  })
  .superRefine((profile, ctx) => {
    checkKindAndValidity(profile, ctx);
    if (profile.chargingProfilePurpose === 'ChargePointMaxProfile' && profile.connectorId !== 0) {
      ctx.addIssue({ code: 'custom', path: ['connectorId'], message: 'a ChargePointMaxProfile is for the whole station: connectorId 0' });
    }
    if (profile.chargingProfilePurpose === 'TxProfile') {
      if (profile.connectorId === 0) ctx.addIssue({ code: 'custom', path: ['connectorId'], message: 'a TxProfile is for a connector (1 or more) with a running transaction' });
      if (profile.transactionId === undefined) ctx.addIssue({ code: 'custom', path: ['transactionId'], message: 'a TxProfile needs the transactionId of the running transaction on its connector' });
    } else if (profile.transactionId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['transactionId'], message: 'only a TxProfile has a transactionId' });
    }
  });

/** The body of `POST …/charging-profiles`, parsed. */
export type SetChargingProfileBody = z.output<typeof setChargingProfileSchema>;

/**
 * The profile a remote start may carry (RemoteStartTransaction.chargingProfile): a TxProfile, Relative or Absolute,
 * without a transactionId (the transaction does not exist yet).
 */
export const remoteStartProfileSchema = z
  .object({
    chargingProfilePurpose: z.enum(['TxProfile']).default('TxProfile'),
    ...profileFields,
    chargingProfileKind: z.enum(['Relative', 'Absolute']).default('Relative'),
  })
  .strict()
  .superRefine((profile, ctx) => checkKindAndValidity(profile, ctx));

/** A remote start's profile, parsed. */
export type RemoteStartProfileBody = z.output<typeof remoteStartProfileSchema>;

/** The 1.6 wire profile (`csChargingProfiles`) of a parsed profile with the id the system allocated. */
export function toWireProfile(
  profile: Omit<SetChargingProfileBody, 'connectorId' | 'chargingProfilePurpose' | 'transactionId'> & {
    chargingProfilePurpose: ChargingProfile16['chargingProfilePurpose'];
    transactionId?: number | undefined;
  },
  chargingProfileId: number,
): ChargingProfile16 {
  const { startSchedule, ...schedule } = profile.chargingSchedule;
  return {
    chargingProfileId,
    ...(profile.transactionId === undefined ? {} : { transactionId: profile.transactionId }),
    stackLevel: profile.stackLevel,
    chargingProfilePurpose: profile.chargingProfilePurpose,
    chargingProfileKind: profile.chargingProfileKind,
    ...(profile.recurrencyKind === undefined ? {} : { recurrencyKind: profile.recurrencyKind }),
    ...(profile.validFrom === undefined ? {} : { validFrom: profile.validFrom.toISOString() }),
    ...(profile.validTo === undefined ? {} : { validTo: profile.validTo.toISOString() }),
    chargingSchedule: { ...schedule, ...(startSchedule === undefined ? {} : { startSchedule: startSchedule.toISOString() }) },
  };
}
