import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  erlangA,
  erlangAWaitCdf,
  erlangB,
  erlangC,
  logInverseErlangB,
  meanLogRatio,
  minAgents,
  type ErlangAParams,
  type QueueMetrics,
} from '../../../sim/theory/erlang.ts';
import { chainErlangB, chainQueue, type ChainResult } from '../../../sim/theory/birth-death.ts';
import { logGammaQ, logPoissonTerm } from '../../../sim/stats/special.ts';

/** Relative difference, with a floor so values that both underflow compare equal. */
function relErr(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-280);
}

/** The DOMAIN.md example: 100 calls per 30 min, AHT 3 min, T = 20 s. */
const example = { agents: 14, arrivalRatePerSecond: 100 / 1800, meanHandleSeconds: 180, slSeconds: 20 };

describe('Erlang B', () => {
  it('published values for a = 10', () => {
    expect(erlangB(10, 10)).toBeCloseTo(0.214582, 6);
    expect(erlangB(15, 10)).toBeCloseTo(0.036497, 6);
    expect(erlangB(0, 3)).toBe(1);
    expect(erlangB(5, 0)).toBe(0);
  });

  it('recursion agrees with the incomplete-gamma form B = poisson(c; a) / P(N <= c)', () => {
    for (const c of [1, 7, 50, 400, 2000, 5000]) {
      for (const rho of [0.02, 0.5, 0.98, 1.3, 4]) {
        const a = rho * c;
        // The gamma form subtracts two logarithms of size |ln poisson(c; a)|: allow for their rounding.
        const lp = logPoissonTerm(c, a);
        const viaGamma = logGammaQ(c + 1, a) - lp;
        expect(Math.abs(logInverseErlangB(c, a) - viaGamma)).toBeLessThan(1e-14 * Math.max(1, Math.abs(lp)));
      }
    }
    // ln(1/B) = ln Σ_k c!/(k! a^{c-k}) summed in mpmath at 40 digits.
    expect(relErr(logInverseErlangB(5000, 20000), 0.28765985442576962206)).toBeLessThan(1e-14);
    expect(relErr(logInverseErlangB(2000, 8000), 0.28762654311018274178)).toBeLessThan(1e-14);
    expect(relErr(logInverseErlangB(5000, 6500), 1.4641299583889945185)).toBeLessThan(1e-14);
  });

  it('agrees with the M/M/c/c chain and keeps tiny values', () => {
    for (const [c, a] of [[1, 0.5], [10, 10], [120, 100], [1000, 990], [5000, 4900]]) {
      expect(relErr(erlangB(c, a), chainErlangB(c, a))).toBeLessThan(1e-10);
    }
    // B(5000, 1000) ≈ e^{-3000}: below doubles, but its logarithm is exact.
    expect(erlangB(5000, 1000)).toBe(0);
    const lp = logPoissonTerm(5000, 1000);
    expect(relErr(logInverseErlangB(5000, 1000), logGammaQ(5001, 1000) - lp)).toBeLessThan(1e-14);
    expect(erlangB(200, 60)).toBeGreaterThan(0);
    expect(relErr(erlangB(200, 60), chainErlangB(200, 60))).toBeLessThan(1e-10);
  });
});

describe('Erlang C', () => {
  it('published values', () => {
    const m = erlangC(example);
    expect(m.stable).toBe(true);
    expect(m.waitProbability).toBeCloseTo(0.174132, 6);
    expect(m.serviceLevel).toBeCloseTo(0.88835, 6);
    expect(m.asa).toBeCloseTo(7.836, 3);
    expect(m.occupancy).toBeCloseTo(10 / 14, 12);
    expect(m.abandonProbability).toBe(0);
  });

  it('matches the textbook formula C = cB / (c - a(1 - B)) where that is safe', () => {
    for (const [c, a] of [[3, 2], [14, 10], [60, 55]]) {
      const b = erlangB(c, a);
      const m = erlangC({ ...example, agents: c, arrivalRatePerSecond: a / 180 });
      expect(relErr(m.waitProbability, (c * b) / (c - a * (1 - b)))).toBeLessThan(1e-13);
    }
  });

  it('is marked unstable at rho >= 1', () => {
    const m = erlangC({ agents: 10, arrivalRatePerSecond: 10, meanHandleSeconds: 1, slSeconds: 20 });
    expect(m.rho).toBe(1);
    expect(m.stable).toBe(false);
    expect(m.waitProbability).toBe(1);
    expect(m.asa).toBe(Infinity);
    expect(m.serviceLevel).toBe(0);
    expect(erlangC({ ...example, agents: 9 }).stable).toBe(false);
    expect(erlangC({ ...example, agents: 11 }).stable).toBe(true);
  });
});

describe('Erlang A', () => {
  it('published values (mean patience 5 min)', () => {
    const a14 = erlangA({ ...example, meanPatienceSeconds: 300 });
    expect(a14.waitProbability).toBeCloseTo(0.14526, 6);
    expect(a14.abandonProbability).toBeCloseTo(0.013984, 6);
    expect(a14.serviceLevel).toBeCloseTo(0.916792, 6);
    const a12 = erlangA({ ...example, agents: 12, meanPatienceSeconds: 300 });
    expect(a12.abandonProbability).toBeCloseTo(0.042711, 6);
    expect(a12.serviceLevel).toBeCloseTo(0.772279, 6);
  });

  it('matches the GMR textbook expressions where they do not cancel', () => {
    // P(abandon | wait) = 1/(ρA) + 1 - 1/ρ; E[W] = P(abandon)/θ; occupancy = ρ(1 - P(abandon)).
    const m = erlangA({ ...example, agents: 12, meanPatienceSeconds: 300 });
    expect(m.meanWait).toBeCloseTo(m.abandonProbability * 300, 12);
    expect(m.occupancy).toBeCloseTo(m.rho * (1 - m.abandonProbability), 14);
    expect(m.meanQueueLength).toBeCloseTo(m.meanWait * example.arrivalRatePerSecond, 14);
  });

  it('approaches Erlang C smoothly as patience grows (rho < 1)', () => {
    const c = erlangC(example);
    const gap = (patience: number, key: 'waitProbability' | 'asa' | 'serviceLevel'): number =>
      Math.abs(erlangA({ ...example, meanPatienceSeconds: patience })[key] - c[key]) / c[key];
    for (const key of ['waitProbability', 'asa', 'serviceLevel'] as const) {
      expect(gap(1e7, key)).toBeLessThan(1e-4);
      expect(gap(1e7, key)).toBeGreaterThan(0);
      // The gap is O(θ): a 100-fold longer patience shrinks it about 100-fold.
      const shrink = gap(1e7, key) / gap(1e9, key);
      expect(shrink).toBeGreaterThan(80);
      expect(shrink).toBeLessThan(120);
    }
    expect(erlangA({ ...example, meanPatienceSeconds: Infinity })).toEqual(c);
  });

  it('stays finite and in range for c = 5000', () => {
    for (const load of [4900, 100]) {
      const base = { agents: 5000, arrivalRatePerSecond: load / 180, meanHandleSeconds: 180, slSeconds: 20 };
      const all: QueueMetrics[] = [
        erlangC(base),
        erlangA({ ...base, meanPatienceSeconds: 300 }),
        erlangA({ ...base, meanPatienceSeconds: 1e7 }),
        erlangA({ ...base, meanPatienceSeconds: 1 }),
      ];
      for (const m of all) {
        for (const [k, v] of Object.entries(m)) {
          if (k === 'stable') continue;
          expect(Number.isFinite(v), `${k} = ${v}`).toBe(true);
        }
        for (const k of ['waitProbability', 'abandonProbability', 'abandonGivenWait', 'serviceLevel',
          'serviceLevelAnswered', 'occupancy', 'piC'] as const) {
          expect(m[k]).toBeGreaterThanOrEqual(0);
          expect(m[k]).toBeLessThanOrEqual(1);
        }
      }
      if (load === 4900) {
        const p = { ...base, meanPatienceSeconds: 300 };
        const ch = chainQueue(p);
        const cf = erlangA(p);
        for (const k of ['waitProbability', 'abandonProbability', 'asa', 'serviceLevel'] as const) {
          expect(relErr(cf[k], ch[k])).toBeLessThan(1e-9);
        }
      }
    }
  });

  it('invariants hold for random inputs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        fc.double({ min: 10, max: 1000, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 120, noNaN: true }),
        (c, rho, handle, ratio, t) => {
          const p = { agents: c, arrivalRatePerSecond: (rho * c) / handle, meanHandleSeconds: handle,
            slSeconds: t, meanPatienceSeconds: ratio * handle };
          const m = erlangA(p);
          const eps = 1e-12;
          expect(m.abandonProbability).toBeGreaterThanOrEqual(0);
          expect(m.abandonProbability).toBeLessThanOrEqual(m.waitProbability * (1 + eps));
          expect(m.waitProbability).toBeLessThanOrEqual(1);
          expect(m.serviceLevel).toBeLessThanOrEqual(1 - m.abandonProbability + eps);
          expect(m.serviceLevel).toBeGreaterThanOrEqual(1 - m.waitProbability - eps);
          expect(m.occupancy).toBeLessThanOrEqual(Math.min(1, m.rho) * (1 + eps));
          const cdf = erlangAWaitCdf(p, t);
          expect(relErr(cdf.answeredWithin, m.serviceLevel)).toBeLessThan(1e-14);
          expect(cdf.waitAtMost).toBeGreaterThanOrEqual(cdf.answeredWithin - eps);
          const later = erlangAWaitCdf(p, t + 5);
          expect(later.waitAtMost).toBeGreaterThanOrEqual(cdf.waitAtMost - eps);
          expect(later.answeredWithin).toBeGreaterThanOrEqual(cdf.answeredWithin - eps);
        },
      ),
    );
  });

  it('wait cdf at 0 and at infinity', () => {
    const p = { ...example, agents: 12, meanPatienceSeconds: 300 };
    const m = erlangA(p);
    expect(erlangAWaitCdf(p, 0).waitAtMost).toBeCloseTo(1 - m.waitProbability, 14);
    expect(erlangAWaitCdf(p, 0).answeredWithin).toBeCloseTo(1 - m.waitProbability, 14);
    expect(erlangAWaitCdf(p, Infinity).waitAtMost).toBe(1);
    expect(erlangAWaitCdf(p, Infinity).answeredWithin).toBeCloseTo(1 - m.abandonProbability, 14);
    expect(erlangAWaitCdf(p, 1e5).answeredWithin).toBeCloseTo(1 - m.abandonProbability, 14);
  });
});

describe('closed forms against the birth–death chain', () => {
  const keys = ['waitProbability', 'abandonProbability', 'abandonGivenWait', 'asa', 'meanWait', 'serviceLevel',
    'serviceLevelAnswered', 'piC'] as const;
  const handle = 180;

  function compare(p: ErlangAParams): number {
    const cf = erlangA(p);
    const ch: ChainResult = chainQueue(p);
    let worst = 0;
    for (const k of keys) {
      const e = relErr(cf[k], ch[k]);
      if (!(e < 1e-9)) throw new Error(`${k}: closed ${cf[k]} vs chain ${ch[k]} for ${JSON.stringify(p)}`);
      worst = Math.max(worst, e);
    }
    // Little's law: the chain's queue length comes from π, the closed form's from λ·E[W].
    expect(relErr(cf.meanQueueLength, ch.meanQueueLength)).toBeLessThan(1e-9);
    const cdf = erlangAWaitCdf(p, p.slSeconds);
    expect(relErr(cdf.waitAtMost, ch.waitAtMost)).toBeLessThan(1e-9);
    return worst;
  }

  for (const c of [1, 2, 5, 14, 50, 200, 1000, 2000]) {
    it(`c = ${c}: Erlang A over loads 0.3–1.3 and patience/handle 0.1–10, Erlang C for rho < 1`, () => {
      let worst = 0;
      for (const rho of [0.3, 0.7, 0.95, 1.1, 1.3]) {
        for (const ratio of [0.1, 1, 10, Infinity]) {
          if (ratio === Infinity && rho >= 1) continue;
          // T of the order of the typical wait, so SL is neither 0 nor 1 to all digits.
          for (const f of [0.5, 3]) {
            worst = Math.max(worst, compare({ agents: c, arrivalRatePerSecond: (rho * c) / handle,
              meanHandleSeconds: handle, slSeconds: (f * handle) / c, meanPatienceSeconds: ratio * handle }));
          }
        }
      }
      expect(worst).toBeLessThan(1e-9);
    });
  }

  it('the published example and very long patience, up to critical load', () => {
    compare({ ...example, meanPatienceSeconds: 300 });
    compare({ ...example, agents: 12, meanPatienceSeconds: 300 });
    compare({ ...example, meanPatienceSeconds: 1e7 });
    compare({ ...example, agents: 11, meanPatienceSeconds: 1e7 });
    // x = cμ/θ in the millions: A(x, y) ≈ 1/(1-ρ) and the textbook P(abandon | wait) would cancel to noise.
    for (const [c, rho, patience] of [[200, 1, 1e7], [1, 0.999, 1e9], [5000, 0.999, 1e7]]) {
      compare({ agents: c, arrivalRatePerSecond: (rho * c) / handle, meanHandleSeconds: handle, slSeconds: 20,
        meanPatienceSeconds: patience });
    }
  });
});

describe('E[ln(y/U)] quadrature', () => {
  /**
   * Series oracle: with w_k = y^k / ((x+2)...(x+k+1)) and H_k = Σ_{i=1..k+1} 1/(x+i),
   * E[ln(y/U) | U < y] = Σ w_k H_k / Σ w_k for U ~ Gamma(x+1) (expand e^{y(1-s)} under the integral).
   */
  function seriesOracle(x: number, y: number): number {
    let w = 1;
    let h = 1 / (x + 1);
    let num = h;
    let den = 1;
    for (let k = 1; k < 10_000_000; k++) {
      w *= y / (x + k + 1);
      h += 1 / (x + k + 1);
      num += w * h;
      den += w;
      if (w < 1e-18 * den && k > y - x) break;
    }
    return num / den;
  }

  it('matches the series from tiny to huge x, under- and overloaded', () => {
    for (const x of [0.1, 1, 3, 50, 1e4, 1e6, 1e8]) {
      for (const rho of [0.01, 0.3, 0.9, 0.999, 1.2]) {
        if (rho > 1 && x > 1e4) continue; // the oracle's terms would overflow
        expect(relErr(meanLogRatio(x, rho * x), seriesOracle(x, rho * x))).toBeLessThan(1e-12);
      }
    }
    expect(relErr(meanLogRatio(2, 30), seriesOracle(2, 30))).toBeLessThan(1e-12);
  });
});

describe('minAgents', () => {
  const base = { arrivalRatePerSecond: 100 / 1800, meanHandleSeconds: 180, slSeconds: 20 };

  function scan(params: Parameters<typeof minAgents>[0], ok: (m: QueueMetrics) => boolean): number {
    for (let c = 1; ; c++) {
      const m = erlangA({ ...params, agents: c, meanPatienceSeconds: params.meanPatienceSeconds ?? Infinity });
      if (m.stable && ok(m)) return c;
    }
  }

  it('equals a linear scan for several targets, Erlang A and C', () => {
    for (const load of [10, 97.3, 800]) {
      for (const patience of [300, undefined]) {
        const params = { ...base, arrivalRatePerSecond: load / 180, meanPatienceSeconds: patience };
        const targets = [{ serviceLevel: 0.8 }, { serviceLevel: 0.95 }, { maxAbandon: 0.01 }, { maxAsa: 5 },
          { serviceLevel: 0.8, maxAsa: 2 }];
        for (const tgt of targets) {
          if (patience === undefined && tgt.maxAbandon !== undefined) continue;
          const got = minAgents(params, tgt);
          const want = scan(params, (m) =>
            (tgt.serviceLevel === undefined || m.serviceLevel >= tgt.serviceLevel) &&
            (tgt.maxAbandon === undefined || m.abandonProbability <= tgt.maxAbandon) &&
            (tgt.maxAsa === undefined || m.asa <= tgt.maxAsa));
          expect(got, `${load} ${patience} ${JSON.stringify(tgt)}`).toBe(want);
        }
      }
    }
  });

  it('the DOMAIN example needs 13 agents for 80/20 with 5 min patience', () => {
    expect(minAgents({ ...base, meanPatienceSeconds: 300 }, { serviceLevel: 0.8 })).toBe(13);
    expect(minAgents(base, { serviceLevel: 0.8 })).toBe(minAgents({ ...base, meanPatienceSeconds: Infinity },
      { serviceLevel: 0.8 }));
    expect(() => minAgents({ ...base, meanPatienceSeconds: 300 }, { serviceLevel: 1 })).toThrow(RangeError);
    expect(() => minAgents(base, { maxAsa: -1 })).toThrow(RangeError);
  });
});

describe('input validation', () => {
  it('rejects nonsense', () => {
    expect(() => erlangC({ ...example, agents: 2.5 })).toThrow(RangeError);
    expect(() => erlangC({ ...example, agents: 0 })).toThrow(RangeError);
    expect(() => erlangA({ ...example, meanPatienceSeconds: 0 })).toThrow(RangeError);
    expect(() => erlangC({ ...example, meanHandleSeconds: -1 })).toThrow(RangeError);
    expect(() => erlangB(-1, 2)).toThrow(RangeError);
  });

  it('no traffic means no waiting', () => {
    const m = erlangA({ ...example, arrivalRatePerSecond: 0, meanPatienceSeconds: 300 });
    expect(m.waitProbability).toBe(0);
    expect(m.serviceLevel).toBe(1);
    expect(erlangC({ ...example, arrivalRatePerSecond: 0 }).asa).toBe(0);
  });
});
