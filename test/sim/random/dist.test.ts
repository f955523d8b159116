import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Dist, normalQuantileFast, type DistSpec } from '../../../sim/random/dist.ts';
import { KeyedStream } from '../../../sim/random/stream.ts';
import { gammaP, lgamma, normalCdf, normalQuantile } from '../../../sim/stats/special.ts';

// Statistical assertions use n = 200,000 keyed samples (entity = i) of a fixed stream per case. Thresholds:
//  - mean: |x̄ - μ| <= 6 σ/√n; the normal approximation puts the false-alarm rate near 2e-9;
//  - variance: |s² - σ²| <= 6 σ² √((κ - 1)/n), κ the distribution's (known) kurtosis: Var(s²) ≈ σ⁴(κ - 1)/n. The
//    statistic is skewed for heavy tails (lognormal cv 0.9 is the worst here: skewness of s² about 0.09), which
//    by an Edgeworth estimate raises the tail probability at 6 sd to ~1e-8: still far below the 0.1% budget;
//  - distribution shape: the Dvoretzky–Kiefer–Wolfowitz inequality P(sup|F_n - F| > ε) <= 2 exp(-2nε²), with ε chosen
//    for 1e-6 (an exact bound, no asymptotics).
// With about 60 such assertions the chance that a correct implementation fails any of them stays below 1e-4.

const N = 200_000;
const Z = 6;
const DKW_EPS = Math.sqrt(Math.log(2 / 1e-6) / (2 * N));

interface Case {
  label: string;
  spec: DistSpec;
  /** Kurtosis (fourth standardized moment; 3 for the normal). */
  kurtosis: number;
  /** Independent CDF for the shape check (continuous kinds). */
  cdf?: (x: number) => number;
}

/** Kurtosis from raw moments m1..m4. */
function kurtosisFromRaw(m1: number, m2: number, m3: number, m4: number): number {
  const v = m2 - m1 * m1;
  return (m4 - 4 * m3 * m1 + 6 * m2 * m1 * m1 - 3 * m1 ** 4) / (v * v);
}

function weibullCase(shape: number, scale: number): Case {
  const raw = (r: number) => scale ** r * Math.exp(lgamma(1 + r / shape));
  return {
    label: `weibull shape ${shape} scale ${scale}`,
    spec: { dist: 'weibull', shape, scale },
    kurtosis: kurtosisFromRaw(raw(1), raw(2), raw(3), raw(4)),
    cdf: (x) => -Math.expm1(-((x / scale) ** shape)),
  };
}

function lognormalCase(mean: number, cv: number): Case {
  const w = 1 + cv * cv;
  const s2 = Math.log(w);
  const mu = Math.log(mean) - s2 / 2;
  return {
    label: `lognormal mean ${mean} cv ${cv}`,
    spec: { dist: 'lognormal', mean, cv },
    kurtosis: w ** 4 + 2 * w ** 3 + 3 * w ** 2 - 3,
    cdf: (x) => normalCdf((Math.log(x) - mu) / Math.sqrt(s2)),
  };
}

function gammaCase(label: string, spec: DistSpec, shape: number, scale: number): Case {
  return { label, spec, kurtosis: 3 + 6 / shape, cdf: (x) => gammaP(shape, x / scale) };
}

const EMPIRICAL_VALUES = [30, 60, 60, 120, 300];

const CASES: Case[] = [
  { label: 'exponential mean 180', spec: { dist: 'exponential', mean: 180 }, kurtosis: 9, cdf: (x) => -Math.expm1(-x / 180) },
  { label: 'deterministic 42', spec: { dist: 'deterministic', value: 42 }, kurtosis: NaN },
  { label: 'uniform 30..90', spec: { dist: 'uniform', min: 30, max: 90 }, kurtosis: 1.8, cdf: (x) => Math.min(1, Math.max(0, (x - 30) / 60)) },
  lognormalCase(240, 0.9),
  lognormalCase(20, 0.25),
  gammaCase('gamma mean 45 cv 0.5 (shape 4)', { dist: 'gamma', mean: 45, cv: 0.5 }, 4, 45 / 4),
  gammaCase('gamma mean 60 cv 1.5 (shape 0.444 < 1)', { dist: 'gamma', mean: 60, cv: 1.5 }, 1 / 2.25, 60 * 2.25),
  gammaCase('gamma mean 1 cv 0.08 (daily volume)', { dist: 'gamma', mean: 1, cv: 0.08 }, 1 / 0.0064, 0.0064),
  gammaCase('erlang mean 120 k 3 (sum of exponentials)', { dist: 'erlang', mean: 120, k: 3 }, 3, 40),
  gammaCase('erlang mean 120 k 16 (largest summed)', { dist: 'erlang', mean: 120, k: 16 }, 16, 7.5),
  gammaCase('erlang mean 300 k 40 (gamma sampler)', { dist: 'erlang', mean: 300, k: 40 }, 40, 7.5),
  weibullCase(0.8, 200),
  weibullCase(2, 100),
  weibullCase(3.5, 50),
  {
    label: 'empirical',
    spec: { dist: 'empirical', values: EMPIRICAL_VALUES },
    kurtosis: (() => {
      const m = EMPIRICAL_VALUES.reduce((s, v) => s + v, 0) / EMPIRICAL_VALUES.length;
      const c = (p: number) => EMPIRICAL_VALUES.reduce((s, v) => s + (v - m) ** p, 0) / EMPIRICAL_VALUES.length;
      return c(4) / c(2) ** 2;
    })(),
  },
];

/** n keyed samples, entity = i, on a stream named after the case. */
function samples(d: Dist, label: string, n = N): Float64Array {
  const s = new KeyedStream(2026, 0, label);
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = d.sample(s, i);
  return xs;
}

/** Samples of each case in draw order and sorted, computed once on first use. */
const cache = new Map<string, { xs: Float64Array; sorted: Float64Array }>();
function caseSamples(c: Case): { xs: Float64Array; sorted: Float64Array } {
  let hit = cache.get(c.label);
  if (!hit) {
    const xs = samples(new Dist(c.spec), c.label);
    hit = { xs, sorted: Float64Array.from(xs).sort() };
    cache.set(c.label, hit);
  }
  return hit;
}

function meanVar(xs: Float64Array): { mean: number; variance: number } {
  let m = 0;
  for (const x of xs) m += x;
  m /= xs.length;
  let v = 0;
  for (const x of xs) v += (x - m) ** 2;
  return { mean: m, variance: v / (xs.length - 1) };
}

/** Fraction of sorted xs that are <= x. */
function ecdf(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo / sorted.length;
}

describe('Dist: samples against declared moments and distribution', () => {
  for (const c of CASES) {
    describe(c.label, () => {
      const d = new Dist(c.spec);

      it('samples are finite and non-negative', () => {
        const { xs } = caseSamples(c);
        let bad = 0;
        for (const x of xs) if (!(x >= 0 && x < Infinity)) bad++;
        expect(bad).toBe(0);
      });

      it('sample mean and variance lie within a CI of the declared mean and variance', () => {
        const { mean, variance } = meanVar(caseSamples(c).xs);
        if (c.spec.dist === 'deterministic') {
          expect(mean).toBe(d.mean);
          expect(variance).toBe(0);
          expect(d.variance).toBe(0);
          return;
        }
        const sd = Math.sqrt(d.variance);
        expect(Math.abs(mean - d.mean), `mean ${mean} vs ${d.mean}`).toBeLessThanOrEqual((Z * sd) / Math.sqrt(N));
        const tol = Z * d.variance * Math.sqrt((c.kurtosis - 1) / N);
        expect(Math.abs(variance - d.variance), `variance ${variance} vs ${d.variance}`).toBeLessThanOrEqual(tol);
      });

      if (c.cdf) {
        const cdf = c.cdf;
        it('empirical CDF stays within the DKW band of the true CDF (KS)', () => {
          const { sorted } = caseSamples(c);
          let dmax = 0;
          for (let i = 0; i < N; i++) {
            const f = cdf(sorted[i]);
            dmax = Math.max(dmax, (i + 1) / N - f, f - i / N);
          }
          expect(dmax).toBeLessThan(DKW_EPS);
        });
      }

      it('sample() equals draw() followed by out[0]', () => {
        const s = new KeyedStream(2026, 0, c.label);
        const { xs } = caseSamples(c);
        for (let e = 0; e < 2000; e++) {
          const v = d.sample(s, e);
          d.out[0] = NaN;
          d.draw(s, e);
          if (d.out[0] !== v || v !== xs[e]) throw new Error(`entity ${e}: sample ${v}, draw ${d.out[0]}, earlier ${xs[e]}`);
        }
      });
    });
  }
});

describe('Dist: declared moments', () => {
  it('match closed forms', () => {
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.abs(b));
    const exp = new Dist({ dist: 'exponential', mean: 180 });
    expect([exp.mean, exp.variance]).toEqual([180, 180 * 180]);
    const uni = new Dist({ dist: 'uniform', min: 30, max: 90 });
    expect([uni.mean, uni.variance]).toEqual([60, 300]);
    const ln = new Dist({ dist: 'lognormal', mean: 240, cv: 0.9 });
    close(ln.mean, 240);
    close(ln.variance, (240 * 0.9) ** 2);
    const ga = new Dist({ dist: 'gamma', mean: 45, cv: 0.5 });
    close(ga.variance, 22.5 ** 2);
    const er = new Dist({ dist: 'erlang', mean: 120, k: 3 });
    close(er.variance, 4800);
    for (const [k, lam] of [
      [0.8, 200],
      [2, 100],
      [3.5, 50],
    ]) {
      const w = new Dist({ dist: 'weibull', shape: k, scale: lam });
      const g1 = Math.exp(lgamma(1 + 1 / k));
      const g2 = Math.exp(lgamma(1 + 2 / k));
      expect(Math.abs(w.mean - lam * g1)).toBeLessThanOrEqual(1e-9 * lam * g1);
      expect(Math.abs(w.variance - lam * lam * (g2 - g1 * g1))).toBeLessThanOrEqual(1e-9 * lam * lam * g2);
    }
    // Weibull shape 2 (Rayleigh): mean λ√π/2, variance λ²(1 - π/4).
    const r = new Dist({ dist: 'weibull', shape: 2, scale: 100 });
    expect(Math.abs(r.mean - 50 * Math.sqrt(Math.PI))).toBeLessThan(1e-9);
    expect(Math.abs(r.variance - 10000 * (1 - Math.PI / 4))).toBeLessThan(1e-7);
    const em = new Dist({ dist: 'empirical', values: EMPIRICAL_VALUES });
    expect(em.mean).toBe(114);
    expect(em.variance).toBe((84 ** 2 + 54 ** 2 * 2 + 6 ** 2 + 186 ** 2) / 5);
  });
});

describe('Dist: sampling details', () => {
  const s = new KeyedStream(1, 0, 'details');

  it('inverse transform on draw 0 for exponential, uniform, weibull and lognormal', () => {
    const exp = new Dist({ dist: 'exponential', mean: 50 });
    const uni = new Dist({ dist: 'uniform', min: 10, max: 20 });
    const wb = new Dist({ dist: 'weibull', shape: 1.5, scale: 80 });
    const ln = new Dist({ dist: 'lognormal', mean: 100, cv: 0.5 });
    const s2 = Math.log1p(0.25);
    for (let e = 0; e < 500; e++) {
      const u = s.uniform(e, 0);
      expect(exp.sample(s, e)).toBe(-50 * Math.log(u));
      expect(uni.sample(s, e)).toBe(10 + 10 * u);
      expect(wb.sample(s, e)).toBe(80 * Math.pow(-Math.log(u), 1 / 1.5));
      const want = Math.exp(Math.log(100) - s2 / 2 + Math.sqrt(s2) * normalQuantile(u));
      expect(Math.abs(ln.sample(s, e) - want)).toBeLessThanOrEqual(1e-8 * want);
    }
  });

  it('erlang with k <= 16 sums exactly k exponentials from draws 0..k-1', () => {
    for (const k of [1, 2, 5, 16]) {
      const d = new Dist({ dist: 'erlang', mean: 90, k });
      for (let e = 0; e < 200; e++) {
        let sum = 0;
        for (let i = 0; i < k; i++) sum -= Math.log(s.uniform(e, i));
        expect(d.sample(s, e)).toBe(sum * (90 / k));
      }
    }
  });

  it('a scale parameter scales every variate (common random numbers across variants)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x7fffffff }), (e) => {
        const a = new Dist({ dist: 'exponential', mean: 100 }).sample(s, e);
        const b = new Dist({ dist: 'exponential', mean: 200 }).sample(s, e);
        expect(b).toBe(2 * a);
        const g1 = new Dist({ dist: 'gamma', mean: 100, cv: 0.7 }).sample(s, e);
        const g2 = new Dist({ dist: 'gamma', mean: 300, cv: 0.7 }).sample(s, e);
        expect(Math.abs(g2 - 3 * g1)).toBeLessThanOrEqual(1e-12 * g2);
      }),
      { numRuns: 300 },
    );
  });

  it('empirical resamples each listed value with its share', () => {
    const d = new Dist({ dist: 'empirical', values: EMPIRICAL_VALUES });
    const xs = samples(d, 'empirical-shares');
    const counts = new Map<number, number>();
    for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([30, 60, 120, 300]);
    for (const [v, p] of [
      [30, 0.2],
      [60, 0.4],
      [120, 0.2],
      [300, 0.2],
    ]) {
      // Binomial count within 6 sd (false alarm ~2e-9 each).
      expect(Math.abs(counts.get(v)! - N * p)).toBeLessThanOrEqual(Z * Math.sqrt(N * p * (1 - p)));
    }
  });
});

describe('Dist.quantile', () => {
  const continuous = CASES.filter((c) => ['exponential', 'uniform', 'lognormal', 'weibull'].includes(c.spec.dist));

  it('is monotone in u on (0, 1)', () => {
    const u01 = fc.double({ min: Number.MIN_VALUE, max: 1, noNaN: true, maxExcluded: true });
    for (const c of [...continuous, CASES.find((x) => x.spec.dist === 'empirical')!, CASES.find((x) => x.spec.dist === 'deterministic')!]) {
      const d = new Dist(c.spec);
      fc.assert(
        fc.property(u01, u01, (u, v) => {
          const [a, b] = u <= v ? [u, v] : [v, u];
          expect(d.quantile(a)).toBeLessThanOrEqual(d.quantile(b));
        }),
        { numRuns: 300 },
      );
    }
  });

  for (const c of continuous) {
    it(`matches the empirical quantiles of the samples: ${c.label}`, () => {
      const d = new Dist(c.spec);
      const { sorted } = caseSamples(c);
      let worst = 0;
      for (let k = 1; k < 1000; k++) {
        const p = k / 1000;
        worst = Math.max(worst, Math.abs(ecdf(sorted, d.quantile(p)) - p));
      }
      expect(worst).toBeLessThan(DKW_EPS); // DKW, see the top of the file
    });
  }

  it('inverts the closed-form CDFs', () => {
    for (const c of continuous) {
      const d = new Dist(c.spec);
      for (let k = 1; k < 200; k++) {
        const p = k / 200;
        expect(Math.abs(c.cdf!(d.quantile(p)) - p), `${c.label} at ${p}`).toBeLessThan(2e-9);
      }
    }
  });

  it('empirical quantile picks sorted values by share; deterministic is constant', () => {
    const d = new Dist({ dist: 'empirical', values: [300, 30, 120, 60, 60] });
    expect([0, 0.19, 0.2, 0.5, 0.59, 0.6, 0.8, 0.999].map((u) => d.quantile(u))).toEqual([30, 30, 60, 60, 60, 120, 300, 300]);
    const k = new Dist({ dist: 'deterministic', value: 7 });
    expect([k.quantile(0), k.quantile(0.5), k.quantile(0.99)]).toEqual([7, 7, 7]);
  });

  it('is NaN for kinds without a closed-form inverse (gamma, erlang)', () => {
    expect(new Dist({ dist: 'gamma', mean: 1, cv: 1 }).quantile(0.5)).toBeNaN();
    expect(new Dist({ dist: 'erlang', mean: 1, k: 2 }).quantile(0.5)).toBeNaN();
  });
});

describe('normalQuantileFast', () => {
  // Acklam's approximation has relative error below 1.15e-9. The reference normalQuantile is refined by Halley steps
  // on normalCdf(x) - p, which near p = 1/2 resolves x only to ~ulp(0.5)/φ(0) ≈ 3e-16 absolute, so an absolute floor
  // of 1e-15 is allowed for |x| tiny.
  const expectAccurate = (p: number) => {
    const got = normalQuantileFast(p);
    const want = normalQuantile(p);
    const err = Math.abs(got - want);
    if (!(err <= 1.2e-9 * Math.abs(want) + 1e-15)) throw new Error(`p = ${p}: ${got} vs ${want} (relative ${err / Math.abs(want)})`);
  };

  it('is accurate to 1.2e-9 relative on a grid across (1e-12, 1 - 1e-12)', () => {
    for (let e = -12; e <= -0.31; e += 0.01) {
      expectAccurate(10 ** e);
      expectAccurate(1 - 10 ** e);
    }
    for (let k = 1; k < 10_000; k++) expectAccurate(k / 10_000);
    // Around the switch between the central and the tail formulas.
    for (const p of [0.02425, 0.02425 - 1e-12, 0.02425 + 1e-12, 1 - 0.02425, 1 - 0.02425 + 1e-12, 1 - 0.02425 - 1e-12]) expectAccurate(p);
    expectAccurate(1e-12);
    expectAccurate(1 - 1e-12);
    expect(normalQuantileFast(0.5)).toBe(0);
  });

  it('is accurate to 1.2e-9 relative at random points', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }),
          fc.double({ min: -12, max: -0.3, noNaN: true }).map((e) => 10 ** e),
          fc.double({ min: -12, max: -0.3, noNaN: true }).map((e) => 1 - 10 ** e),
        ),
        (p) => expectAccurate(p),
      ),
      { numRuns: 5000 },
    );
  });
});
