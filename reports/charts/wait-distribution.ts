/**
 * How long callers waited: the pooled wait histogram as stacked bars, answered and abandoned
 * calls apart (an abandoned call's wait is how long it held on before hanging up). Bars are shares
 * of all measured calls, so runs of different length and variants compare directly.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { WaitHistogram } from '../../sim/metrics/aggregate.ts';
import type { Chart, ChartFamily } from '../chart.ts';
import { variantsOf } from '../document.ts';
import { METRIC_COLORS, SIZE, VEGA_CONFIG } from '../theme.ts';

export interface WaitBar {
  variant: string;
  outcome: 'answered' | 'abandoned';
  start: number;
  end: number;
  calls: number;
  share: number;
}

/** Bars up to the last non-empty bin (the long empty tail would squeeze the rest). */
export function waitBars(h: WaitHistogram, variant: string): WaitBar[] {
  const n = h.binEdges.length;
  const total = h.counts.reduce((s, c) => s + c, 0);
  if (n === 0 || total === 0) return [];
  const width = n > 1 ? h.binEdges[1] - h.binEdges[0] : 10;
  let last = n - 1;
  while (last > 0 && h.counts[last] === 0) last--;
  const bars: WaitBar[] = [];
  for (let i = 0; i <= last; i++) {
    for (const outcome of ['answered', 'abandoned'] as const) {
      const calls = h[outcome][i];
      if (calls > 0) bars.push({ variant, outcome, start: h.binEdges[i], end: h.binEdges[i] + width, calls, share: calls / total });
    }
  }
  return bars;
}

export function waitDistributionSpec(o: { title: string; subtitle?: string; bars: WaitBar[]; variants: string[] }): TopLevelSpec {
  const inner = {
    mark: { type: 'bar' as const, binSpacing: 0.5 },
    encoding: {
      x: { field: 'start', type: 'quantitative' as const, bin: 'binned' as const, title: 'time in queue (seconds)', axis: { format: ',~r' } },
      x2: { field: 'end' },
      y: { field: 'share', type: 'quantitative' as const, stack: 'zero' as const, title: 'share of measured calls', axis: { format: '.1~%' } },
      color: {
        field: 'outcome',
        type: 'nominal' as const,
        scale: { domain: ['answered', 'abandoned'], range: [METRIC_COLORS.answered, METRIC_COLORS.abandoned] },
        legend: { title: null },
      },
      order: { field: 'outcome', sort: 'descending' as const },
    },
  };
  const title = o.subtitle ? { text: o.title, subtitle: o.subtitle } : o.title;
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, config: VEGA_CONFIG, data: { values: o.bars } };
  if (o.variants.length <= 1) return { ...base, width: SIZE.width, height: SIZE.height, ...inner };
  return {
    ...base,
    facet: { row: { field: 'variant', type: 'nominal', title: null, sort: o.variants, header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top' } } },
    spec: { width: SIZE.width, height: Math.round(SIZE.height * 0.7), ...inner },
  };
}

export const waitDistributionFamily: ChartFamily = {
  name: 'wait-time distribution',
  build(input) {
    const variants = variantsOf(input);
    const bars = variants.flatMap((v) => waitBars(v.doc.distributions.wait, v.name));
    if (bars.length === 0) return [];
    const first = variants[0].doc.distributions.wait;
    const binWidth = first.binEdges.length > 1 ? first.binEdges[1] - first.binEdges[0] : 10;
    const lastEdge = first.binEdges[first.binEdges.length - 1];
    const title = 'Time in queue: answered and abandoned calls';
    const chart: Chart = {
      id: 'wait-distribution',
      title,
      caption:
        `Waits of the calls offered in the measurement window, pooled over all replications, in ${binWidth}-second bins; ` +
        `the first bin includes the calls answered at once. An abandoned call's wait is how long it held before hanging up. ` +
        `The last bin of the histogram collects every wait of ${lastEdge} s or more; empty bins at the end are not drawn.`,
      spec: waitDistributionSpec({
        title,
        subtitle: `share of measured calls per ${binWidth}-second bin, all replications pooled`,
        bars,
        variants: variants.map((v) => v.name),
      }),
    };
    return [chart];
  },
};
