/**
 * Statistics of the validation suite: run a case's independent replications, and for each KPI hold the
 * closed-form value to a Student t interval for the mean of the per-replication values.
 *
 * Family-wise level. The suite makes m checks (every KPI of every case). Each check uses the two-sided interval
 * at level 1 - α/m with α = 0.01 (Bonferroni), so a correct simulator fails any check at all with probability
 * at most ~1 %, whatever the dependence between checks (KPIs of one case share replications). The interval is
 * mean ± t_{1-α/(2m), R-1} · s/√R over the R replication values, which are independent by construction
 * (replication r has its own random streams) and, being means over tens of thousands of calls, close to normal.
 *
 * Tiny probabilities. A probability KPI whose closed-form value is below 1e-3 gets an extra absolute tolerance
 * of 1e-4 on each side of its interval. Reason: such a KPI counts rare events (here ~0.1 % abandonment in the
 * 1,000-agent case: a few hundred per replication, arriving in a handful of congestion bursts), so its
 * replication values are skewed and few-valued, and the t interval's real coverage deep in the tail
 * (α/(2m) ≈ 1e-4 per side) can fall well below nominal. 1e-4 absolute is 1/20 of the 0.002 absolute resolution
 * the suite claims for abandonment and blocking, so it cannot hide an error of practical size. Larger values
 * get no tolerance: the interval alone decides. (Rates over offered calls are plain proportions, since a
 * replication measures a fixed number of arrivals; ASA and occupancy are ratios whose O(1/n) bias is far below
 * the half-widths at tens of thousands of calls per replication.)
 */
import { compileModel } from '../../sim/model.ts';
import { runReplication } from '../../sim/replication.ts';
import { studentTQuantile } from '../../sim/stats/special.ts';
import { mean, sampleVariance } from '../../sim/stats/summary.ts';
import {
  maxHalfWidth,
  PROBABILITY_KPIS,
  replicationsFor,
  scenarioFor,
  theoryFor,
  type Kpi,
  type Perturbation,
  type RunPlan,
  type ValidationCase,
} from './cases.ts';

/** Probability that a correct simulator fails at least one check of the family (upper bound). */
export const FAMILY_ALPHA = 0.01;
/** Probability KPIs with a closed-form value below this get TINY_TOLERANCE. */
export const TINY_PROBABILITY = 1e-3;
export const TINY_TOLERANCE = 1e-4;

/** The t multiplier of one check in a family of m at family level 1 - familyAlpha. */
export function bonferroniMultiplier(m: number, df: number, familyAlpha = FAMILY_ALPHA): number {
  if (!(m >= 1) || !(df >= 1)) throw new RangeError(`bonferroniMultiplier: need m >= 1 and df >= 1, got ${m}, ${df}`);
  return studentTQuantile(1 - familyAlpha / (2 * m), df);
}

/** Absolute tolerance added to both ends of the interval (see the header). */
export function toleranceFor(kpi: Kpi, theory: number): number {
  return PROBABILITY_KPIS.includes(kpi) && Math.abs(theory) < TINY_PROBABILITY ? TINY_TOLERANCE : 0;
}

export interface IntervalCheck {
  theory: number;
  values: number[];
  mean: number;
  /** Sample standard deviation of the replication values. */
  sd: number;
  /** t multiplier used. */
  multiplier: number;
  halfWidth: number;
  lo: number;
  hi: number;
  tolerance: number;
  /** theory ∈ [lo - tolerance, hi + tolerance]. */
  passed: boolean;
}

/** Interval mean ± multiplier · s/√n for the replication values, and whether `theory` lies inside (± tolerance). */
export function intervalCheck(values: readonly number[], theory: number, multiplier: number, tolerance = 0): IntervalCheck {
  if (values.length < 2) throw new RangeError('intervalCheck: need at least 2 replications');
  const m = mean(values);
  const sd = Math.sqrt(sampleVariance(values));
  const halfWidth = (multiplier * sd) / Math.sqrt(values.length);
  const lo = m - halfWidth;
  const hi = m + halfWidth;
  return {
    theory,
    values: [...values],
    mean: m,
    sd,
    multiplier,
    halfWidth,
    lo,
    hi,
    tolerance,
    passed: theory >= lo - tolerance && theory <= hi + tolerance,
  };
}

export interface CaseRun {
  case: ValidationCase;
  plan: RunPlan;
  perturbation: Perturbation | null;
  replications: number;
  /** Calls generated over all replications, warm-up included. */
  calls: number;
  seconds: number;
  values: Record<Kpi, number[]>;
}

/** Runs replications 0..R-1 of a case (R and calls from the plan) and collects the checked KPIs. */
export function simulateCase(c: ValidationCase, plan: RunPlan, perturbation: Perturbation | null = null): CaseRun {
  const model = compileModel(scenarioFor(c, plan, perturbation ?? {}));
  const R = replicationsFor(c, plan);
  const values = {} as Record<Kpi, number[]>;
  for (const k of c.kpis) values[k] = [];
  let calls = 0;
  const t0 = performance.now();
  for (let r = 0; r < R; r++) {
    const res = runReplication(model, r);
    calls += res.calls;
    for (const k of c.kpis) {
      const v = res.kpis[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new Error(`${c.id}: replication ${r} has no finite ${k} (${String(v)})`);
      }
      values[k].push(v);
    }
  }
  return { case: c, plan, perturbation, replications: R, calls, seconds: (performance.now() - t0) / 1000, values };
}

export interface CheckResult extends IntervalCheck {
  caseId: string;
  kpi: Kpi;
  /** Family size the multiplier was computed for. */
  family: number;
  /** Largest half-width the suite accepts for this KPI (cases.ts). */
  maxHalfWidth: number;
  halfWidthOk: boolean;
}

/** Checks every KPI of a run against the unperturbed case's closed form, in a family of m checks. */
export function evaluateRun(run: CaseRun, m: number): CheckResult[] {
  const c = run.case;
  const theory = theoryFor(c);
  const multiplier = bonferroniMultiplier(m, run.replications - 1);
  return c.kpis.map((kpi) => {
    const th = theory[kpi];
    const check = intervalCheck(run.values[kpi], th, multiplier, toleranceFor(kpi, th));
    const limit = maxHalfWidth(c, kpi, th, run.plan);
    return { ...check, caseId: c.id, kpi, family: m, maxHalfWidth: limit, halfWidthOk: check.halfWidth <= limit };
  });
}

/** Human-readable descriptions of the failures among `results` (empty when everything passed). */
export function failures(results: readonly CheckResult[]): string[] {
  const out: string[] = [];
  for (const r of results) {
    if (!r.passed) {
      const side = r.theory < r.lo ? 'below' : 'above';
      out.push(
        `${r.caseId} ${r.kpi}: theory ${fmt(r.theory)} ${side} the interval [${fmt(r.lo)}, ${fmt(r.hi)}] ` +
          `(sim mean ${fmt(r.mean)}, z = ${fmt((r.mean - r.theory) / (r.sd / Math.sqrt(r.values.length)), 3)})`,
      );
    }
    if (!r.halfWidthOk) {
      out.push(`${r.caseId} ${r.kpi}: half-width ${fmt(r.halfWidth)} exceeds the stated maximum ${fmt(r.maxHalfWidth)}`);
    }
  }
  return out;
}

function fmt(x: number, digits = 6): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a >= 1e5 || a < 1e-4 ? x.toExponential(digits - 1) : x.toPrecision(digits);
}

/** A fixed-width table: case, KPI, theory, sim mean, interval, half-width (absolute and relative), limit, verdict. */
export function formatTable(results: readonly CheckResult[]): string {
  const header = ['case', 'KPI', 'theory', 'sim mean', 'interval', 'half-width', 'hw/theory', 'max hw', 'z', 'ok'];
  const rows = results.map((r) => [
    r.caseId,
    r.kpi,
    fmt(r.theory),
    fmt(r.mean),
    `[${fmt(r.lo)}, ${fmt(r.hi)}]` + (r.tolerance > 0 ? ` ±${r.tolerance}` : ''),
    fmt(r.halfWidth, 3),
    r.theory !== 0 ? `${((100 * r.halfWidth) / Math.abs(r.theory)).toFixed(1)}%` : '-',
    fmt(r.maxHalfWidth, 3),
    r.sd > 0 ? ((r.mean - r.theory) / (r.sd / Math.sqrt(r.values.length))).toFixed(2) : '-',
    r.passed && r.halfWidthOk ? 'ok' : r.passed ? 'WIDE' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((s, i) => (i < 2 ? s.padEnd(widths[i]) : s.padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
