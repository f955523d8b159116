/**
 * The results contract: the one JSON document that `run` prints and that compare, sweep, bench,
 * reports and notebooks read. Field order is fixed and every number comes from replications
 * combined in replication order, so apart from `perf` the same scenario and seed give the same bytes.
 * Documented in README.md; its JSON Schema is bench/results.schema.json (from results-schema.ts).
 */
import type { Calendar } from '../sim/calendar.ts';
import { poolHistogram, summarizeKpis, summarizeSeries, summarizeValues, type KpiSummary, type Series, type WaitHistogram } from '../sim/metrics/aggregate.ts';
import { kpiDefsFor } from '../sim/metrics/kpis.ts';
import type { Model } from '../sim/model.ts';
import type { ReplicationResult } from '../sim/replication.ts';
import { provenance, type Provenance } from './provenance.ts';

export const SCHEMA_VERSION = 1;

export interface Perf {
  calls: number;
  events: number;
  wallSeconds: number;
  callsPerSecond: number;
  eventsPerSecond: number;
}

export interface ResultsDocument {
  schemaVersion: number;
  scenario: string;
  seed: number;
  replications: number;
  kpis: Record<string, KpiSummary>;
  series: Series | null;
  distributions: { wait: WaitHistogram };
  /** Outbound campaigns: the rule pack, and per replication the windows, the worst one and any violations. */
  compliance?: ComplianceSection;
  /** Sales KPIs by dimension (segment, agentGroup, ...) and value, each a KPI summary across replications. */
  breakdowns?: Record<string, Record<string, Record<string, KpiSummary>>>;
  provenance: Provenance;
  perf: Perf;
}

export type ComplianceSection = {
  pack: string;
  threshold: number;
  windowHours: number;
  rolling: boolean;
  connectSeconds: number;
  recallBlockHours: number;
  countAmdEstimate: boolean;
  /** Replications whose worst window stays at or under the threshold. */
  replicationsWithinThreshold: number;
  replications: {
    rate: number | null;
    worstRate: number | null;
    worstAt: string | null;
    headroom: number | null;
    abandoned: number;
    connected: number;
    amdEstimate: number;
    amdFalsePositives: number;
    windows: { start: string; end: string; abandoned: number; connected: number; rate: number | null }[];
    violations: { from: string; to: string; peakRate: number }[];
  }[];
};

function summarizeBreakdowns(reps: readonly ReplicationResult[]): Record<string, Record<string, Record<string, KpiSummary>>> {
  const out: Record<string, Record<string, Record<string, KpiSummary>>> = {};
  const first = reps[0].breakdowns!;
  for (const dim of Object.keys(first)) {
    out[dim] = {};
    for (const value of Object.keys(first[dim])) {
      out[dim][value] = {};
      for (const kpi of Object.keys(first[dim][value])) out[dim][value][kpi] = summarizeValues(reps.map((r) => r.breakdowns![dim][value][kpi]));
    }
  }
  return out;
}

function complianceSection(model: Model, reps: readonly ReplicationResult[], cal: Calendar): ComplianceSection | undefined {
  const pack = model.outbound?.compliance;
  if (!pack) return undefined;
  const at = (t: number) => cal.format(t).slice(0, 16);
  const rows = reps.map((r) => {
    const c = r.compliance!;
    return {
      rate: c.rate,
      worstRate: c.worstRate,
      worstAt: c.worstAt === null ? null : at(c.worstAt),
      headroom: c.headroom,
      abandoned: c.abandoned,
      connected: c.connected,
      amdEstimate: c.amdEstimate,
      amdFalsePositives: c.amdFalsePositives,
      windows: c.windows.map((w) => ({ start: at(w.start), end: at(w.end), abandoned: w.abandoned, connected: w.connected, rate: w.rate })),
      violations: c.violations.map((v) => ({ from: at(v.from), to: at(v.to), peakRate: v.peakRate })),
    };
  });
  return {
    pack: pack.pack,
    threshold: pack.threshold,
    windowHours: pack.windowHours,
    rolling: pack.rolling,
    connectSeconds: pack.connectSeconds,
    recallBlockHours: pack.recallBlockHours,
    countAmdEstimate: pack.countAmdEstimate,
    replicationsWithinThreshold: rows.filter((r) => r.worstRate === null || r.worstRate <= pack.threshold).length,
    replications: rows,
  };
}

export function buildResults(model: Model, reps: readonly ReplicationResult[], cal: Calendar, scenarioHash: string, wallSeconds: number): ResultsDocument {
  const calls = reps.reduce((s, r) => s + r.calls, 0);
  const events = reps.reduce((s, r) => s + r.events, 0);
  return {
    schemaVersion: SCHEMA_VERSION,
    scenario: model.name,
    seed: model.seed,
    replications: reps.length,
    kpis: summarizeKpis(kpiDefsFor({ inbound: model.inbound !== null, outbound: model.outbound !== null, sales: model.world !== null, assist: model.world?.assist != null, collab: model.world?.collab != null }), reps),
    series: summarizeSeries(reps, model.intervalSeconds, cal),
    distributions: { wait: poolHistogram(reps, model.histogram.binSeconds) },
    ...(model.outbound ? { compliance: complianceSection(model, reps, cal) } : {}),
    ...(model.world ? { breakdowns: summarizeBreakdowns(reps) } : {}),
    provenance: provenance(scenarioHash),
    perf: {
      calls,
      events,
      wallSeconds: round(wallSeconds, 4),
      callsPerSecond: wallSeconds > 0 ? Math.round(calls / wallSeconds) : 0,
      eventsPerSecond: wallSeconds > 0 ? Math.round(events / wallSeconds) : 0,
    },
  };
}

/** The document without `perf`: what must be byte-identical across runs of the same scenario and seed. */
export function withoutPerf<T extends { perf?: unknown }>(doc: T): Omit<T, 'perf'> {
  const { perf: _perf, ...rest } = doc;
  return rest;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
