/**
 * The results contract: the one JSON document that `run` prints and that compare, sweep, bench,
 * reports and notebooks read. Field order is fixed and every number comes from replications
 * combined in replication order, so apart from `perf` the same scenario and seed give the same bytes.
 * Documented in README.md; its JSON Schema is bench/results.schema.json (from results-schema.ts).
 */
import type { Calendar } from '../sim/calendar.ts';
import { poolHistogram, summarizeKpis, summarizeSeries, type KpiSummary, type Series, type WaitHistogram } from '../sim/metrics/aggregate.ts';
import { INBOUND_KPIS } from '../sim/metrics/kpis.ts';
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
  provenance: Provenance;
  perf: Perf;
}

export function buildResults(model: Model, reps: readonly ReplicationResult[], cal: Calendar, scenarioHash: string, wallSeconds: number): ResultsDocument {
  const calls = reps.reduce((s, r) => s + r.calls, 0);
  const events = reps.reduce((s, r) => s + r.events, 0);
  return {
    schemaVersion: SCHEMA_VERSION,
    scenario: model.name,
    seed: model.seed,
    replications: reps.length,
    kpis: summarizeKpis(INBOUND_KPIS, reps),
    series: summarizeSeries(reps, model.intervalSeconds, cal),
    distributions: { wait: poolHistogram(reps, model.histogram.binSeconds) },
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
