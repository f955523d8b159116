/**
 * An outbound dialer's pacing over the day, three panels on one time axis: dial attempts per hour,
 * connect rate (live answers / dials) and abandon rate (abandoned / live answers) against its
 * ceiling. Read from series rows that carry the PacingTraceRow bands (see shapes.ts); a document
 * without them has no pacing chart.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Band, Series } from '../../sim/metrics/aggregate.ts';
import type { Chart, ChartFamily } from '../chart.ts';
import { variantsOf, type ReportResults, type Variant } from '../document.ts';
import { DEFAULT_ABANDON_TARGET, type PacingTraceRow } from '../shapes.ts';
import { METRIC_COLORS, SIZE, VARIANT_COLORS, VEGA_CONFIG } from '../theme.ts';
import { bandPoints, intervalLabel, intervalSeriesPanel, warmupSpan, type BandPoint } from './interval-series.ts';

const isBand = (x: unknown): x is Band => typeof x === 'object' && x !== null && 'mean' in x;

/** The pacing rows of a series: those whose row carries a `dials` band. */
export function pacingTrace(series: Series | null): PacingTraceRow[] {
  if (!series) return [];
  const rows: PacingTraceRow[] = [];
  for (const row of series.rows) {
    const r = row as unknown as Record<string, unknown>;
    if (!isBand(r.dials)) continue;
    const empty = { mean: null, p5: null, p95: null };
    rows.push({
      start: row.start,
      dials: r.dials,
      connectRate: isBand(r.connectRate) ? r.connectRate : empty,
      abandonRate: isBand(r.abandonRate) ? r.abandonRate : empty,
    });
  }
  return rows;
}

/**
 * The abandon-rate ceiling: the rule pack's `compliance.threshold` (or `abandonRateTarget`), else
 * the regulators' common 3%.
 */
export function abandonTarget(doc: ReportResults, notes: string[]): { value: number; label: string } {
  const c = doc.compliance ?? {};
  const key = 'threshold' in c ? 'threshold' : 'abandonRateTarget';
  const t = c[key];
  const pack = typeof c.pack === 'string' ? `${c.pack} ` : '';
  if (typeof t === 'number' && t >= 0 && t <= 1) return { value: t, label: `${pack}ceiling ${+(t * 100).toFixed(2)}%` };
  if (t !== undefined) notes.push(`compliance.${key}: expected a share in [0, 1], found ${JSON.stringify(t)}; the pacing chart uses 3%`);
  return { value: DEFAULT_ABANDON_TARGET, label: '3% ceiling (FTC, FCC, Ofcom)' };
}

/** Dials per interval → dials per hour, band included. */
function perHour(points: BandPoint[], intervalSeconds: number): BandPoint[] {
  const k = 3600 / intervalSeconds;
  return points.map((p) => ({ ...p, mean: p.mean * k, p5: p.p5 === null ? null : p.p5 * k, p95: p.p95 === null ? null : p.p95 * k }));
}

export function pacingTraceSpec(o: {
  title: string;
  subtitle?: string;
  dials: BandPoint[];
  connect: BandPoint[];
  abandon: BandPoint[];
  colors: { domain: string[]; range: string[] };
  target: { value: number; label: string };
  warmup: [number, number] | null;
}): TopLevelSpec {
  const height = Math.round(SIZE.height * 0.7);
  const panel = (title: string, points: BandPoint[], unit: 'calls/hour' | 'share', yTitle: string, target: { value: number; label: string } | null) =>
    intervalSeriesPanel({ title, points, unit, yTitle, colors: o.colors, warmup: o.warmup, target, height });
  const panels = [
    panel('Dial attempts per hour', o.dials, 'calls/hour', 'dials per hour', null),
    ...(o.connect.length > 0 ? [panel('Connect rate', o.connect, 'share', 'live answers / dials', null)] : []),
    ...(o.abandon.length > 0 ? [panel('Abandon rate against its ceiling', o.abandon, 'share', 'abandoned / live answers', o.target)] : []),
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.subtitle ? { text: o.title, subtitle: o.subtitle } : o.title,
    config: { ...VEGA_CONFIG, title: { ...VEGA_CONFIG.title, fontSize: 16 } },
    vconcat: panels.map((p) => ({ ...p, title: { text: p.title as string, fontSize: 13 } })),
    spacing: 28,
  } as TopLevelSpec;
}

function buildFor(variants: Variant[], notes: string[]): Chart | null {
  const traced = variants.filter((v) => pacingTrace(v.doc.series).length > 0);
  if (traced.length === 0) return null;
  const single = variants.length === 1;
  const series = traced[0].doc.series!;
  const collect = (metric: 'dials' | 'connectRate' | 'abandonRate', label: string) =>
    traced.flatMap((v) => bandPoints(v.doc.series!, metric, single ? label : v.name));
  const colors = single
    ? { domain: ['dials per hour', 'connect rate', 'abandon rate'], range: [METRIC_COLORS.dialsPerHour, METRIC_COLORS.connectRate, METRIC_COLORS.abandonRate] }
    : { domain: traced.map((v) => v.name), range: traced.map((v) => VARIANT_COLORS[variants.indexOf(v) % VARIANT_COLORS.length]) };
  const target = abandonTarget(traced[0].doc, notes);
  const title = `Pacing trace per ${intervalLabel(series.intervalSeconds)}`;
  return {
    id: 'pacing-trace',
    title,
    caption:
      'The dialer over the day: dial attempts per hour, connect rate (live answers / dials) and abandon rate (calls answered by a person and not connected to an agent in time / live answers) ' +
      `against the ceiling (dashed). Line: mean across replications; band: 5th–95th percentile across replications.`,
    spec: pacingTraceSpec({
      title,
      subtitle: single ? `${traced[0].doc.replications} replications` : 'by variant',
      dials: perHour(collect('dials', 'dials per hour'), series.intervalSeconds),
      connect: collect('connectRate', 'connect rate'),
      abandon: collect('abandonRate', 'abandon rate'),
      colors,
      target,
      warmup: warmupSpan(series),
    }),
  };
}

export const pacingTraceFamily: ChartFamily = {
  name: 'pacing trace',
  build(input, notes) {
    const chart = buildFor(variantsOf(input), notes);
    return chart ? [chart] : [];
  },
};
