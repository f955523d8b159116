/**
 * Each variant against the baseline, KPI by KPI: the mean paired difference (variant − baseline,
 * replication r against replication r on the same random numbers) with its 95% CI as an error bar,
 * and the zero line. A bar that does not cross zero is a difference the run has resolved; its
 * colour says whether it is for the better, by the KPI's direction. KPIs of one unit share a panel
 * so that their bars are on one scale.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Difference } from '../../bench/compare.ts';
import type { Better } from '../../sim/metrics/kpis.ts';
import type { Chart, ChartFamily, Unit } from '../chart.ts';
import { COLORS, SIZE, VEGA_CONFIG, VERDICT_COLORS, type Verdict } from '../theme.ts';
import { humanize, kpiMeta } from './encodings.ts';

export interface DifferenceRow {
  variant: string;
  kpi: string;
  label: string;
  /** In the panel's display unit (shares in percentage points). */
  mean: number;
  lo: number | null;
  hi: number | null;
  verdict: Verdict;
}

/** Which way a difference went, judged by its CI and the KPI's better direction. */
export function verdictOf(d: Pick<Difference, 'ci95'>, better: Better): Verdict {
  if (!d.ci95) return 'no clear difference';
  const [lo, hi] = d.ci95;
  if (lo <= 0 && hi >= 0) return 'no clear difference';
  if (better === 'none') return 'changed (no better direction)';
  const up = lo > 0;
  return up === (better === 'higher') ? 'better' : 'worse';
}

const PANELS: { unit: Unit; title: string; scale: number }[] = [
  { unit: 'calls', title: 'calls', scale: 1 },
  { unit: 'share', title: 'shares, in percentage points', scale: 100 },
  { unit: 'seconds', title: 'times, in seconds', scale: 1 },
  { unit: 'agents', title: 'agents', scale: 1 },
  { unit: 'calls/hour', title: 'calls per hour', scale: 1 },
  { unit: 'count', title: 'counts', scale: 1 },
  { unit: 'number', title: 'other', scale: 1 },
];

/** Rows per panel, in the document's KPI order; KPIs equal in every replication are left out. */
export function differenceRows(differences: Record<string, Record<string, Difference>>): Map<Unit, DifferenceRow[]> {
  const out = new Map<Unit, DifferenceRow[]>();
  for (const [variant, perKpi] of Object.entries(differences)) {
    for (const [kpi, d] of Object.entries(perKpi)) {
      if (d.mean === null) continue;
      const unchanged = d.mean === 0 && (!d.ci95 || (d.ci95[0] === 0 && d.ci95[1] === 0));
      if (unchanged) continue;
      const meta = kpiMeta(kpi);
      const scale = PANELS.find((p) => p.unit === meta.unit)!.scale;
      const row: DifferenceRow = {
        variant,
        kpi,
        label: humanize(kpi),
        mean: d.mean * scale,
        lo: d.ci95 ? d.ci95[0] * scale : null,
        hi: d.ci95 ? d.ci95[1] * scale : null,
        verdict: verdictOf(d, meta.better),
      };
      out.set(meta.unit, [...(out.get(meta.unit) ?? []), row]);
    }
  }
  return out;
}

export function variantDifferencesSpec(o: { title: string; subtitle?: string; panels: Map<Unit, DifferenceRow[]>; variants: string[] }): TopLevelSpec {
  const many = o.variants.length > 1;
  const verdicts = Object.keys(VERDICT_COLORS);
  const color = {
    field: 'verdict',
    type: 'nominal' as const,
    scale: { domain: verdicts, range: Object.values(VERDICT_COLORS) },
    legend: { title: null },
  };
  const charts = PANELS.filter((p) => o.panels.has(p.unit)).map((p) => {
    const rows = o.panels.get(p.unit)!;
    const labels = [...new Set(rows.map((r) => r.label))];
    const y = { field: 'label', type: 'nominal' as const, sort: labels, title: null };
    const yOffset = many ? { yOffset: { field: 'variant', type: 'nominal' as const, sort: o.variants } } : {};
    const x = { type: 'quantitative' as const, scale: { zero: true }, title: `variant − baseline (${p.title})`, axis: { format: '+,.3~r' } };
    return {
      title: { text: p.title, fontSize: 13 },
      width: SIZE.width - 140,
      // With a yOffset the step is per variant, not per KPI.
      height: { step: many ? SIZE.rowHeight : SIZE.rowHeight * 1.3 },
      data: { values: rows },
      layer: [
        { mark: { type: 'rule' as const, color: COLORS.ink, strokeDash: [3, 3] }, encoding: { x: { datum: 0, type: 'quantitative' as const } } },
        {
          transform: [{ filter: 'isValid(datum.lo)' }],
          mark: { type: 'rule' as const, strokeWidth: 2.5 },
          encoding: { y, ...yOffset, x: { ...x, field: 'lo' }, x2: { field: 'hi' }, color },
        },
        {
          mark: { type: 'point' as const, size: 70, filled: true, shape: many ? undefined : 'circle' },
          encoding: { y, ...yOffset, x: { ...x, field: 'mean' }, color, ...(many ? { shape: { field: 'variant', type: 'nominal' as const, sort: o.variants, legend: { title: null } } } : {}) },
        },
      ],
    };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.subtitle ? { text: o.title, subtitle: o.subtitle } : o.title,
    config: VEGA_CONFIG,
    vconcat: charts,
    resolve: { scale: { x: 'independent', y: 'independent' } },
  } as TopLevelSpec;
}

export const variantDifferencesFamily: ChartFamily = {
  name: 'variant comparison',
  build(input) {
    if (input.kind !== 'compare') return [];
    const panels = differenceRows(input.doc.differences);
    if (panels.size === 0) return [];
    const variants = Object.keys(input.doc.differences);
    const base = input.doc.variants[0];
    const title = `Paired differences against ${base.scenario}, with 95% CIs`;
    const chart: Chart = {
      id: 'variant-differences',
      title,
      caption:
        'Each KPI of each variant minus the same KPI of the baseline. Replication r of every variant meets the same callers (common random numbers), ' +
        'so the differences pair replication by replication; the bar is the paired 95% confidence interval of the mean difference. ' +
        'Green: better by the KPI\u2019s direction and the CI excludes zero; red: worse; grey: the CI includes zero; blue: a change in a KPI with no better direction. ' +
        'KPIs equal in every replication (e.g. offered calls under common random numbers) are left out. Shares are in percentage points.',
      spec: variantDifferencesSpec({ title, subtitle: `${base.replications} paired replications, seed ${base.seed}`, panels, variants }),
    };
    return [chart];
  },
};
