import { describe, expect, it } from 'vitest';
import { twoProportionTest, twoSidedP, wilson } from './stats.js';

describe('experiment statistics', () => {
  it('Wilson intervals match published values', () => {
    expect(wilson(0, 0)).toEqual({ value: 0, low: 0, high: 0 });
    const half = wilson(50, 100);
    expect(half.low).toBeCloseTo(0.4038, 4);
    expect(half.high).toBeCloseTo(0.5962, 4);
    const rare = wilson(1, 10);
    expect(rare.low).toBeCloseTo(0.0179, 4);
    expect(rare.high).toBeCloseTo(0.4042, 4);
    // Never outside [0, 1], even at the edges.
    expect(wilson(0, 20).low).toBe(0);
    expect(wilson(20, 20).high).toBeLessThanOrEqual(1);
  });

  it('the two-proportion z-test gives the textbook p-values', () => {
    expect(twoSidedP(1.959963984540054)).toBeCloseTo(0.05, 6);
    expect(twoSidedP(0)).toBeCloseTo(1, 6);
    const t = twoProportionTest(80, 1000, 50, 1000);
    expect(t.z).toBeCloseTo(2.7213, 3);
    expect(t.p).toBeCloseTo(0.0065, 4);
    expect(twoProportionTest(5, 100, 5, 100).p).toBeCloseTo(1, 6);
    expect(twoProportionTest(1, 0, 1, 10)).toEqual({ z: 0, p: 1 });
  });
});
