import { describe, expect, it } from 'vitest';
import type { OverviewConnectorRow, OverviewStationRow, OverviewTransactionRow } from '@csms/db';
import { buildTiles, sortKeys, tileName } from './overview.ts';
import { meterCurve } from './meter-curve.ts';

const station = (id: string, name: string, online = true): OverviewStationRow => ({ id, name, online });
const connector = (chargePointId: string, evseId: number, status: OverviewConnectorRow['status'], extra: Partial<OverviewConnectorRow> = {}): OverviewConnectorRow =>
  ({ chargePointId, evseId, connectorId: 1, name: null, status, ocppStatus: status, powerW: null, soc: null, ...extra });
const tx = (id: number, chargePointId: string, evseId: number, extra: Partial<OverviewTransactionRow> = {}): OverviewTransactionRow =>
  ({ id, chargePointId, evseId, status: 'Completed', startedAt: new Date('2026-03-01T10:00:00Z'), energyWh: 12_345, ...extra });

describe('overview tiles', () => {
  it('follow OCPP.Core’s naming rules', () => {
    const cp = station('CP1', 'Garage');
    expect(tileName(cp, null, 0)).toBe('Garage');
    expect(tileName(cp, connector('CP1', 1, 'Available'), 1)).toBe('Garage');
    expect(tileName(cp, connector('CP1', 2, 'Available'), 2)).toBe('Garage:2');
    expect(tileName(cp, connector('CP1', 2, 'Available', { name: 'Left' }), 2)).toBe('Left');
    expect(tileName(station('CP2', ''), connector('CP2', 1, 'Available'), 2)).toBe('CP2:1');
  });

  it('judge each connector of a multi-connector station on its own, with duration, last energy and live values', () => {
    const tiles = buildTiles(
      [station('CP0', 'Bare', false), station('CP1', 'Garage')],
      [
        connector('CP1', 0, 'Available'),
        connector('CP1', 1, 'Occupied', { powerW: 7200, soc: 55 }),
        connector('CP1', 2, 'Available'),
        connector('CP1', 3, 'Faulted'),
      ],
      [tx(7, 'CP1', 1, { status: 'Active', energyWh: null }), tx(5, 'CP1', 2), tx(4, 'CP1', 2, { energyWh: 1 })],
    );
    expect(tiles.map((t) => [t.key, t.name, t.state])).toEqual([
      ['CP0/0', 'Bare', 'Available'],
      ['CP1/1', 'Garage:1', 'Charging'],
      ['CP1/2', 'Garage:2', 'Available'],
      ['CP1/3', 'Garage:3', 'Faulted'],
    ]);
    expect(tiles[0]).toMatchObject({ online: false, chargingSince: null, lastEnergyWh: null });
    expect(tiles[1]).toMatchObject({ chargingSince: '2026-03-01T10:00:00.000Z', powerW: 7200, soc: 55, lastEnergyWh: null });
    expect(tiles[2]).toMatchObject({ lastEnergyWh: 12_345, powerW: null, soc: null });
  });

  it('sort naturally by station name (else id), then id, then connector', () => {
    const key = (chargePointId: string, stationName: string, evseId = 1) => ({ chargePointId, stationName, evseId, state: 'Available' as const, online: true });
    const sorted = sortKeys([key('l10', 'load 10'), key('l2', 'load 2', 2), key('b', ''), key('l2', 'load 2', 1), key('x', 'Load 2'), key('a1', ' ')]);
    expect(sorted.map((k) => `${k.chargePointId}/${k.evseId}`)).toEqual(['a1/1', 'b/1', 'l2/1', 'l2/2', 'x/1', 'l10/1']);
  });

  it('draw a meter curve from energy registers and power, per phase summed when no total is sent', () => {
    const at = (s: number) => new Date(Date.UTC(2026, 2, 1, 10, 0, s));
    const sample = (s: number, measurand: string, value: number, unit: string, phase: string | null = null) =>
      ({ id: s, chargePointId: 'CP1', transactionId: 1, evseId: 1, sampledAt: at(s), measurand, value, unit, phase, location: null, context: null });
    const curve = meterCurve(
      [
        sample(0, 'Energy.Active.Import.Register', 1.5, 'kWh'),
        sample(0, 'Power.Active.Import', 3.6, 'kW'),
        sample(60, 'Energy.Active.Import.Register', 1560, 'Wh'),
        sample(60, 'Power.Active.Import', 1200, 'W', 'L1'),
        sample(60, 'Power.Active.Import', 1300, 'W', 'L2'),
        sample(60, 'Voltage', 230, 'V'),
      ],
      1500,
    );
    expect(curve).toEqual([
      { at: at(0).toISOString(), energyWh: 0, powerW: 3600 },
      { at: at(60).toISOString(), energyWh: 60, powerW: 2500 },
    ]);
  });
});
