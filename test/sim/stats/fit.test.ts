// Maximum-likelihood fits, goodness of fit and survival estimates on samples of known laws (drawn
// from the simulator's own seeded distributions): the chosen law is the true one and every true
// parameter lies inside its 99% interval; special functions against reference values.
import { describe, expect, it } from 'vitest';
import { chiSquareQuantile, chooseFit, digamma, fDistSf, fitCandidates, fitWeibullCensored, trigamma } from '../../../sim/stats/fit.ts';
import { fitPatience, kaplanMeier, kmSurvivalAt } from '../../../sim/stats/survival.ts';
import { Dist } from '../../../sim/random/dist.ts';
import { KeyedStream } from '../../../sim/random/stream.ts';
import { lgamma } from '../../../sim/stats/special.ts';

function sample(spec: ConstructorParameters<typeof Dist>[0], n: number, name: string): Float64Array {
  const d = new Dist(spec);
  const s = new KeyedStream(17, 0, name);
  return Float64Array.from({ length: n }, (_, i) => d.sample(s, i));
}

function covers(p: { ci99: [number, number] }, truth: number): boolean {
  return p.ci99[0] <= truth && truth <= p.ci99[1];
}

describe('special functions', () => {
  it('match reference values', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 10);
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 10);
    expect(trigamma(1)).toBeCloseTo((Math.PI * Math.PI) / 6, 10);
    expect(trigamma(0.5)).toBeCloseTo((Math.PI * Math.PI) / 2, 10);
    expect(chiSquareQuantile(0.95, 1)).toBeCloseTo(3.841459, 5);
    expect(chiSquareQuantile(0.975, 10)).toBeCloseTo(20.48318, 4);
    expect(fDistSf(4.102821, 2, 10)).toBeCloseTo(0.05, 5);
  });
});

describe('fitting durations', () => {
  const cases = [
    { spec: { dist: 'lognormal' as const, mean: 240, cv: 0.9 }, params: { mean: 240, cv: 0.9 } },
    { spec: { dist: 'gamma' as const, mean: 45, cv: 0.5 }, params: { mean: 45, cv: 0.5 } },
    { spec: { dist: 'weibull' as const, shape: 1.6, scale: 300 }, params: { shape: 1.6, scale: 300 } },
    { spec: { dist: 'exponential' as const, mean: 120 }, params: { mean: 120 } },
  ];
  for (const c of cases) {
    it(`chooses ${c.spec.dist} for ${c.spec.dist} data and covers its parameters`, () => {
      const xs = sample(c.spec, 20_000, c.spec.dist);
      const choice = chooseFit(fitCandidates(xs));
      // Nested laws pass too (exponential data also fits a gamma or Weibull of shape 1): the lowest AIC must be the truth or its nesting parent.
      const acceptable = c.spec.dist === 'exponential' ? ['exponential', 'gamma', 'weibull'] : [c.spec.dist];
      expect(acceptable).toContain(choice.chosen?.kind);
      const truthFit = choice.candidates.find((f) => f.kind === c.spec.dist)!;
      expect(truthFit.gof.p).toBeGreaterThan(0.001);
      for (const [name, value] of Object.entries(c.params)) expect(covers(truthFit.params.find((p) => p.name === name)!, value), name).toBe(true);
    });
  }

  it('rejects every candidate for a two-humped mixture', () => {
    const a = sample({ dist: 'lognormal', mean: 30, cv: 0.2 }, 5000, 'mix-a');
    const b = sample({ dist: 'lognormal', mean: 600, cv: 0.2 }, 5000, 'mix-b');
    const choice = chooseFit(fitCandidates(Float64Array.from([...a, ...b])));
    expect(choice.chosen).toBeNull();
  });
});

describe('censored durations', () => {
  const patience = sample({ dist: 'weibull', shape: 0.8, scale: 200 }, 20_000, 'patience');
  const offered = sample({ dist: 'exponential', mean: 150 }, 20_000, 'censor');
  const waits = patience.map((p, i) => Math.min(p, offered[i]));
  const events = Uint8Array.from(patience, (p, i) => (p <= offered[i] ? 1 : 0));

  it('Weibull MLE from censored data covers the true shape and scale', () => {
    const w = fitWeibullCensored(waits, events);
    expect(covers(w.params[0], 0.8)).toBe(true);
    expect(covers(w.params[1], 200)).toBe(true);
  });

  it('patience: Weibull chosen over the exponential, the naive mean biased low', () => {
    const p = fitPatience(waits, events);
    expect(p.chosen.dist).toBe('weibull');
    const trueMean = 200 * Math.exp(lgamma(1 + 1 / 0.8));
    expect(p.naive.ci99![1]).toBeLessThan(trueMean);
    expect(p.maxKmGap).toBeLessThan(0.02);
  });

  it('Kaplan-Meier without censoring is the empirical survival function', () => {
    const xs = sample({ dist: 'exponential', mean: 10 }, 500, 'km');
    const km = kaplanMeier(xs, new Uint8Array(500).fill(1));
    const sorted = Float64Array.from(xs).sort();
    for (const i of [0, 10, 250, 499]) expect(kmSurvivalAt(km, sorted[i])).toBeCloseTo(1 - (i + 1) / 500, 12);
    expect(kmSurvivalAt(km, -1)).toBe(1);
  });
});
