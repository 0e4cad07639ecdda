import type { ConnectorMeter } from './station-sessions.ts';

/** Why a power derived from two energy readings was dropped. */
export type ImplausibleDerivation = 'tooClose' | 'registerBackwards' | 'tooHigh';

/**
 * Readings closer together than this give no power: a register counts whole Wh, so over milliseconds one Wh becomes
 * megawatts (a stop's final reading 13 ms after the last sample showed 830,769 kW on a 7.2 kW session).
 */
export const MIN_DERIVATION_INTERVAL_MS = 10_000;

/** More than any charger delivers (MCS tops out at 3.75 MW): a derivation above it is a meter or clock fault. */
export const MAX_PLAUSIBLE_POWER_W = 4_000_000;

/** What the connector's live power becomes after a reading. */
export type PowerDecision =
  | { readonly kind: 'measured'; readonly powerW: number }
  | { readonly kind: 'derived'; readonly powerW: number }
  | { readonly kind: 'none' }
  | { readonly kind: 'dropped'; readonly reason: ImplausibleDerivation };

/**
 * The live power a reading gives the connector. A measured `Power.Active.Import` wins. Without one, the power is
 * derived from the energy delta since the previous reading (as OCPP.Core does for KEBA), but never on a connector
 * whose station reports power itself, and never from readings too close together, a register going backwards or a
 * result beyond any charger: those are dropped (and counted by the caller), leaving the live power as it was.
 */
export function livePower(reading: { readonly at: Date; readonly energyWh?: number; readonly powerW?: number }, known: ConnectorMeter | undefined): PowerDecision {
  if (reading.powerW !== undefined) return reading.powerW >= 0 ? { kind: 'measured', powerW: reading.powerW } : { kind: 'none' };
  if (reading.energyWh === undefined || known === undefined || known.wh === null || known.powerMeasured) return { kind: 'none' };
  const elapsedMs = reading.at.getTime() - known.atMs;
  if (elapsedMs < MIN_DERIVATION_INTERVAL_MS) return elapsedMs === 0 && reading.energyWh === known.wh ? { kind: 'none' } : { kind: 'dropped', reason: 'tooClose' };
  if (reading.energyWh < known.wh) return { kind: 'dropped', reason: 'registerBackwards' };
  const powerW = (reading.energyWh - known.wh) / (elapsedMs / 3_600_000);
  return powerW > MAX_PLAUSIBLE_POWER_W ? { kind: 'dropped', reason: 'tooHigh' } : { kind: 'derived', powerW };
}
