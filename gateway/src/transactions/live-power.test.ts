import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../ocpp/context.ts';
import { livePower, MAX_PLAUSIBLE_POWER_W, MIN_DERIVATION_INTERVAL_MS } from './live-power.ts';
import { planMeter } from './meter-planning.ts';
import { readings16 } from './sampled-values.ts';
import { StationSessions } from './station-sessions.ts';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const at = (ms: number) => new Date(T0 + ms);

describe('livePower', () => {
  it('takes a measured power as it is, whatever came before', () => {
    expect(livePower({ at: at(1), powerW: 7200, energyWh: 10 }, { wh: 0, atMs: T0, powerMeasured: false })).toEqual({ kind: 'measured', powerW: 7200 });
    expect(livePower({ at: at(1), powerW: -5 }, undefined)).toEqual({ kind: 'none' });
  });

  it('derives the power from two energy readings far enough apart', () => {
    // 100 Wh in one minute is 6 kW
    expect(livePower({ at: at(60_000), energyWh: 1100 }, { wh: 1000, atMs: T0, powerMeasured: false })).toEqual({ kind: 'derived', powerW: 6000 });
  });

  it('never derives over a connector whose station measures power', () => {
    expect(livePower({ at: at(60_000), energyWh: 1100 }, { wh: 1000, atMs: T0, powerMeasured: true })).toEqual({ kind: 'none' });
  });

  it('drops derivations from readings too close together, a register going backwards, or beyond any charger', () => {
    const known = { wh: 1000, atMs: T0, powerMeasured: false };
    expect(livePower({ at: at(13), energyWh: 1003 }, known)).toEqual({ kind: 'dropped', reason: 'tooClose' });
    expect(livePower({ at: at(MIN_DERIVATION_INTERVAL_MS - 1), energyWh: 1001 }, known)).toEqual({ kind: 'dropped', reason: 'tooClose' });
    expect(livePower({ at: at(60_000), energyWh: 900 }, known)).toEqual({ kind: 'dropped', reason: 'registerBackwards' });
    const wh = 1000 + Math.ceil((MAX_PLAUSIBLE_POWER_W * 60) / 3600) + 10;
    expect(livePower({ at: at(60_000), energyWh: wh }, known)).toEqual({ kind: 'dropped', reason: 'tooHigh' });
  });

  it('gives nothing without a previous register or for the same reading again', () => {
    expect(livePower({ at: at(60_000), energyWh: 1100 }, undefined)).toEqual({ kind: 'none' });
    expect(livePower({ at: at(60_000), energyWh: 1100 }, { wh: null, atMs: T0, powerMeasured: false })).toEqual({ kind: 'none' });
    expect(livePower({ at: at(0), energyWh: 1000 }, { wh: 1000, atMs: T0, powerMeasured: false })).toEqual({ kind: 'none' });
  });
});

describe('planMeter live values', () => {
  function station() {
    const stats = { batches: 0, writes: 0, samples: 0, droppedDerivations: { tooClose: 0, registerBackwards: 0, tooHigh: 0 } };
    const context = {
      stationId: 'CP-LIVE',
      db: { meterStats: stats },
      settings: { meterEventIntervalMs: 60_000 },
      clock: { now: () => at(0) },
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      sessions: new StationSessions(),
    } as unknown as GatewayContext;
    const meter = (ms: number, values: { value: string; measurand?: string; unit?: string }[]) =>
      planMeter(context, { evseId: 1, connectorId: 1, session: undefined, live: true }, readings16([{ timestamp: at(ms).toISOString(), sampledValue: values }], at(ms))).write
        .connector;
    return { stats, meter };
  }

  it('keeps the measured 7,200 W when the stop reading follows 13 ms after the last sample (the 830,769 kW bug)', () => {
    const { stats, meter } = station();
    expect(meter(0, [{ value: '5000' }, { value: '7200', measurand: 'Power.Active.Import', unit: 'W' }])).toMatchObject({ meterWh: 5000, powerW: 7200 });
    const stop = meter(13, [{ value: '5003' }]);
    expect(stop).toMatchObject({ meterWh: 5003 });
    expect(stop).not.toHaveProperty('powerW');
    // the station measures power on this connector: later register-only readings derive nothing either
    expect(meter(120_000, [{ value: '5243' }])).not.toHaveProperty('powerW');
    expect(stats.droppedDerivations.tooClose).toBe(0);
  });

  it('derives the power of a register-only station and counts the implausible derivations it drops', () => {
    const { stats, meter } = station();
    meter(0, [{ value: '1000' }]);
    expect(meter(60_000, [{ value: '1100' }])).toMatchObject({ meterWh: 1100, powerW: 6000 });
    expect(meter(60_013, [{ value: '1103' }])).not.toHaveProperty('powerW');
    expect(meter(180_000, [{ value: '900' }])).not.toHaveProperty('powerW');
    expect(stats.droppedDerivations).toEqual({ tooClose: 1, registerBackwards: 1, tooHigh: 0 });
  });
});
