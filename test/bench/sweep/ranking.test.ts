import { describe, expect, it } from 'vitest';
import { judge, rankFeasible } from '../../../bench/sweep/ranking.ts';
import type { KpiSummary } from '../../../sim/metrics/aggregate.ts';

const k = (mean: number | null, ci95: [number, number] | null = mean === null ? null : [mean - 0.01, mean + 0.01]): KpiSummary => ({ mean, ci95, values: [] });
const objective = { kpi: 'conversionsPerAgentHour', direction: 'max' as const };
const abandonAtMost3 = { kpi: 'worstWindowAbandonRate', max: 0.03 };

describe('constraints', () => {
  it('are judged on the pessimistic CI bound by default: the upper bound for a max, the lower for a min', () => {
    const kpis = { conversionsPerAgentHour: k(2), worstWindowAbandonRate: k(0.025, [0.021, 0.031]), occupancy: k(0.9, [0.85, 0.95]) };
    expect(judge(kpis, objective, [abandonAtMost3])).toEqual({
      feasible: false,
      violations: ['worstWindowAbandonRate: upper 95% bound 0.031 > 0.03'],
      objective: 2,
    });
    expect(judge(kpis, objective, [{ ...abandonAtMost3, judgedOn: 'mean' }]).feasible).toBe(true);
    expect(judge(kpis, objective, [{ kpi: 'occupancy', min: 0.86 }]).violations).toEqual(['occupancy: lower 95% bound 0.85 < 0.86']);
    expect(judge(kpis, objective, [{ kpi: 'occupancy', min: 0.8, max: 0.96 }]).feasible).toBe(true);
    expect(judge(kpis, objective, [{ kpi: 'occupancy', min: 0.8, max: 0.9, judgedOn: 'upper' }]).violations).toEqual(['occupancy: upper 95% bound 0.95 > 0.9']);
  });

  it('fail when the estimate they need is undefined, and so does an undefined objective', () => {
    expect(judge({ conversionsPerAgentHour: k(2), worstWindowAbandonRate: { mean: 0.01, ci95: null, values: [] } }, objective, [abandonAtMost3]).violations).toEqual([
      'worstWindowAbandonRate: upper 95% bound undefined',
    ]);
    expect(judge({ worstWindowAbandonRate: k(0.01) }, objective, [abandonAtMost3])).toEqual({
      feasible: false,
      violations: ['conversionsPerAgentHour: objective undefined'],
      objective: null,
    });
  });
});

describe('ranking', () => {
  const j = (objective: number, feasible = true) => ({ feasible, violations: feasible ? [] : ['x'], objective });

  it('orders feasible points by the objective, ties by point order, and leaves the others out', () => {
    const judgements = [j(1), j(3), null, j(5, false), j(3), j(2)];
    expect(rankFeasible(judgements, 'max')).toEqual([1, 4, 5, 0]);
    expect(rankFeasible(judgements, 'min')).toEqual([0, 5, 1, 4]);
    expect(rankFeasible([null, j(1, false)], 'max')).toEqual([]);
  });
});
