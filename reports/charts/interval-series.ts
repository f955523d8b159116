/**
 * KPIs over the day, interval by interval: the mean across replications as a line and the 5–95%
 * prediction band around it (the spread of single days, not a CI of the mean), warm-up shaded.
 * One chart per quantity; a comparison draws each variant in its colour.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { LayerSpec } from 'vega-lite/types_unstable/spec/layer.js';
import type { Band, Series, SeriesRow } from '../../sim/metrics/aggregate.ts';
import type { Chart, ChartFamily, Unit } from '../chart.ts';
import { variantsOf, type Variant } from '../document.ts';
import { COLORS, METRIC_COLORS, SIZE, VARIANT_COLORS, VEGA_CONFIG } from '../theme.ts';
import { localTimeMs, numberFormat, timeX } from './encodings.ts';

/** One point of one line: `series` names the metric or the variant. */
export interface BandPoint {
  t: number;
  series: string;
  mean: number;
  p5: number | null;
  p95: number | null;
}

export interface IntervalSeriesOptions {
  title: string;
  subtitle?: string;
  points: BandPoint[];
  unit: Unit;
  yTitle: string;
  /** Series names in legend order and their colours. */
  colors: { domain: string[]; range: string[] };
  /** Warm-up span to shade, milliseconds on the local-time scale. */
  warmup?: [number, number] | null;
  /** A horizontal reference line, e.g. an abandon-rate ceiling. */
  target?: { value: number; label: string } | null;
  height?: number;
}

export function intervalSeriesSpec(o: IntervalSeriesOptions): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: VEGA_CONFIG,
    ...intervalSeriesPanel(o),
  };
}

/** The chart without the top-level config, to stack several in one figure (e.g. the pacing trace). */
export function intervalSeriesPanel(o: IntervalSeriesOptions) {
  const x = timeX();
  const y = { type: 'quantitative' as const, title: o.yTitle, axis: { format: numberFormat(o.unit) } };
  const color = {
    field: 'series',
    type: 'nominal' as const,
    scale: { domain: o.colors.domain, range: o.colors.range },
    legend: o.colors.domain.length > 1 ? { title: null, symbolType: 'stroke', symbolStrokeWidth: 3 } : null,
  };
  const layer: LayerSpec<string>['layer'] = [];
  if (o.warmup) {
    layer.push({
      data: { values: [{ t: o.warmup[0], t2: o.warmup[1], label: 'warm-up' }] },
      mark: { type: 'rect', color: '#eeeeee' },
      encoding: { x, x2: { field: 't2' } },
    });
    layer.push({
      data: { values: [{ t: o.warmup[0], label: 'warm-up (not in KPIs)' }] },
      mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -4, y: 'height', color: '#777777' },
      encoding: { x, text: { field: 'label' } },
    });
  }
  layer.push(
    {
      transform: [{ filter: 'isValid(datum.p5) && isValid(datum.p95)' }],
      mark: { type: 'area', opacity: 0.2 },
      encoding: { x, y: { ...y, field: 'p5' }, y2: { field: 'p95' }, color },
    },
    { mark: { type: 'line', interpolate: 'monotone' }, encoding: { x, y: { ...y, field: 'mean' }, color } },
  );
  if (o.target) {
    layer.push({
      data: { values: [{ value: o.target.value, label: o.target.label }] },
      layer: [
        { mark: { type: 'rule', strokeDash: [6, 4], color: COLORS.ink }, encoding: { y: { field: 'value', type: 'quantitative' } } },
        {
          mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, x: 'width', color: COLORS.ink },
          encoding: { y: { field: 'value', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    });
  }
  return {
    title: o.subtitle ? { text: o.title, subtitle: o.subtitle } : o.title,
    width: SIZE.width,
    height: o.height ?? SIZE.height,
    data: { values: o.points },
    layer,
  };
}

/** "15 minutes", "hour", "2 hours": the interval length for titles. */
export function intervalLabel(seconds: number): string {
  if (seconds === 3600) return 'hour';
  if (seconds % 3600 === 0) return `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

/** Points at the middle of each interval (a value describes the whole interval). */
export function bandPoints(series: Series, metric: string, name: string): BandPoint[] {
  const half = (series.intervalSeconds * 1000) / 2;
  const out: BandPoint[] = [];
  for (const row of series.rows) {
    const b = (row as unknown as Record<string, unknown>)[metric] as Band | undefined;
    if (!b || b.mean === null || b.mean === undefined) continue;
    out.push({ t: localTimeMs(row.start) + half, series: name, mean: b.mean, p5: b.p5, p95: b.p95 });
  }
  return out;
}

/** The span of the intervals that lie wholly in the warm-up, if any. */
export function warmupSpan(series: Series): [number, number] | null {
  const warm = series.rows.filter((r: SeriesRow) => r.warmup);
  if (warm.length === 0) return null;
  return [localTimeMs(warm[0].start), localTimeMs(warm[warm.length - 1].start) + series.intervalSeconds * 1000];
}

interface SeriesChartDef {
  id: string;
  title: (interval: string) => string;
  unit: Unit;
  yTitle: string;
  /** Metrics drawn for one run, with legend labels. */
  metrics: Record<string, string>;
  /** The one metric drawn per variant in a comparison, and that chart's title. */
  compareMetric: string;
  compareTitle: (interval: string) => string;
  caption: string;
}

const BAND_NOTE = 'Line: mean across replications; band: 5th–95th percentile across replications (how much single days vary, not a confidence interval).';

const DEFS: SeriesChartDef[] = [
  {
    id: 'interval-volumes',
    title: (iv) => `Calls per ${iv}`,
    unit: 'calls',
    yTitle: 'calls per interval',
    metrics: { offered: 'offered', answered: 'answered', abandoned: 'abandoned' },
    compareMetric: 'abandoned',
    compareTitle: (iv) => `Abandoned calls per ${iv}, by variant`,
    caption: 'Calls by the interval in which they arrived: offered, answered, abandoned (a comparison shows the abandoned calls of each variant).',
  },
  {
    id: 'interval-service-level',
    title: (iv) => `Service level per ${iv}`,
    unit: 'share',
    yTitle: 'answered within T / offered',
    metrics: { serviceLevel: 'service level' },
    compareMetric: 'serviceLevel',
    compareTitle: (iv) => `Service level per ${iv}, by variant`,
    caption: 'Share of the calls arriving in the interval that were answered within the service-level threshold T.',
  },
  {
    id: 'interval-occupancy',
    title: (iv) => `Agent occupancy per ${iv}`,
    unit: 'share',
    yTitle: 'busy / staffed agent time',
    metrics: { occupancy: 'occupancy' },
    compareMetric: 'occupancy',
    compareTitle: (iv) => `Agent occupancy per ${iv}, by variant`,
    caption: 'Busy agent time over staffed (idle or busy) agent time; breaks and off-shift time excluded.',
  },
  {
    id: 'interval-staffing',
    title: (iv) => `Agents per ${iv}`,
    unit: 'agents',
    yTitle: 'agents (time average)',
    metrics: { agentsOnShift: 'on shift (breaks included)', agentsStaffed: 'available (idle or busy)' },
    compareMetric: 'agentsStaffed',
    compareTitle: (iv) => `Agents available per ${iv}, by variant`,
    caption: 'Time-average agents on shift and agents available to take calls (on shift and not on a break); a comparison shows the available agents.',
  },
];

function buildOne(def: SeriesChartDef, variants: Variant[]): Chart | null {
  const series = variants[0].doc.series!;
  const iv = intervalLabel(series.intervalSeconds);
  const single = variants.length === 1;
  const points: BandPoint[] = [];
  const domain: string[] = [];
  const range: string[] = [];
  if (single) {
    for (const [metric, label] of Object.entries(def.metrics)) {
      const p = bandPoints(series, metric, label);
      if (p.length === 0) continue;
      points.push(...p);
      domain.push(label);
      range.push(METRIC_COLORS[metric] ?? VARIANT_COLORS[domain.length - 1]);
    }
  } else {
    variants.forEach((v, i) => {
      if (!v.doc.series) return;
      const p = bandPoints(v.doc.series, def.compareMetric, v.name);
      if (p.length === 0) return;
      points.push(...p);
      domain.push(v.name);
      range.push(VARIANT_COLORS[i % VARIANT_COLORS.length]);
    });
  }
  // An outbound-only campaign has inbound rows of zeros: a flat line at zero says nothing.
  if (points.every((p) => p.mean === 0)) return null;
  const title = single ? def.title(iv) : def.compareTitle(iv);
  return {
    id: def.id,
    title,
    caption: `${def.caption} ${BAND_NOTE}`,
    spec: intervalSeriesSpec({
      title,
      subtitle: `${variants[0].doc.replications} replications`,
      points,
      unit: def.unit,
      yTitle: def.yTitle,
      colors: { domain, range },
      warmup: warmupSpan(series),
    }),
  };
}

export const intervalSeriesFamily: ChartFamily = {
  name: 'KPIs over the day',
  build(input) {
    const variants = variantsOf(input);
    if (variants.length === 0 || !variants[0].doc.series || variants[0].doc.series.rows.length === 0) return [];
    return DEFS.map((d) => buildOne(d, variants)).filter((c): c is Chart => c !== null);
  },
};
