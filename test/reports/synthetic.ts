/**
 * Small, valid documents made up for the report tests: a results document (optionally with an
 * outbound pacing trace, breakdowns and a compliance target), a comparison built by the real
 * compareResults, and a sweep. Deterministic (no randomness), so assertions can name exact values.
 */
import { compareResults } from '../../bench/compare.ts';
import type { ResultsDocument } from '../../bench/results.ts';
import { SERIES_METRICS, type Band, type SeriesRow } from '../../sim/metrics/aggregate.ts';
import type { ReportResults } from '../../reports/document.ts';
import type { Breakdowns, SweepDocument } from '../../reports/shapes.ts';

const band = (mean: number, spread = 0.1): Band => ({ mean, p5: mean * (1 - spread), p95: mean * (1 + spread) });
const summary = (values: number[]) => {
  const m = values.reduce((s, v) => s + v, 0) / values.length;
  return { mean: m, ci95: [m * 0.95, m * 1.05] as [number, number], values };
};

export interface SyntheticOptions {
  name?: string;
  /** Scales volumes and shifts the KPIs, to make a second variant. */
  shift?: number;
  intervals?: number;
  warmupIntervals?: number;
  pacing?: boolean;
  breakdowns?: boolean;
  abandonRateTarget?: number;
}

export function syntheticResults(o: SyntheticOptions = {}): ReportResults {
  const shift = o.shift ?? 0;
  const n = o.intervals ?? 16;
  const reps = 3;
  const rows: SeriesRow[] = [];
  for (let k = 0; k < n; k++) {
    const minutes = 8 * 60 + 15 * k;
    const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
    const mm = String(minutes % 60).padStart(2, '0');
    const offered = 100 + 10 * k;
    const row = { start: `2026-03-02T${hh}:${mm}`, startSeconds: 900 * k, warmup: k < (o.warmupIntervals ?? 0), replications: reps } as SeriesRow;
    for (const m of SERIES_METRICS) row[m] = band(1);
    row.offered = band(offered);
    row.answered = band(offered * (0.95 - shift));
    row.abandoned = band(offered * (0.05 + shift));
    row.serviceLevel = band(0.8 - shift, 0.05);
    row.occupancy = band(0.85 + shift / 2, 0.02);
    row.agentsStaffed = band(40);
    row.agentsOnShift = band(44);
    if (o.pacing) {
      Object.assign(row, { dials: band(300 + 5 * k), connectRate: band(0.3, 0.1), abandonRate: band(0.02 + 0.001 * k, 0.3) });
    }
    rows.push(row);
  }
  const doc: ReportResults = {
    schemaVersion: 1,
    scenario: o.name ?? 'synthetic-day',
    seed: 1,
    replications: reps,
    kpis: {
      offered: summary([1000, 1010, 990]),
      answered: summary([950, 960, 940].map((v) => v * (1 - shift))),
      abandonRate: summary([0.05, 0.06, 0.04].map((v) => v + shift)),
      asa: summary([12, 13, 11].map((v) => v + 100 * shift)),
      serviceLevel: summary([0.8, 0.82, 0.78].map((v) => v - shift)),
      occupancy: summary([0.85, 0.86, 0.84]),
    },
    series: { intervalSeconds: 900, rows },
    distributions: { wait: { binEdges: [0, 10, 20, 30, 40, 50], counts: [600, 200, 100, 50, 0, 0], answered: [590, 190, 90, 40, 0, 0], abandoned: [10, 10, 10, 10, 0, 0] } },
    provenance: { ccsim: '0.1.0', commit: null, node: 'v20.0.0', scenarioHash: 'a'.repeat(64), rng: 'threefry2x32-20' },
    perf: { calls: 3000, events: 6000, wallSeconds: 0.1, callsPerSecond: 30000, eventsPerSecond: 60000 },
  };
  if (o.breakdowns) doc.breakdowns = syntheticBreakdowns(shift);
  if (o.abandonRateTarget !== undefined) {
    doc.compliance = {
      pack: 'uk',
      threshold: o.abandonRateTarget,
      windowHours: 24,
      rolling: true,
      connectSeconds: 2,
      recallBlockHours: 72,
      countAmdEstimate: true,
      replicationsWithinThreshold: reps,
      replications: Array.from({ length: reps }, () => ({
        rate: 0.02, worstRate: 0.025, worstAt: '2026-03-02T12:00', headroom: o.abandonRateTarget! - 0.025,
        abandoned: 20, connected: 980, amdEstimate: 0, amdFalsePositives: 0, windows: [], violations: [],
      })),
    };
  }
  return doc;
}

export function syntheticBreakdowns(shift = 0): Breakdowns {
  const conv = (m: number) => ({ conversionRate: summary([m - 0.01, m, m + 0.01].map((v) => v + shift)) });
  return {
    segment: { new: conv(0.08), returning: conv(0.15), lapsed: conv(0.05) },
    agentGroup: { early: conv(0.11), late: conv(0.09) },
    script: { 'script-a': conv(0.1), 'script-b': conv(0.12), 'script-c': conv(0.07), 'script-d': conv(0.09) },
    intent: { buy: conv(0.3), browse: conv(0.04), complain: conv(0.01) },
  };
}

export function syntheticCompare(o: SyntheticOptions = {}) {
  const a = syntheticResults({ ...o, name: 'baseline' }) as ResultsDocument;
  const b = syntheticResults({ ...o, name: 'variant', shift: 0.02 }) as ResultsDocument;
  return compareResults([a, b], ['baseline', 'variant']);
}

/** A 5 x 4 grid: conversions per agent hour rise with both parameters, and so does abandonment. */
export function syntheticSweep(): SweepDocument {
  const points: SweepDocument['points'] = [];
  for (const weight of [0, 0.25, 0.5, 0.75, 1]) {
    for (const buffer of [1, 1.5, 2, 3]) {
      const conv = 2 + 1.5 * weight + 0.8 * buffer;
      const abandon = 0.005 + 0.006 * buffer + 0.01 * weight;
      points.push({
        params: { 'routing.weight': weight, 'pacing.buffer': buffer },
        kpis: { conversionsPerAgentHour: { mean: conv, ci95: [conv - 0.1, conv + 0.1] }, abandonRate: { mean: abandon, ci95: [abandon * 0.9, abandon * 1.1] } },
      });
    }
  }
  return { name: 'weight x buffer', points };
}
