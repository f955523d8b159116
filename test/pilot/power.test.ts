// Simulated power (bench/pilot/power.ts): the exact binomial sampler, agreement with the analytic
// two-proportion z-test for randomised calls with a yes/no KPI and no spillover (acceptance: within
// 3 percentage points), and rejection at the significance level when there is no effect.
import { describe, expect, it } from 'vitest';
import { binomial } from '../../bench/pilot/binomial.ts';
import { syntheticCalibration } from '../../bench/pilot/calibration.ts';
import { analyticTwoProportionPower, powerStandardError, simulatePower, stratifiedTest } from '../../bench/pilot/power.ts';
import { SequentialStream } from '../../sim/random/stream.ts';
import { lgamma } from '../../sim/stats/special.ts';

describe('binomial sampler', () => {
  // Inversion (n·p < 10) and BTRD (larger n·p), against the exact pmf: a chi-square goodness of fit.
  for (const [n, p] of [[30, 0.2], [4000, 0.13], [200, 0.7]] as const) {
    it(`Binomial(${n}, ${p}) matches its pmf`, () => {
      const rng = new SequentialStream(7, 0, `binomial-${n}-${p}`);
      const N = 100_000;
      const counts = new Map<number, number>();
      for (let i = 0; i < N; i++) {
        const x = binomial(n, p, rng);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(n);
        counts.set(x, (counts.get(x) ?? 0) + 1);
      }
      const pmf = (k: number) => Math.exp(lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));
      // Cells with expected count >= 20; the rest pooled into one.
      let chi2 = 0;
      let cells = 0;
      let restExpected = 0;
      let restObserved = 0;
      for (let k = 0; k <= n; k++) {
        const e = N * pmf(k);
        const o = counts.get(k) ?? 0;
        if (e >= 20) {
          chi2 += (o - e) ** 2 / e;
          cells++;
        } else {
          restExpected += e;
          restObserved += o;
        }
      }
      if (restExpected > 0) {
        chi2 += (restObserved - restExpected) ** 2 / restExpected;
        cells++;
      }
      // df = cells - 1; the 99.99% point of chi-square is below df + 6 sqrt(2 df) + 10 for these df.
      const df = cells - 1;
      expect(chi2).toBeLessThan(df + 6 * Math.sqrt(2 * df) + 10);
    });
  }
});

describe('simulated power', () => {
  it('agrees with the analytic two-proportion z-test within 3 points (randomised calls, no spillover)', () => {
    const cal = syntheticCalibration({ days: 40, callsPerDay: 1500, rate0: 0.14, rate1: 0.16, agents: 30, blocksPerDay: 6, seed: 11 });
    const days = [1, 2, 3, 5, 8, 12];
    let worst = 0;
    for (const share of [0.1, 0.25, 0.5]) {
      const sim = simulatePower(cal, 'calls', share, { alpha: 0.05, pilots: 4000, days, seed: 5 });
      for (const p of sim) {
        const n1 = share * cal.conversationsPerDay[1] * p.days;
        const n0 = (1 - share) * cal.conversationsPerDay[0] * p.days;
        const analytic = analyticTwoProportionPower(cal.rate[0], cal.rate[1], n0, n1, 0.05);
        worst = Math.max(worst, Math.abs(p.power - analytic));
        expect(Math.abs(p.power - analytic), `share ${share}, ${p.days} days: simulated ${p.power}, analytic ${analytic}`).toBeLessThan(0.03);
      }
      // The curve spans the interesting range, so the agreement is not only at 0 or 1.
      expect(sim[0].power).toBeLessThan(0.6);
    }
    console.log(`largest |simulated - analytic| power: ${(worst * 100).toFixed(2)} points`);
  });

  it('rejects at the significance level when the treatment changes nothing (all three designs)', () => {
    const cal = syntheticCalibration({ days: 30, callsPerDay: 1000, rate0: 0.15, rate1: 0.15, agents: 36, blocksPerDay: 6, seed: 3 });
    const pilots = 4000;
    for (const design of ['calls', 'agents', 'switchback'] as const) {
      for (const share of [0.5, 0.25]) {
        const sim = simulatePower(cal, design, share, { alpha: 0.05, pilots, days: [3, 6, 10], seed: 9 });
        for (const p of sim) {
          // Within 3.5 Monte Carlo standard errors of alpha (18 checks).
          expect(Math.abs(p.power - 0.05), `${design} ${share} ${p.days} days: ${p.power}`).toBeLessThan(3.5 * powerStandardError(0.05, pilots));
        }
      }
    }
  });

  it('stratified cluster test: estimate within strata, no verdict without both arms', () => {
    const out = { reject: false, estimate: NaN };
    stratifiedTest([[[0.1, 0.12, 0.11], [0.2, 0.21]], [[0.5, 0.52], [0.6, 0.61, 0.59]]], 0.05, out);
    // Both strata differ by about 0.09-0.1: the big gap between strata does not enter the estimate.
    expect(out.estimate).toBeGreaterThan(0.085);
    expect(out.estimate).toBeLessThan(0.105);
    expect(out.reject).toBe(true);
    stratifiedTest([[[0.1, 0.2], []]], 0.05, out);
    expect(out.reject).toBe(false);
    expect(Number.isNaN(out.estimate)).toBe(true);
  });
});
