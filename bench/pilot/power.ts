/**
 * Power by simulating many pilots (not by the formula). A simulated pilot of d days draws d days
 * (with replacement) from the calibration's simulated days, assigns units to arms as its design
 * does, lets each unit show its outcome under its arm's world (calibration.ts) and runs the
 * design's analysis at significance alpha, two-sided. Power = the share of pilots that reject.
 * Every pilot is followed day by day, so one pilot gives its verdict at every duration (common
 * random numbers along the power curve, which keeps it smooth and monotone in expectation).
 *
 * Designs and their analyses:
 * - calls: each call is treated with probability `share`; two-proportion z-test (pooled) on the
 *   conversations of the two arms.
 * - agents (clustered): in each group round(share × count) agents are treated for the whole pilot;
 *   cluster-level analysis: per-agent rates, treated against control within each agent group
 *   (stratifiedTest: the t-test of a linear model with group × arm cells).
 * - switchback: each time block of each day is treated with probability `share`, the whole center
 *   switching policy; block-level analysis: per-block rates, treated against control within each
 *   time of day (stratifiedTest).
 * Outcomes come from the two full worlds, so the simulated pilots have no spillover between arms
 * and no carry-over between blocks; the stage simulations (split centers) show how large those are.
 */
import { normalCdf, normalQuantile, studentTQuantile } from '../../sim/stats/special.ts';
import { SequentialStream } from '../../sim/random/stream.ts';
import type { PilotDesign } from '../../scenarios/pilot-schema.ts';
import { binomial } from './binomial.ts';
import { NONE, YES, type Calibration } from './calibration.ts';

export interface PowerOptions {
  alpha: number;
  pilots: number;
  /** Durations to report, in days, increasing. */
  days: readonly number[];
  seed: number;
}

export interface PowerPoint {
  days: number;
  power: number;
  /** Mean lift the pilots estimated (treatment − baseline rate), over the pilots that could estimate it. */
  meanEstimate: number | null;
  /** Share of pilots in which both arms had enough units to test (two agents or blocks each; a conversation each for calls). */
  testable: number;
}

/** Simulated power of `design` at `share` for each duration in `o.days`. */
export function simulatePower(cal: Calibration, design: PilotDesign, share: number, o: PowerOptions): PowerPoint[] {
  const rng = new SequentialStream(o.seed, 0, `pilot-power-${design}-${share}`);
  const maxDays = o.days[o.days.length - 1];
  const rejects = new Float64Array(o.days.length);
  const estimates = new Float64Array(o.days.length);
  const testable = new Float64Array(o.days.length);
  const run = (design === 'calls' ? callsPilot : design === 'agents' ? agentsPilot : switchbackPilot) as DesignRun<unknown>;
  const verdict = { reject: false, estimate: NaN };
  const K = cal.days.length;
  const order = Int32Array.from({ length: K }, (_, i) => i);
  for (let p = 0; p < o.pilots; p++) {
    const state = run.start(cal, share, rng);
    let k = 0;
    for (let d = 1; d <= maxDays && k < o.days.length; d++) {
      // Days without replacement (a shuffled order, reshuffled after K days): a pilot no longer
      // than the calibration never sees the same simulated day twice.
      const j = (d - 1) % K;
      const pick = j + Math.floor(rng.next() * (K - j));
      const t = order[j];
      order[j] = order[pick];
      order[pick] = t;
      const day = cal.days[order[j]];
      run.add(state, cal, day, share, rng);
      while (k < o.days.length && o.days[k] === d) {
        run.test(state, cal, o.alpha, verdict);
        if (verdict.reject) rejects[k]++;
        if (Number.isFinite(verdict.estimate)) {
          estimates[k] += verdict.estimate;
          testable[k]++;
        }
        k++;
      }
    }
  }
  return o.days.map((days, i) => ({
    days,
    power: rejects[i] / o.pilots,
    meanEstimate: testable[i] > 0 ? estimates[i] / testable[i] : null,
    testable: testable[i] / o.pilots,
  }));
}

interface Verdict {
  reject: boolean;
  estimate: number;
}

interface DesignRun<S> {
  start(cal: Calibration, share: number, rng: SequentialStream): S;
  add(state: S, cal: Calibration, day: Calibration['days'][number], share: number, rng: SequentialStream): void;
  test(state: S, cal: Calibration, alpha: number, out: Verdict): void;
}

// Randomised calls: per day, how many calls of each (baseline outcome, treatment outcome) class are treated.
const callsPilot: DesignRun<Float64Array> = {
  start: () => new Float64Array(4), // n1, x1, n0, x0
  add(s, cal, day, share, rng) {
    const b = day.blocks;
    for (let k = 0; k < 9; k++) {
      let c = 0;
      for (let blk = 0; blk < cal.blocksPerDay; blk++) c += b[blk * 9 + k];
      if (c === 0) continue;
      const x0 = Math.floor(k / 3);
      const x1 = k % 3;
      if (x0 === NONE && x1 === NONE) continue;
      const t = binomial(c, share, rng);
      if (x1 !== NONE) {
        s[0] += t;
        if (x1 === YES) s[1] += t;
      }
      if (x0 !== NONE) {
        s[2] += c - t;
        if (x0 === YES) s[3] += c - t;
      }
    }
  },
  test(s, _cal, alpha, out) {
    const [n1, x1, n0, x0] = s;
    out.reject = false;
    out.estimate = NaN;
    if (n1 === 0 || n0 === 0) return;
    out.estimate = x1 / n1 - x0 / n0;
    out.reject = twoProportionReject(x1, n1, x0, n0, alpha);
  },
};

/** Pooled two-proportion z-test, two-sided. */
export function twoProportionReject(x1: number, n1: number, x0: number, n0: number, alpha: number): boolean {
  const pooled = (x1 + x0) / (n1 + n0);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0));
  const diff = x1 / n1 - x0 / n0;
  if (se === 0) return diff !== 0;
  return Math.abs(diff / se) > normalQuantile(1 - alpha / 2);
}

/** Analytic power of the pooled two-proportion z-test with n1, n0 observations at rates p1, p0. */
export function analyticTwoProportionPower(p0: number, p1: number, n0: number, n1: number, alpha: number): number {
  const z = normalQuantile(1 - alpha / 2);
  const pbar = (n1 * p1 + n0 * p0) / (n1 + n0);
  const s0 = Math.sqrt(pbar * (1 - pbar) * (1 / n1 + 1 / n0));
  const s1 = Math.sqrt((p1 * (1 - p1)) / n1 + (p0 * (1 - p0)) / n0);
  const d = Math.abs(p1 - p0);
  if (s1 === 0) return d > 0 ? 1 : alpha;
  return normalCdf((d - z * s0) / s1) + normalCdf((-d - z * s0) / s1);
}

// Clustered: treated agents fixed for the pilot (stratified by group); per-agent totals from the arm's world.
interface AgentsState {
  arm: Uint8Array;
  n: Float64Array;
  x: Float64Array;
}
const agentsPilot: DesignRun<AgentsState> = {
  start(cal, share, rng) {
    const arm = new Uint8Array(cal.agentCount);
    const groups = new Map<number, number[]>();
    for (let a = 0; a < cal.agentCount; a++) {
      const g = cal.agentGroup[a];
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g)!.push(a);
    }
    for (const ids of groups.values()) {
      // Partial Fisher-Yates: the first round(share × count) of a random order are treated.
      const treated = Math.round(share * ids.length);
      for (let i = 0; i < treated; i++) {
        const j = i + Math.floor(rng.next() * (ids.length - i));
        [ids[i], ids[j]] = [ids[j], ids[i]];
        arm[ids[i]] = 1;
      }
    }
    return { arm, n: new Float64Array(cal.agentCount), x: new Float64Array(cal.agentCount) };
  },
  add(s, cal, day) {
    const ag = day.agents;
    for (let a = 0; a < cal.agentCount; a++) {
      const o = a * 4 + (s.arm[a] === 1 ? 2 : 0);
      s.n[a] += ag[o];
      s.x[a] += ag[o + 1];
    }
  },
  test(s, cal, alpha, out) {
    const strata = new Map<number, [number[], number[]]>();
    for (let a = 0; a < cal.agentCount; a++) {
      if (s.n[a] === 0) continue;
      const g = cal.agentGroup[a];
      if (!strata.has(g)) strata.set(g, [[], []]);
      strata.get(g)![s.arm[a]].push(s.x[a] / s.n[a]);
    }
    stratifiedTest([...strata.values()], alpha, out);
  },
};

// Switchback: each block of each day runs one policy for the whole center; blocks are compared
// within their time of day (the stratum is the block's position in the day).
const switchbackPilot: DesignRun<{ strata: [number[], number[]][] }> = {
  start: () => ({ strata: [] }),
  add(s, cal, day, share, rng) {
    const b = day.blocks;
    for (let blk = 0; blk < cal.blocksPerDay; blk++) {
      const arm = rng.next() < share ? 1 : 0;
      let n = 0;
      let x = 0;
      for (let k = 0; k < 9; k++) {
        const c = b[blk * 9 + k];
        const outcome = arm === 1 ? k % 3 : Math.floor(k / 3);
        if (outcome === NONE) continue;
        n += c;
        if (outcome === YES) x += c;
      }
      if (n === 0) continue;
      while (s.strata.length <= blk) s.strata.push([[], []]);
      s.strata[blk][arm].push(x / n);
    }
  },
  test(s, _cal, alpha, out) {
    stratifiedTest(s.strata, alpha, out);
  },
};

/**
 * Cluster-level analysis with strata: the clusters' rates regressed on arm and stratum (a linear
 * model with stratum × arm cell means). Estimate: the precision-weighted mean over strata holding both
 * arms of (treated mean − control mean), weights n_T n_C / (n_T + n_C); variance from the pooled
 * within-cell variance; two-sided t-test on its degrees of freedom. With one stratum it is the
 * pooled two-sample t-test. No verdict (no rejection) without a stratum holding both arms or
 * without a degree of freedom.
 */
export function stratifiedTest(strata: readonly (readonly [readonly number[], readonly number[]])[], alpha: number, out: Verdict): void {
  out.reject = false;
  out.estimate = NaN;
  let wsum = 0;
  let est = 0;
  let ss = 0;
  let df = 0;
  for (const [control, treated] of strata) {
    if (control.length === 0 || treated.length === 0) continue;
    const [mc, vc] = meanVar(control);
    const [mt, vt] = meanVar(treated);
    const w = (control.length * treated.length) / (control.length + treated.length);
    wsum += w;
    est += w * (mt - mc);
    if (control.length > 1) ss += vc * (control.length - 1);
    if (treated.length > 1) ss += vt * (treated.length - 1);
    df += control.length + treated.length - 2;
  }
  if (wsum === 0) return;
  out.estimate = est / wsum;
  if (df < 1) return;
  const se = Math.sqrt(ss / df / wsum);
  if (se === 0) {
    out.reject = out.estimate !== 0;
    return;
  }
  out.reject = Math.abs(out.estimate / se) > studentTQuantile(1 - alpha / 2, df);
}

function meanVar(xs: readonly number[]): [number, number] {
  let m = 0;
  for (const x of xs) m += x;
  m /= xs.length;
  let v = 0;
  for (const x of xs) v += (x - m) ** 2;
  return [m, xs.length > 1 ? v / (xs.length - 1) : 0];
}

/** The Monte Carlo standard error of a simulated power p from `pilots` pilots. */
export function powerStandardError(p: number, pilots: number): number {
  return Math.sqrt((p * (1 - p)) / pilots);
}
