/**
 * The report's tables as HTML: the KPIs with their 95% CIs (a run), each variant against the
 * baseline (a comparison), or the sweep points. Tables carry the exact numbers the charts round
 * off, and they can be copied into a spreadsheet.
 */
import { formatInterval, formatValue } from '../bench/format.ts';
import type { KpiDef } from '../sim/metrics/kpis.ts';
import { humanize, kpiMeta } from './charts/encodings.ts';
import { verdictOf } from './charts/variant-differences.ts';
import { sweepConstraints, sweepObjective, isFeasible, axisValues } from './charts/sweep-heatmap.ts';
import type { ReportInput, ReportResults, ReportCompare } from './document.ts';
import type { SweepDocument } from './shapes.ts';
import { VERDICT_COLORS } from './theme.ts';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const fmt = (x: number | null | undefined, name: string) => formatValue(x, kpiMeta(name).unit as KpiDef['unit']);
const fmtCi = (ci: [number, number] | null | undefined, name: string) => formatInterval(ci, kpiMeta(name).unit as KpiDef['unit']);

function table(caption: string, header: string[], rows: string[][], numeric: boolean[]): string {
  const th = header.map((h, i) => `<th${numeric[i] ? ' class="num"' : ''}>${h}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<caption>${caption}</caption>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

export function resultsTable(doc: ReportResults): string {
  const rows = Object.entries(doc.kpis).map(([name, s]) => [
    `<span title="${escapeHtml(name)}">${escapeHtml(humanize(name))}</span>`,
    escapeHtml(fmt(s.mean, name)),
    escapeHtml(fmtCi(s.ci95, name)),
    escapeHtml(kpiMeta(name).description),
  ]);
  return table(`KPIs over the measurement window: mean of ${doc.replications} replications and its 95% confidence interval`, ['KPI', 'mean', '95% CI', 'definition'], rows, [false, true, true, false]);
}

export function compareTable(doc: ReportCompare): string {
  const base = doc.variants[0];
  const names = Object.keys(doc.differences);
  const header = ['KPI', escapeHtml(base.scenario)];
  for (const n of names) header.push(escapeHtml(n), 'difference', 'paired 95% CI', 'unpaired 95% CI');
  const rows = Object.keys(base.kpis).map((kpi) => {
    const cells = [`<span title="${escapeHtml(kpi)}">${escapeHtml(humanize(kpi))}</span>`, escapeHtml(fmt(base.kpis[kpi].mean, kpi))];
    names.forEach((n, i) => {
      const d = doc.differences[n][kpi];
      const verdict = d ? verdictOf(d, kpiMeta(kpi).better) : 'no clear difference';
      const mark = `<span class="dot" style="background:${VERDICT_COLORS[verdict]}" title="${verdict}"></span>`;
      cells.push(
        escapeHtml(fmt(doc.variants[i + 1].kpis[kpi]?.mean, kpi)),
        `${mark}${escapeHtml(fmt(d?.mean, kpi))}`,
        escapeHtml(fmtCi(d?.ci95, kpi)),
        escapeHtml(fmtCi(d?.unpairedCi95, kpi)),
      );
    });
    return cells;
  });
  return table(
    `Each variant against ${escapeHtml(base.scenario)}: means of ${base.replications} replications, the paired difference (variant − baseline) with its 95% CI, and the unpaired (Welch) CI for comparison. Dot: better, worse or no clear difference.`,
    header,
    rows,
    header.map((_, i) => i > 0),
  );
}

export function sweepTable(doc: SweepDocument): string {
  const params = [...new Set(doc.points.flatMap((p) => Object.keys(p.params)))].filter((p) => axisValues(doc.points, p).length > 1);
  const objective = sweepObjective(doc);
  const constraints = sweepConstraints(doc);
  const kpis = [objective, ...constraints.map((c) => c.kpi).filter((k) => k !== objective)];
  const header = [...params.map(escapeHtml), ...kpis.map((k) => escapeHtml(humanize(k))), 'meets constraints'];
  const rows = doc.points.map((p) => [
    ...params.map((k) => escapeHtml(String(p.params[k] ?? '-'))),
    ...kpis.map((k) => escapeHtml(`${fmt(p.kpis[k]?.mean, k)}${p.kpis[k]?.ci95 ? ` ${fmtCi(p.kpis[k].ci95, k)}` : ''}`)),
    ({ true: 'yes', false: 'no', null: '-' } as const)[String(isFeasible(p, constraints)) as 'true' | 'false' | 'null'],
  ]);
  return table(`Sweep points: ${escapeHtml(humanize(objective))} and the constrained KPIs (mean [95% CI])`, header, rows, header.map((_, i) => i >= params.length));
}

export function tablesFor(input: ReportInput): string {
  switch (input.kind) {
    case 'results':
      return resultsTable(input.doc);
    case 'compare':
      return compareTable(input.doc);
    case 'sweep':
      return sweepTable(input.doc);
  }
}
