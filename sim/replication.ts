/**
 * One replication as a pure function of (model, replication number): build the world, run it,
 * return plain data (structured-clone friendly, so it can come back from a worker thread).
 */
import { InboundCenter, type CenterObserver } from './inbound-center.ts';
import { IV_FIELDS, type InboundTotals } from './metrics/inbound-stats.ts';
import { computeInboundKpis } from './metrics/kpis.ts';
import type { Model } from './model.ts';

export interface ReplicationResult {
  replication: number;
  kpis: Record<string, number | null>;
  totals: InboundTotals;
  /** Per-interval sums (IV fields, stride IV_FIELDS), the first interval being the one containing t = 0. */
  intervals: { firstStart: number; count: number; fields: Float64Array } | null;
  /** Simulated time at which the measurement window opened and closed. */
  window: [number, number];
  histogram: { answered: Float64Array; abandoned: Float64Array };
  /** Calls generated (warm-up included) and events processed: throughput figures. */
  calls: number;
  events: number;
}

export function runReplication(model: Model, replication: number, observer: CenterObserver | null = null): ReplicationResult {
  const center = new InboundCenter(model, replication, observer);
  center.run();
  const s = center.stats;
  const totals = s.totals();
  const count = s.intervalCount;
  return {
    replication,
    kpis: computeInboundKpis(totals),
    totals,
    intervals: model.seriesEnabled
      ? { firstStart: s.intervalStart(s.firstInterval), count, fields: s.iv.slice(0, count * IV_FIELDS) }
      : null,
    window: [s.windowEnd - totals.windowSeconds, s.windowEnd],
    histogram: { answered: s.histAnswered.slice(), abandoned: s.histAbandoned.slice() },
    calls: center.callsGenerated,
    events: center.ev.popped,
  };
}
