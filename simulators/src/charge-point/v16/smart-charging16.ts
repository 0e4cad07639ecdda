import type { JsonObject, Ocpp16 } from '@csms/gateway/protocol';
import type { ChargePoint } from '../charge-point.ts';
import { json } from '../json.ts';
import type { ServerCallOutcome } from '../station-link.ts';
import type { Connector } from '../state.ts';

type Profile = Ocpp16.SetChargingProfileRequest['csChargingProfiles'];
type Unit = 'A' | 'W';
type Period = Ocpp16.GetCompositeScheduleResponse['chargingSchedule'] extends infer S ? (S extends { chargingSchedulePeriod: Array<infer P> } ? P : never) : never;

/** What the simulated hardware gives without any profile: 32 A on three phases. */
const HARDWARE_MAX_A = 32;
const PHASES = 3;
const VOLTS = 230;
const RECURRENCE_MS = { Daily: 86_400_000, Weekly: 604_800_000 } as const;

/** The start of the profile's schedule cycle that covers `t` (ms), or undefined when it has none. */
function cycleStart(profile: Profile, t: number, relativeStart: number): number | undefined {
  const start = profile.chargingSchedule.startSchedule === undefined ? undefined : Date.parse(profile.chargingSchedule.startSchedule);
  switch (profile.chargingProfileKind) {
    case 'Relative':
      return relativeStart;
    case 'Absolute':
      return start;
    case 'Recurring': {
      if (start === undefined) return undefined;
      const every = RECURRENCE_MS[profile.recurrencyKind ?? 'Daily'];
      return start + Math.floor((t - start) / every) * every;
    }
  }
}

/** The period of the profile in force at `t`, or undefined when the profile does not apply then. */
function periodAt(profile: Profile, t: number, relativeStart: number): Period | undefined {
  if (profile.validFrom !== undefined && t < Date.parse(profile.validFrom)) return undefined;
  if (profile.validTo !== undefined && t >= Date.parse(profile.validTo)) return undefined;
  const start = cycleStart(profile, t, relativeStart);
  if (start === undefined || t < start) return undefined;
  const offset = (t - start) / 1000;
  const { duration, chargingSchedulePeriod: periods } = profile.chargingSchedule;
  if (duration !== undefined && offset >= duration) return undefined;
  return periods.filter((p) => p.startPeriod <= offset).at(-1);
}

/** Every instant in (from, to) at which one of the profiles may change its limit. */
function breakpoints(profiles: readonly Profile[], from: number, to: number, relativeStart: number): number[] {
  const points = new Set<number>();
  for (const profile of profiles) {
    for (const edge of [profile.validFrom, profile.validTo]) if (edge !== undefined) points.add(Date.parse(edge));
    const every = profile.chargingProfileKind === 'Recurring' ? RECURRENCE_MS[profile.recurrencyKind ?? 'Daily'] : undefined;
    let start = cycleStart(profile, from, relativeStart);
    while (start !== undefined && start < to) {
      for (const period of profile.chargingSchedule.chargingSchedulePeriod) points.add(start + period.startPeriod * 1000);
      if (profile.chargingSchedule.duration !== undefined) points.add(start + profile.chargingSchedule.duration * 1000);
      start = every === undefined ? undefined : start + every;
    }
  }
  return [...points].filter((t) => t > from && t < to).sort((a, b) => a - b);
}

function convert(limit: number, from: Unit, to: Unit, phases: number): number {
  if (from === to) return limit;
  return from === 'A' ? limit * VOLTS * phases : limit / (VOLTS * phases);
}

/** The highest stack level among the profiles of one purpose that apply at `t`. */
function winner(profiles: readonly Profile[], purpose: Profile['chargingProfilePurpose'], t: number, relativeStart: number) {
  let best: { profile: Profile; period: Period } | undefined;
  for (const profile of profiles) {
    if (profile.chargingProfilePurpose !== purpose) continue;
    const period = periodAt(profile, t, relativeStart);
    if (period !== undefined && (best === undefined || profile.stackLevel > best.profile.stackLevel)) best = { profile, period };
  }
  return best;
}

/**
 * OCPP 1.6 §3.13 composite of `profiles` from `now` for `durationS` seconds: per instant the TxProfile of the highest
 * stack level applies, else the TxDefaultProfile of the highest stack level, limited by the ChargePointMaxProfile of
 * the highest stack level; without any, the hardware's maximum. Equal neighbouring periods are merged.
 */
export function compositeSchedule(
  profiles: readonly Profile[],
  options: { now: number; durationS: number; unit?: Unit; transactionStart?: number; connectorId: number },
): NonNullable<Ocpp16.GetCompositeScheduleResponse['chargingSchedule']> {
  const { now, durationS } = options;
  const end = now + durationS * 1000;
  const relativeStart = options.transactionStart ?? now;
  const unit: Unit = options.unit ?? profiles[0]?.chargingSchedule.chargingRateUnit ?? 'A';
  const periods: Period[] = [];
  for (const t of [now, ...breakpoints(profiles, now, end, relativeStart)]) {
    const candidates: number[] = [];
    const tx = winner(profiles, 'TxProfile', t, relativeStart) ?? winner(profiles, 'TxDefaultProfile', t, relativeStart);
    const max = winner(profiles, 'ChargePointMaxProfile', t, relativeStart);
    for (const chosen of [tx, max]) {
      if (chosen === undefined) continue;
      candidates.push(convert(chosen.period.limit, chosen.profile.chargingSchedule.chargingRateUnit, unit, chosen.period.numberPhases ?? PHASES));
    }
    if (options.connectorId > 0 || candidates.length === 0) candidates.push(convert(HARDWARE_MAX_A, 'A', unit, PHASES));
    const limit = Math.round(Math.min(...candidates) * 10) / 10;
    const numberPhases = tx?.period.numberPhases;
    const last = periods.at(-1);
    if (last !== undefined && last.limit === limit && last.numberPhases === numberPhases) continue;
    periods.push({ startPeriod: Math.round((t - now) / 1000), limit, ...(numberPhases === undefined ? {} : { numberPhases }) });
  }
  return { duration: durationS, startSchedule: new Date(now).toISOString(), chargingRateUnit: unit, chargingSchedulePeriod: periods };
}

/** The profiles that bear on a connector (0: the station's ChargePointMaxProfiles), each once. */
function profilesFor(cp: ChargePoint, connector: Connector | undefined): Profile[] {
  const all = connector === undefined ? cp.connectors.flatMap((c) => [...c.chargingProfiles.values()]) : [...connector.chargingProfiles.values()];
  const byId = new Map<number, Profile>();
  for (const raw of all) {
    const profile = raw as unknown as Profile;
    if (connector === undefined && profile.chargingProfilePurpose !== 'ChargePointMaxProfile') continue;
    // a TxProfile of another transaction (or of none) does not apply
    if (profile.chargingProfilePurpose === 'TxProfile') {
      const tx = connector?.transaction;
      if (tx === undefined || (profile.transactionId !== undefined && profile.transactionId !== tx.transactionId)) continue;
    }
    byId.set(profile.chargingProfileId, profile);
  }
  return [...byId.values()];
}

/** The 1.6 smart-charging CALLs the simulated station answers beyond Set/ClearChargingProfile. */
export function smartCharging16(cp: ChargePoint): Record<string, (payload: JsonObject) => ServerCallOutcome> {
  return {
    GetCompositeSchedule(payload) {
      const request = payload as unknown as Ocpp16.GetCompositeScheduleRequest;
      const connector = request.connectorId === 0 ? undefined : cp.connectors[request.connectorId - 1];
      if (request.connectorId !== 0 && connector === undefined) return { payload: json({ status: 'Rejected' } satisfies Ocpp16.GetCompositeScheduleResponse) };
      const now = Date.now();
      const chargingSchedule = compositeSchedule(profilesFor(cp, connector), {
        now,
        durationS: request.duration,
        connectorId: request.connectorId,
        ...(request.chargingRateUnit === undefined ? {} : { unit: request.chargingRateUnit }),
        ...(connector?.transaction === undefined ? {} : { transactionStart: connector.transaction.startedAt.getTime() }),
      });
      const response: Ocpp16.GetCompositeScheduleResponse = { status: 'Accepted', connectorId: request.connectorId, scheduleStart: new Date(now).toISOString(), chargingSchedule };
      return { payload: json(response) };
    },
  };
}
