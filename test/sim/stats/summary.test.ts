import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  confidenceInterval,
  halfWidth,
  mean,
  pairedInterval,
  quantile,
  sampleVariance,
  welchInterval,
} from '../../../sim/stats/summary.ts';

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });

/** Sort-based oracle for R type 7: order statistics x(1..n), h = 1 + (n-1)p, linear between neighbours. */
function quantileOracle(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = 1 + (s.length - 1) * p; // 1-based, as in R's documentation
  const j = Math.floor(h);
  const g = h - j;
  const xj = s[j - 1];
  const xk = s[Math.min(j, s.length - 1)];
  return (1 - g) * xj + g * xk;
}

describe('mean and variance', () => {
  it('match hand-computed values', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    const xs = [2, 4, 4, 4, 5, 5, 7, 9]; // mean 5, Σ(x - 5)² = 32
    expect(mean(xs)).toBe(5);
    expect(sampleVariance(xs)).toBeCloseTo(32 / 7, 14);
    expect(mean([])).toBeNaN();
    expect(sampleVariance([3])).toBeNaN();
    expect(sampleVariance([3, 3, 3])).toBe(0);
  });

  it('variance survives a large common offset (the one-pass Σx² formula does not)', () => {
    // 4, 7, 13, 16 have variance 30; shifted by 1e9 the naive formula loses every digit.
    expect(sampleVariance([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16])).toBeCloseTo(30, 6);
    // Offsets that are exact in binary next to 1e12: variance (2·0.125²)/2.
    expect(sampleVariance(new Float64Array([1e12 + 0.125, 1e12 + 0.25, 1e12 + 0.375]))).toBeCloseTo(0.015625, 8);
  });

  it('agree with the two-pass formulas', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 2, maxLength: 60 }), (xs) => {
        const m = xs.reduce((a, b) => a + b, 0) / xs.length;
        const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
        const scale = Math.max(1, ...xs.map(Math.abs));
        expect(Math.abs(mean(xs) - m)).toBeLessThan(1e-12 * scale);
        expect(Math.abs(sampleVariance(xs) - v)).toBeLessThan(1e-9 * scale * scale);
      }),
    );
  });
});

describe('confidence intervals', () => {
  const xs = [2, 4, 4, 4, 5, 5, 7, 9];

  it('Student t interval matches hand/scipy values', () => {
    // 5 ± t(0.975, 7)·√(32/7/8); scipy.stats.t.interval
    const ci = confidenceInterval(xs)!;
    expect(ci[0]).toBeCloseTo(3.21251208176379, 12);
    expect(ci[1]).toBeCloseTo(6.787487918236209, 12);
    const ci99 = confidenceInterval(xs, 0.99)!;
    expect(ci99[0]).toBeCloseTo(2.354639279424657, 12);
    expect(ci99[1]).toBeCloseTo(7.6453607205753435, 12);
    expect(halfWidth(xs)).toBeCloseTo((ci[1] - ci[0]) / 2, 13);
  });

  it('null below two values, zero width for constant data', () => {
    expect(confidenceInterval([])).toBeNull();
    expect(confidenceInterval([1])).toBeNull();
    expect(halfWidth([1])).toBe(Infinity);
    expect(confidenceInterval([3.5, 3.5, 3.5])).toEqual([3.5, 3.5]);
    expect(halfWidth([3.5, 3.5])).toBe(0);
    expect(() => confidenceInterval(xs, 1)).toThrow(RangeError);
    expect(() => confidenceInterval(xs, 0)).toThrow(RangeError);
  });

  it('wider at higher level, narrower with more data of the same spread', () => {
    expect(halfWidth(xs, 0.99)).toBeGreaterThan(halfWidth(xs, 0.95));
    expect(halfWidth([...xs, ...xs])).toBeLessThan(halfWidth(xs));
  });

  it('Welch interval for mean(ys) - mean(xs) matches scipy', () => {
    const a = [1, 2, 3, 4, 5];
    const b = [2, 4, 6, 8, 10, 12];
    // scipy.stats.ttest_ind(b, a, equal_var=False).confidence_interval(); df = 6.9723
    const w = welchInterval(a, b)!;
    expect(w[0]).toBeCloseTo(0.016531304371169675, 11);
    expect(w[1]).toBeCloseTo(7.98346869562883, 11);
    const w90 = welchInterval(a, b, 0.9)!;
    expect(w90[0]).toBeCloseTo(0.809038772005434, 11);
    expect(w90[1]).toBeCloseTo(7.190961227994565, 11);
    expect(welchInterval([1], b)).toBeNull();
    expect(welchInterval([2, 2], [5, 5, 5])).toEqual([3, 3]);
  });

  it('Welch with one constant sample reduces to the other sample\'s t interval', () => {
    const b = [3, 8, 1, 9, 4];
    const w = welchInterval([10, 10, 10], b)!;
    const ci = confidenceInterval(b)!;
    expect(w[0]).toBeCloseTo(ci[0] - 10, 12);
    expect(w[1]).toBeCloseTo(ci[1] - 10, 12);
  });

  it('paired interval matches scipy and equals the t interval of the differences', () => {
    const a = [10.2, 11.5, 9.8, 12.1, 10.9];
    const b = [10.9, 12.0, 10.1, 12.8, 11.2];
    const p = pairedInterval(a, b)!;
    // scipy.stats.ttest_rel(b, a).confidence_interval()
    expect(p[0]).toBeCloseTo(0.25166720035924584, 12);
    expect(p[1]).toBeCloseTo(0.7483327996407542, 12);
    expect(pairedInterval([1], [2])).toBeNull();
    expect(() => pairedInterval([1, 2], [1, 2, 3])).toThrow(RangeError);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(finite, finite), { minLength: 2, maxLength: 40 }),
        fc.constantFrom(0.8, 0.95, 0.99),
        (pairs, level) => {
          const xs = pairs.map((q) => q[0]);
          const ys = pairs.map((q) => q[1]);
          const got = pairedInterval(xs, ys, level)!;
          const want = confidenceInterval(pairs.map((q) => q[1] - q[0]), level)!;
          const tol = 1e-9 * Math.max(1, Math.abs(want[0]), Math.abs(want[1]));
          expect(Math.abs(got[0] - want[0])).toBeLessThan(tol);
          expect(Math.abs(got[1] - want[1])).toBeLessThan(tol);
        },
      ),
    );
  });

  it('a constant paired shift gives a zero-width interval at the shift', () => {
    expect(pairedInterval([1, 5, 9, 2], [4, 8, 12, 5])).toEqual([3, 3]);
  });
});

describe('quantile (R type 7)', () => {
  it('matches hand-computed and NumPy values', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.1)).toBeCloseTo(1.9, 14);
    const xs = [3, 1, 4, 1, 5, 9, 2, 6]; // numpy.quantile
    const want: [number, number][] = [[0, 1], [0.1, 1], [0.25, 1.75], [0.5, 3.5], [0.9, 6.9], [1, 9]];
    for (const [p, q] of want) expect(quantile(xs, p)).toBeCloseTo(q, 13);
    expect(quantile([7], 0.3)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
    expect(() => quantile([1, 2], 1.1)).toThrow(RangeError);
  });

  it('agrees with a sort-based oracle, does not mutate, is monotone in p', () => {
    fc.assert(
      fc.property(
        fc.array(finite, { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, p, p2) => {
          const copy = [...xs];
          const q = quantile(xs, p);
          expect(xs).toEqual(copy);
          const want = quantileOracle(xs, p);
          expect(Math.abs(q - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
          expect(q).toBeGreaterThanOrEqual(Math.min(...xs));
          expect(q).toBeLessThanOrEqual(Math.max(...xs));
          const [lo, hi] = p <= p2 ? [p, p2] : [p2, p];
          expect(quantile(xs, lo)).toBeLessThanOrEqual(quantile(xs, hi));
        },
      ),
    );
  });

  it('accepts typed arrays, sorted or not, without mutating them', () => {
    const t = new Float64Array([5, 3, 9, 1]);
    expect(quantile(t, 0.5)).toBe(4);
    expect(Array.from(t)).toEqual([5, 3, 9, 1]);
    expect(quantile(new Float64Array([1, 3, 5, 9]), 0.5)).toBe(4);
  });
});
