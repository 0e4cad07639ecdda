import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './histogram.ts';

describe('LatencyHistogram', () => {
  it('gives percentiles within 3 % of the exact ones', () => {
    const h = new LatencyHistogram();
    for (let v = 1; v <= 100_000; v++) h.record(v);
    for (const p of [50, 90, 99, 99.9]) {
      const exact = (p / 100) * 100_000;
      expect(Math.abs(h.percentile(p) - exact) / exact).toBeLessThan(0.032);
    }
    expect(h.summary()).toMatchObject({ count: 100_000, min: 0.001, max: 100 });
  });

  it('is exact below 32 µs, caps huge values, and merges', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    a.record(7);
    b.record(1e12);
    a.merge(b);
    expect(a.count).toBe(2);
    expect(a.percentile(50)).toBe(7);
    expect(a.summary().max).toBe(1e9);
    expect(new LatencyHistogram().summary().p99).toBe(0);
  });
});
