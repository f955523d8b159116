/**
 * Replications → the statistical part of a results document. Each KPI gets the mean of the
 * per-replication values, a 95% Student-t interval (null with one replication) and the values
 * themselves; each interval of the series gets the mean and the 5th/95th percentiles across
 * replications (prediction bands, not intervals of the mean); the wait histogram is pooled.
 * Replications are always combined in replication order, so the output does not depend on which
 * worker finished first.
 */
import type { Calendar } from '../calendar.ts';
import { confidenceInterval, mean, quantile } from '../stats/summary.ts';
import type { ReplicationResult } from '../replication.ts';
import { OB, OB_FIELDS } from '../outbound/outbound-stats.ts';
import { IV, IV_FIELDS } from './inbound-stats.ts';
import type { KpiDef } from './kpis.ts';

export interface KpiSummary {
  mean: number | null;
  ci95: [number, number] | null;
  values: (number | null)[];
}

export interface Band {
  mean: number | null;
  p5: number | null;
  p95: number | null;
}

export const SERIES_METRICS = ['offered', 'answered', 'abandoned', 'asa', 'serviceLevel', 'occupancy', 'agentsStaffed', 'agentsOnShift', 'meanQueueLength'] as const;
export type SeriesMetric = (typeof SERIES_METRICS)[number];
/** The pacing trace of an outbound campaign, per interval (rows carry these only when there is a campaign). */
export const OUTBOUND_SERIES_METRICS = ['dials', 'liveAnswers', 'connects', 'dialerAbandoned', 'connectRate', 'abandonRate'] as const;
export type OutboundSeriesMetric = (typeof OUTBOUND_SERIES_METRICS)[number];

export type SeriesRow = { start: string; startSeconds: number; warmup: boolean; replications: number } & Record<SeriesMetric, Band> & Partial<Record<OutboundSeriesMetric, Band>>;

export interface Series {
  intervalSeconds: number;
  rows: SeriesRow[];
}

export interface WaitHistogram {
  binEdges: number[];
  counts: number[];
  answered: number[];
  abandoned: number[];
}

export function summarizeKpis(defs: readonly KpiDef[], reps: readonly ReplicationResult[]): Record<string, KpiSummary> {
  const out: Record<string, KpiSummary> = {};
  for (const def of defs) out[def.name] = summarizeValues(reps.map((r) => r.kpis[def.name] ?? null));
  return out;
}

/** Mean and CI of the defined values; null when none is defined. */
export function summarizeValues(values: (number | null)[]): KpiSummary {
  const defined = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (defined.length === 0) return { mean: null, ci95: null, values };
  return { mean: mean(defined), ci95: defined.length === values.length ? confidenceInterval(defined, 0.95) : null, values };
}

function intervalValue(f: Float64Array, o: number, metric: SeriesMetric): number | null {
  const ratio = (num: number, den: number) => (den > 0 ? num / den : null);
  switch (metric) {
    case 'offered':
      return f[o + IV.offered];
    case 'answered':
      return f[o + IV.answered];
    case 'abandoned':
      return f[o + IV.abandoned];
    case 'asa':
      return ratio(f[o + IV.sumWait], f[o + IV.answered]);
    case 'serviceLevel':
      return ratio(f[o + IV.withinT], f[o + IV.offered]);
    case 'occupancy':
      return ratio(f[o + IV.busyArea], f[o + IV.staffedArea]);
    case 'agentsStaffed':
      return ratio(f[o + IV.staffedArea], f[o + IV.seconds]);
    case 'agentsOnShift':
      return ratio(f[o + IV.onShiftArea], f[o + IV.seconds]);
    case 'meanQueueLength':
      return ratio(f[o + IV.queueArea], f[o + IV.seconds]);
  }
}

function outboundValue(f: Float64Array, o: number, metric: OutboundSeriesMetric): number | null {
  switch (metric) {
    case 'dials':
      return f[o + OB.dials];
    case 'liveAnswers':
      return f[o + OB.liveAnswers];
    case 'connects':
      return f[o + OB.connects];
    case 'dialerAbandoned':
      return f[o + OB.abandoned];
    case 'connectRate':
      return f[o + OB.dials] > 0 ? f[o + OB.liveAnswers] / f[o + OB.dials] : null;
    case 'abandonRate': {
      const d = f[o + OB.abandoned] + f[o + OB.connects];
      return d > 0 ? f[o + OB.abandoned] / d : null;
    }
  }
}

function band(values: number[]): Band {
  if (values.length === 0) return { mean: null, p5: null, p95: null };
  return { mean: mean(values), p5: quantile(values, 0.05), p95: quantile(values, 0.95) };
}

export function summarizeSeries(reps: readonly ReplicationResult[], intervalSeconds: number, cal: Calendar): Series | null {
  const withSeries = reps.filter((r) => r.intervals !== null);
  if (withSeries.length === 0) return null;
  const first = withSeries[0].intervals!.firstStart;
  const count = Math.max(...withSeries.map((r) => r.intervals!.count));
  const windowOpen = Math.min(...withSeries.map((r) => r.window[0]));
  const rows: SeriesRow[] = [];
  for (let k = 0; k < count; k++) {
    const start = first + k * intervalSeconds;
    const present = withSeries.filter((r) => k < r.intervals!.count);
    const row = {
      start: cal.format(Math.max(start, 0)).slice(0, 16),
      startSeconds: Math.max(start, 0),
      warmup: start + intervalSeconds <= windowOpen,
      replications: present.length,
    } as SeriesRow;
    for (const metric of SERIES_METRICS) {
      const vals: number[] = [];
      for (const r of present) {
        const v = intervalValue(r.intervals!.fields, k * IV_FIELDS, metric);
        if (v !== null) vals.push(v);
      }
      row[metric] = band(vals);
    }
    if (present.some((r) => r.intervals!.outbound !== null)) {
      for (const metric of OUTBOUND_SERIES_METRICS) {
        const vals: number[] = [];
        for (const r of present) {
          const ob = r.intervals!.outbound;
          if (ob === null || (k + 1) * OB_FIELDS > ob.length) continue;
          const v = outboundValue(ob, k * OB_FIELDS, metric);
          if (v !== null) vals.push(v);
        }
        row[metric] = band(vals);
      }
    }
    rows.push(row);
  }
  return { intervalSeconds, rows };
}

export function poolHistogram(reps: readonly ReplicationResult[], binSeconds: number): WaitHistogram {
  const n = reps[0].histogram.answered.length;
  const answered = new Array<number>(n).fill(0);
  const abandoned = new Array<number>(n).fill(0);
  for (const r of reps) {
    for (let i = 0; i < n; i++) {
      answered[i] += r.histogram.answered[i];
      abandoned[i] += r.histogram.abandoned[i];
    }
  }
  return {
    binEdges: Array.from({ length: n }, (_, i) => i * binSeconds),
    counts: answered.map((a, i) => a + abandoned[i]),
    answered,
    abandoned,
  };
}
