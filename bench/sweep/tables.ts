/**
 * The sweep's ranked tables, as rows of strings, shared by the terminal and the markdown file:
 * the confirmation (top K on fresh replications) and the evaluation (every point, feasible ones
 * ranked first, then infeasible, then invalid points with their error).
 */
import type { KpiSummary } from '../../sim/metrics/aggregate.ts';
import { formatKpi } from '../kpi-defs.ts';
import { pointLabel } from './design.ts';
import type { StageOutcome, SweepOutcome } from './run-sweep.ts';

export interface Table {
  header: string[];
  rows: string[][];
  rightAlign: boolean[];
}

export function formatEstimate(kpi: string, s: KpiSummary | undefined): string {
  return formatKpi(kpi, s?.mean, s?.ci95 ?? null);
}

function formatParameter(v: unknown): string {
  return typeof v === 'number' ? String(Number(v.toPrecision(6))) : JSON.stringify(v);
}

/** The KPIs a reader of the ranking needs: the objective, then each constrained KPI once. */
export function watchedKpis(o: SweepOutcome): string[] {
  const names = [o.sweep.spec.objective.kpi];
  for (const c of o.sweep.spec.constraints) if (!names.includes(c.kpi)) names.push(c.kpi);
  return names;
}

export function directionWord(o: SweepOutcome): string {
  return o.sweep.spec.objective.direction === 'max' ? 'maximise' : 'minimise';
}

export function constraintsText(o: SweepOutcome): string {
  const parts = o.sweep.spec.constraints.flatMap((c) => {
    const out: string[] = [];
    if (c.max !== undefined) out.push(`${c.kpi} <= ${c.max} (${c.judgedOn ?? 'upper'}${c.judgedOn === 'mean' ? '' : ' 95% bound'})`);
    if (c.min !== undefined) out.push(`${c.kpi} >= ${c.min} (${c.judgedOn ?? 'lower'}${c.judgedOn === 'mean' ? '' : ' 95% bound'})`);
    return out;
  });
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** Points in table order: ranked (feasible), then infeasible, then invalid; ties by point number. */
function tableOrder(stage: (StageOutcome | null)[], indices: number[]): number[] {
  const group = (i: number) => (stage[i]?.rank != null ? 0 : stage[i] ? 1 : 2);
  const rank = (i: number) => stage[i]?.rank ?? 0;
  return [...indices].sort((a, b) => group(a) - group(b) || rank(a) - rank(b) || a - b);
}

export function evaluationTable(o: SweepOutcome, limit = Infinity): Table {
  const params = Object.keys(o.sweep.spec.parameters);
  const kpis = watchedKpis(o);
  const header = ['rank', 'point', ...params, ...kpis.map((k, i) => (i === 0 ? `${k} (objective)` : k)), 'notes'];
  const order = tableOrder(o.evaluation, o.points.map((p) => p.index)).slice(0, limit);
  const rows = order.map((i) => {
    const p = o.points[i];
    const e = o.evaluation[i];
    const notes = p.error ? `invalid: ${p.error}` : e && !e.judgement.feasible ? e.judgement.violations.join('; ') : o.confirmation?.[i] ? 'confirmed' : '';
    return [e?.rank ? String(e.rank) : '-', String(i), ...params.map((k) => formatParameter(p.parameters[k])), ...kpis.map((k) => formatEstimate(k, e?.kpis[k])), notes];
  });
  return { header, rows, rightAlign: header.map((_, c) => c > 1 && c < header.length - 1) };
}

export function confirmationTable(o: SweepOutcome): Table | null {
  if (!o.confirmation) return null;
  const conf = o.confirmation;
  const params = Object.keys(o.sweep.spec.parameters);
  const objective = o.sweep.spec.objective.kpi;
  const others = watchedKpis(o).slice(1);
  const indices = o.points.map((p) => p.index).filter((i) => conf[i]);
  const header = ['rank', 'point', ...params, `${objective} confirmed`, `${objective} evaluation`, ...others.map((k) => `${k} confirmed`), 'notes'];
  const rows = tableOrder(conf, indices).map((i) => {
    const c = conf[i]!;
    return [
      c.rank ? String(c.rank) : '-',
      String(i),
      ...params.map((k) => formatParameter(o.points[i].parameters[k])),
      formatEstimate(objective, c.kpis[objective]),
      formatEstimate(objective, o.evaluation[i]?.kpis[objective]),
      ...others.map((k) => formatEstimate(k, c.kpis[k])),
      c.judgement.violations.join('; '),
    ];
  });
  return { header, rows, rightAlign: header.map((_, c) => c > 1 && c < header.length - 1) };
}

/** One sentence on the outcome: the best point and how it was chosen, or why there is none. */
export function bestSentence(o: SweepOutcome): string {
  const objective = o.sweep.spec.objective.kpi;
  if (!o.confirmation) {
    const first = o.evaluation.findIndex((e) => e?.rank === 1);
    return first < 0
      ? 'No point meets the constraints in the evaluation.'
      : `Evaluation leader: point ${first} (${pointLabel(o.points[first].parameters)}), ${objective} ${formatEstimate(objective, o.evaluation[first]!.kpis[objective])}; not confirmed yet (run --stage confirm).`;
  }
  if (o.best === null) {
    return o.confirmation.some((c) => c) ? 'No confirmed point meets the constraints on its fresh replications.' : 'No point meets the constraints in the evaluation: nothing to confirm.';
  }
  const b = o.best;
  const c = o.confirmation[b]!;
  return `Best: point ${b} (${pointLabel(o.points[b].parameters)}), ${objective} ${formatEstimate(objective, c.kpis[objective])} on ${c.replications[1] - c.replications[0] + 1} fresh replications (evaluation: ${formatEstimate(objective, o.evaluation[b]!.kpis[objective])}).`;
}

export function markdownTable(t: Table): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const line = (cells: string[]) => `| ${cells.map(esc).join(' | ')} |`;
  return [line(t.header), `|${t.rightAlign.map((r) => (r ? ' ---: ' : ' --- ')).join('|')}|`, ...t.rows.map(line)].join('\n');
}
