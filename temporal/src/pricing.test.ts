import { describe, expect, it } from 'vitest';
import type { PricingSnapshot } from './payments.ts';
import { costOf, energyCostMinor, holdAmountMinor, pricingGap, settle } from './pricing.ts';

const base: PricingSnapshot = {
  currency: 'EUR',
  pricePerMwhMinor: 39_500, // 0.395 €/kWh
  maxEnergyWh: 30_000,
  sessionFeeMinor: 100,
  usageFeePerMinuteMinor: 0,
  freeMinutes: 0,
  maxBillableMinutes: null,
  usageFeeFrom: 'sessionStart',
  freeCharging: false,
};
const t0 = new Date('2026-03-01T10:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe('pricing', () => {
  it('rounds the energy cost half up to whole minor units', () => {
    expect(energyCostMinor(39_500, 12_345)).toBe(488); // 487.6275
    expect(energyCostMinor(10_000, 50)).toBe(1); // 0.5 → 1
    expect(energyCostMinor(10_000, 49)).toBe(0);
    expect(energyCostMinor(0, 10_000)).toBe(0);
  });

  it('holds the price of the maximum energy, the capped minutes and the session fee', () => {
    expect(holdAmountMinor(base)).toBe(1185 + 100);
    expect(holdAmountMinor({ ...base, usageFeePerMinuteMinor: 10, freeMinutes: 30, maxBillableMinutes: 120 })).toBe(1285 + 1200);
  });

  it('has no hold for free or incomplete price lists', () => {
    expect(pricingGap({ ...base, freeCharging: true })).toBe('freeCharging');
    expect(pricingGap({ ...base, pricePerMwhMinor: 0, sessionFeeMinor: 0 })).toBe('freeCharging');
    expect(pricingGap({ ...base, maxEnergyWh: null })).toBe('pricingMissing');
    expect(pricingGap({ ...base, usageFeePerMinuteMinor: 5 })).toBe('pricingMissing');
    expect(holdAmountMinor({ ...base, maxEnergyWh: null })).toBeNull();
  });

  it('charges nothing below the minimum energy', () => {
    const cost = costOf(base, { energyWh: 999, startedAt: t0, stoppedAt: at(90), unpluggedAt: null }, 1000);
    expect(cost).toMatchObject({ totalMinor: 0, belowMinimumEnergy: true });
  });

  it('bills usage minutes from the start, after the free minutes, up to the cap', () => {
    const pricing = { ...base, usageFeePerMinuteMinor: 10, freeMinutes: 30, maxBillableMinutes: 60 };
    const cost = costOf(pricing, { energyWh: 10_000, startedAt: t0, stoppedAt: at(75.9), unpluggedAt: null }, 1000);
    expect(cost).toMatchObject({ energyMinor: 395, sessionFeeMinor: 100, billedMinutes: 45, timeFeeMinor: 450, totalMinor: 945 });
    const capped = costOf(pricing, { energyWh: 10_000, startedAt: t0, stoppedAt: at(500), unpluggedAt: null }, 1000);
    expect(capped.billedMinutes).toBe(60);
  });

  it('bills idle minutes from the stop to the unplug', () => {
    const pricing = { ...base, usageFeePerMinuteMinor: 10, freeMinutes: 5, maxBillableMinutes: 60, usageFeeFrom: 'chargingEnd' as const };
    const cost = costOf(pricing, { energyWh: 10_000, startedAt: t0, stoppedAt: at(100), unpluggedAt: at(120) }, 1000);
    expect(cost).toMatchObject({ billedMinutes: 15, timeFeeMinor: 150 });
  });

  it('captures at most the hold and releases an amount below the minimum charge', () => {
    const cost = costOf(base, { energyWh: 40_000, startedAt: t0, stoppedAt: at(60), unpluggedAt: null }, 1000);
    expect(settle(cost, 1285, 50)).toMatchObject({ capturedMinor: 1285, releasedMinor: 0 });
    const small = costOf({ ...base, sessionFeeMinor: 0 }, { energyWh: 1000, startedAt: t0, stoppedAt: at(5), unpluggedAt: null }, 1000);
    expect(settle(small, 1285, 50)).toMatchObject({ capturedMinor: 0, releasedMinor: 1285, belowMinimumCharge: true });
  });
});
