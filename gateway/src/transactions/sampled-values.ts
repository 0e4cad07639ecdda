import type { MeterSample } from '@csms/db';
import { stationTime } from '../ocpp/station-time.ts';

/** One sampled value, normalised: energy in Wh (or varh), power in W (or VA, var); other measurands as reported. */
export interface NormalizedValue {
  readonly measurand: string;
  readonly phase: string | null;
  readonly location: string | null;
  readonly context: string | null;
  readonly value: number;
  readonly unit: string | null;
}

/** The sampled values of one `meterValue` entry and what they say about the connector. */
export interface MeterReading {
  readonly at: Date;
  readonly values: readonly NormalizedValue[];
  /** `Energy.Active.Import.Register` in whole Wh, when reported. */
  readonly energyWh?: number;
  /** `Power.Active.Import` in W, when reported. */
  readonly powerW?: number;
  /** `SoC` in percent, when reported. */
  readonly soc?: number;
  /** The reading's context (`Transaction.Begin`, `Transaction.End`, `Sample.Periodic`, …) when all values share one. */
  readonly context: string | null;
}

interface RawValue {
  readonly value: number;
  readonly measurand?: string | undefined;
  readonly phase?: string | undefined;
  readonly location?: string | undefined;
  readonly context?: string | undefined;
  readonly unit?: string | undefined;
}

const ENERGY_REGISTER = 'Energy.Active.Import.Register';
const KILO: Record<string, string> = { kWh: 'Wh', kvarh: 'varh', kW: 'W', kVA: 'VA', kvar: 'var' };
// 1.6 spells it "Celcius" too; keep what was sent, only the kilo units are scaled
const DEFAULT_UNIT = (measurand: string): string | null =>
  measurand.startsWith('Energy.Reactive') ? 'varh' : measurand.startsWith('Energy.') ? 'Wh' : measurand.startsWith('Power.Reactive') ? 'var' : measurand.startsWith('Power.') ? 'W' : measurand === 'SoC' ? 'Percent' : null;
// column widths of meter_sample
const cut = (text: string | undefined, max: number): string | null => (text === undefined ? null : text.slice(0, max));

function normalize(raw: RawValue): NormalizedValue {
  // OCPP 1.6 §7.31 and 2.0.1 §2.54: an absent measurand is the import energy register
  const measurand = raw.measurand ?? ENERGY_REGISTER;
  const unit = raw.unit ?? DEFAULT_UNIT(measurand);
  const base = unit !== null ? KILO[unit] : undefined;
  return {
    measurand: measurand.slice(0, 60),
    phase: cut(raw.phase, 10),
    location: cut(raw.location, 10),
    context: cut(raw.context, 30),
    value: base !== undefined ? raw.value * 1000 : raw.value,
    unit: cut(base ?? unit ?? undefined, 20),
  };
}

/**
 * The connector's value of one measurand: the one without phase at the outlet (or without location) first, then
 * the inlet; when only per-phase values are given, their sum (L1, L2, L3 or L1-N, L2-N, L3-N).
 */
function pick(values: readonly NormalizedValue[], measurand: string): number | undefined {
  const of = values.filter((v) => v.measurand === measurand);
  // the EV's state of charge is reported at location EV; energy and power there are the car's, not the connector's
  const order = measurand === 'SoC' ? [[null, 'Outlet', 'EV'], ['Inlet', 'Cable', 'Body']] : [[null, 'Outlet'], ['Inlet']];
  for (const locations of order) {
    const here = of.filter((v) => locations.includes(v.location));
    const total = here.find((v) => v.phase === null);
    if (total) return total.value;
    for (const phases of [['L1', 'L2', 'L3'], ['L1-N', 'L2-N', 'L3-N']]) {
      const parts = here.filter((v) => v.phase !== null && phases.includes(v.phase));
      if (parts.length > 0) return parts.reduce((sum, v) => sum + v.value, 0);
    }
  }
  return undefined;
}

// The register, power and SoC columns are 32-bit integers: a reading beyond them (a 2.x decimal with a large
// multiplier, a fuzzed 1e21) is kept as a sample but not used as the connector's or the transaction's value, where it
// failed the whole message on PostgreSQL (InternalError for ever). 2^31-1 Wh is 2.1 GWh.
const INT32_MAX = 2_147_483_647;
const fitsInt32 = (value: number | undefined): value is number => value !== undefined && Math.abs(Math.round(value)) <= INT32_MAX;

function reading(at: Date, values: NormalizedValue[]): MeterReading {
  const energy = pick(values, ENERGY_REGISTER);
  const power = pick(values, 'Power.Active.Import');
  const soc = pick(values, 'SoC');
  const contexts = new Set(values.map((v) => v.context));
  return {
    at,
    values,
    ...(fitsInt32(energy) && energy >= 0 ? { energyWh: Math.round(energy) } : {}),
    ...(fitsInt32(power) ? { powerW: power } : {}),
    ...(fitsInt32(soc) ? { soc } : {}),
    context: contexts.size === 1 ? [...contexts][0]! : null,
  };
}

/** 1.6 `meterValue[]` (MeterValues, StopTransaction `transactionData`): values are decimal strings; signed data is skipped. */
export function readings16(
  meterValues: readonly { timestamp: string; sampledValue: readonly (Omit<RawValue, 'value'> & { value: string; format?: string })[] }[],
  now: Date,
): MeterReading[] {
  return meterValues.map((entry) => {
    const values: NormalizedValue[] = [];
    for (const sampled of entry.sampledValue) {
      if (sampled.format === 'SignedData') continue;
      const value = Number(sampled.value);
      if (sampled.value.trim() === '' || !Number.isFinite(value)) continue;
      const normalized = normalize({ ...sampled, value });
      if (Number.isFinite(normalized.value)) values.push(normalized);
    }
    return reading(stationTime(entry.timestamp, now), values);
  });
}

/** 2.x `meterValue[]`: numbers with an optional `unitOfMeasure` (`multiplier` is a power of ten). */
export function readings2(
  meterValues: readonly {
    timestamp: string;
    sampledValue: readonly (Omit<RawValue, 'value' | 'unit'> & { value: number; unitOfMeasure?: { unit?: string; multiplier?: number } })[];
  }[] | undefined,
  now: Date,
): MeterReading[] {
  return (meterValues ?? []).map((entry) => {
    const values = entry.sampledValue
      .map((sampled) =>
        normalize({
          ...sampled,
          value: sampled.value * 10 ** (sampled.unitOfMeasure?.multiplier ?? 0),
          unit: sampled.unitOfMeasure?.unit,
        }),
      )
      // a multiplier of 400 or a kWh value near the double's limit overflows to Infinity: not a reading
      .filter((normalized) => Number.isFinite(normalized.value));
    return reading(stationTime(entry.timestamp, now), values);
  });
}

/** The latest reading that has an energy register, if any. */
export function latestEnergy(readings: readonly MeterReading[]): (MeterReading & { energyWh: number }) | undefined {
  let latest: (MeterReading & { energyWh: number }) | undefined;
  for (const r of readings) {
    if (r.energyWh !== undefined && (!latest || r.at.getTime() >= latest.at.getTime())) latest = r as MeterReading & { energyWh: number };
  }
  return latest;
}

/** The rows for `meterSamples.insertMany`. */
export function toSamples(
  readings: readonly MeterReading[],
  where: { chargePointId: string; transactionId: number | null; evseId: number },
): MeterSample[] {
  // a plain loop with literal objects: this runs for every sampled value of every message
  const samples: MeterSample[] = [];
  for (const r of readings) {
    for (const v of r.values) {
      samples.push({
        chargePointId: where.chargePointId,
        transactionId: where.transactionId,
        evseId: where.evseId,
        sampledAt: r.at,
        measurand: v.measurand,
        phase: v.phase,
        location: v.location,
        context: v.context,
        value: v.value,
        unit: v.unit,
      });
    }
  }
  return samples;
}
