import type { CostBreakdown, PricingSnapshot, Settlement } from './payments.ts';

/**
 * The money rules of a paid session, in integer minor units (docs/payments.md "Prices and rounding"). Pure, so the web
 * app shows the same hold the worker asks Stripe for.
 *
 * Rounding: the energy price is stored per MWh, so `energy = pricePerMwhMinor × Wh / 1,000,000`, rounded half up to
 * a whole minor unit once per amount (the fork rounds `round2(price × kWh)` away from zero, the same for positive
 * amounts). Minutes are whole minutes: a started minute is not billed.
 */

const WH_PER_MWH = 1_000_000;

/** `pricePerMwhMinor × wh / 1e6`, rounded half up, in integers only (exact below 2^53). */
export function energyCostMinor(pricePerMwhMinor: number, wh: number): number {
  if (wh <= 0 || pricePerMwhMinor <= 0) return 0;
  return Math.floor((pricePerMwhMinor * wh + WH_PER_MWH / 2) / WH_PER_MWH);
}

/** Why no hold can be computed, or null: the hold must cover the most a session can cost. */
export function pricingGap(pricing: PricingSnapshot): 'freeCharging' | 'pricingMissing' | null {
  const noPrice = pricing.pricePerMwhMinor <= 0 && pricing.sessionFeeMinor <= 0 && pricing.usageFeePerMinuteMinor <= 0;
  if (pricing.freeCharging || noPrice) return 'freeCharging';
  if (pricing.pricePerMwhMinor > 0 && (pricing.maxEnergyWh === null || pricing.maxEnergyWh <= 0)) return 'pricingMissing';
  if (pricing.usageFeePerMinuteMinor > 0 && pricing.maxBillableMinutes === null) return 'pricingMissing';
  return null;
}

/**
 * The hold (the fork's formula): the energy price of the maximum energy + the per-minute fee of the billable minutes
 * (the cap, as the fork's `MaxUsageFeeMinutes − StartUsageFeeAfterMinutes`; here the cap already excludes the free
 * minutes) + the session fee. Null when {@link pricingGap} says there is none.
 */
export function holdAmountMinor(pricing: PricingSnapshot): number | null {
  if (pricingGap(pricing) !== null) return null;
  const energy = energyCostMinor(pricing.pricePerMwhMinor, pricing.maxEnergyWh ?? 0);
  const minutes = pricing.usageFeePerMinuteMinor > 0 ? (pricing.maxBillableMinutes ?? 0) : 0;
  return energy + pricing.usageFeePerMinuteMinor * minutes + pricing.sessionFeeMinor;
}

/** What a session used: energy, and the times the per-minute fee counts between. */
export interface Usage {
  readonly energyWh: number;
  /** Start of the transaction. */
  readonly startedAt: Date;
  /** Its stop (end of charging). */
  readonly stoppedAt: Date;
  /** When the cable was unplugged (idle fee); null when unknown (then no idle minutes are billed). */
  readonly unpluggedAt: Date | null;
}

function wholeMinutes(from: Date, to: Date | null): number {
  if (to === null) return 0;
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));
}

/**
 * The cost by the price list: nothing below the minimum energy (the fork's no-charge rule); else energy + session fee
 * + (minutes − free minutes, at most the cap) × per-minute fee, minutes counted from the start to the stop
 * (`sessionStart`) or from the stop to the unplug (`chargingEnd`).
 */
export function costOf(pricing: PricingSnapshot, usage: Usage, minimumEnergyWh: number): CostBreakdown {
  const energyWh = Math.max(0, usage.energyWh);
  if (energyWh < minimumEnergyWh || pricing.freeCharging) {
    return { energyWh, energyMinor: 0, sessionFeeMinor: 0, billedMinutes: 0, timeFeeMinor: 0, totalMinor: 0, belowMinimumEnergy: !pricing.freeCharging };
  }
  const energyMinor = energyCostMinor(pricing.pricePerMwhMinor, energyWh);
  const minutes =
    pricing.usageFeeFrom === 'chargingEnd' ? wholeMinutes(usage.stoppedAt, usage.unpluggedAt) : wholeMinutes(usage.startedAt, usage.stoppedAt);
  const billable = Math.max(0, minutes - pricing.freeMinutes);
  const billedMinutes = pricing.usageFeePerMinuteMinor > 0 ? Math.min(billable, pricing.maxBillableMinutes ?? billable) : 0;
  const timeFeeMinor = billedMinutes * pricing.usageFeePerMinuteMinor;
  const sessionFeeMinor = pricing.sessionFeeMinor;
  return {
    energyWh,
    energyMinor,
    sessionFeeMinor,
    billedMinutes,
    timeFeeMinor,
    totalMinor: energyMinor + sessionFeeMinor + timeFeeMinor,
    belowMinimumEnergy: false,
  };
}

/**
 * What to capture: min(cost, hold), or nothing when that is below the currency's minimum charge (a capture below it
 * fails at Stripe), in which case the whole hold is released.
 */
export function settle(breakdown: CostBreakdown, holdMinor: number, minimumChargeMinor: number): Settlement {
  const owed = Math.min(breakdown.totalMinor, holdMinor);
  const belowMinimumCharge = owed > 0 && owed < minimumChargeMinor;
  const capturedMinor = belowMinimumCharge ? 0 : owed;
  return { breakdown, holdMinor, capturedMinor, releasedMinor: holdMinor - capturedMinor, belowMinimumCharge };
}
