/**
 * The chart families in report order. A family draws only what its document holds, so the list can
 * name charts for data the simulator does not produce yet (pacing, breakdowns, sweeps): they appear
 * once the documents carry that data in the shapes of shapes.ts.
 */
import type { Chart, ChartFamily } from './chart.ts';
import { breakdownFamily } from './charts/breakdown-bars.ts';
import { intervalSeriesFamily } from './charts/interval-series.ts';
import { pacingTraceFamily } from './charts/pacing-trace.ts';
import { sweepFamily } from './charts/sweep-heatmap.ts';
import { variantDifferencesFamily } from './charts/variant-differences.ts';
import { waitDistributionFamily } from './charts/wait-distribution.ts';
import type { ReportInput } from './document.ts';

export const CHART_FAMILIES: readonly ChartFamily[] = [
  variantDifferencesFamily,
  sweepFamily,
  intervalSeriesFamily,
  pacingTraceFamily,
  waitDistributionFamily,
  breakdownFamily,
];

/** Every chart that applies to the input, and notes on sections present but not in a readable shape. */
export function selectCharts(input: ReportInput, families: readonly ChartFamily[] = CHART_FAMILIES): { charts: Chart[]; notes: string[] } {
  const notes: string[] = [];
  const charts = families.flatMap((f) => f.build(input, notes));
  const ids = new Set<string>();
  for (const c of charts) {
    // Ids name files and anchors: a duplicate would overwrite another chart's SVG.
    if (ids.has(c.id)) throw new Error(`two charts with the id "${c.id}"`);
    ids.add(c.id);
  }
  return { charts, notes };
}
