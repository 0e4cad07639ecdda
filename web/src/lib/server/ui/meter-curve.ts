import type { MeterSampleRecord } from '@csms/db';
import type { ChartPoint } from '../../ui/chart-point.ts';

const ENERGY = 'Energy.Active.Import.Register';
const POWER = 'Power.Active.Import';

function toBase(value: number, unit: string | null | undefined): number {
  return unit === 'kWh' || unit === 'kW' ? value * 1000 : value;
}

/**
 * A transaction's samples as a curve: the energy register relative to the meter start, and the active power (the
 * phase-less value when the station sends one, else the sum over the phases), one point per sampling time.
 */
export function meterCurve(samples: readonly MeterSampleRecord[], meterStartWh: number): ChartPoint[] {
  const byTime = new Map<number, { energy: number | null; total: number | null; phases: number; phaseSum: number }>();
  for (const s of samples) {
    if (s.measurand !== ENERGY && s.measurand !== POWER) continue;
    if (s.location && s.location !== 'Outlet') continue;
    const ms = s.sampledAt.getTime();
    const point = byTime.get(ms) ?? { energy: null, total: null, phases: 0, phaseSum: 0 };
    const value = toBase(s.value, s.unit);
    if (s.measurand === ENERGY && !s.phase) point.energy = value;
    if (s.measurand === POWER) {
      if (s.phase) {
        point.phases += 1;
        point.phaseSum += value;
      } else point.total = value;
    }
    byTime.set(ms, point);
  }
  return [...byTime.entries()]
    .sort(([a], [b]) => a - b)
    .map(([ms, p]) => ({
      at: new Date(ms).toISOString(),
      energyWh: p.energy === null ? null : Math.max(0, Math.round(p.energy - meterStartWh)),
      powerW: p.total ?? (p.phases > 0 ? Math.round(p.phaseSum) : null),
    }))
    .filter((p) => p.energyWh !== null || p.powerW !== null);
}
