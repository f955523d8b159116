/**
 * Judging sweep points: a point is feasible when every constraint holds on the chosen estimate
 * (by default the pessimistic end of the 95% CI: the upper bound for a maximum, the lower bound for
 * a minimum), and feasible points are ranked on the objective's mean. Pure functions over KPI
 * summaries, so the same judgement applies to the evaluation and to the confirmation.
 */
import type { KpiSummary } from '../../sim/metrics/aggregate.ts';
import type { Constraint, Objective } from './spec.ts';

export interface Judgement {
  feasible: boolean;
  /** One line per violated (or undecidable) constraint. */
  violations: string[];
  /** The objective's mean; null when undefined (then the point is not feasible). */
  objective: number | null;
}

type Side = 'upper' | 'lower' | 'mean';

function estimate(s: KpiSummary | undefined, side: Side): number | null {
  if (!s) return null;
  if (side === 'mean') return s.mean;
  return s.ci95 ? s.ci95[side === 'upper' ? 1 : 0] : null;
}

const SIDE_WORDS: Record<Side, string> = { upper: 'upper 95% bound', lower: 'lower 95% bound', mean: 'mean' };

export function judge(kpis: Record<string, KpiSummary>, objective: Objective, constraints: readonly Constraint[]): Judgement {
  const violations: string[] = [];
  for (const c of constraints) {
    const bounds: [('max' | 'min'), number, Side][] = [];
    if (c.max !== undefined) bounds.push(['max', c.max, c.judgedOn ?? 'upper']);
    if (c.min !== undefined) bounds.push(['min', c.min, c.judgedOn ?? 'lower']);
    for (const [kind, limit, side] of bounds) {
      const x = estimate(kpis[c.kpi], side);
      if (x === null) violations.push(`${c.kpi}: ${SIDE_WORDS[side]} undefined`);
      else if (kind === 'max' ? x > limit : x < limit) violations.push(`${c.kpi}: ${SIDE_WORDS[side]} ${fmt(x)} ${kind === 'max' ? '>' : '<'} ${limit}`);
    }
  }
  const mean = kpis[objective.kpi]?.mean ?? null;
  if (mean === null) violations.push(`${objective.kpi}: objective undefined`);
  return { feasible: violations.length === 0, violations, objective: mean };
}

/**
 * Indices of the feasible judgements, best first (ties keep the earlier point first); the others
 * are not ranked.
 */
export function rankFeasible(judgements: readonly (Judgement | null)[], direction: Objective['direction']): number[] {
  const sign = direction === 'max' ? -1 : 1;
  return judgements
    .map((j, i) => ({ j, i }))
    .filter((x): x is { j: Judgement; i: number } => x.j !== null && x.j.feasible)
    .sort((a, b) => sign * (a.j.objective! - b.j.objective!) || a.i - b.i)
    .map((x) => x.i);
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(4)));
}
