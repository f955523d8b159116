/**
 * One replication as a pure function of (model, replication number): build the world, run it,
 * return plain data (structured-clone friendly, so it can come back from a worker thread).
 */
import { Center, type CenterObserver } from './center.ts';
import { PlainCenter, plainCenterMisfit } from './plain-center.ts';
import { IV_FIELDS, type InboundTotals } from './metrics/inbound-stats.ts';
import { computeAgentKpis, computeBreakdowns, computeInboundKpis, computeOutboundKpis, computeSalesKpis } from './metrics/kpis.ts';
import type { SalesTotals } from './metrics/sales-stats.ts';
import type { CollabTotals } from './metrics/collab-stats.ts';
import { computeCollabKpis } from './metrics/collab-kpis.ts';
import type { Model } from './model.ts';
import type { ComplianceSummary } from './outbound/compliance.ts';
import type { DialerObserver } from './outbound/dialer.ts';
import { OB_FIELDS, type OutboundTotals } from './outbound/outbound-stats.ts';
import type { RecordSink } from './records.ts';

export interface ReplicationResult {
  replication: number;
  kpis: Record<string, number | null>;
  totals: InboundTotals;
  outbound: OutboundTotals | null;
  compliance: ComplianceSummary | null;
  sales: SalesTotals | null;
  /** The bot, supervisors, complaints and costs (sim/collab/), when the scenario has them. */
  collab: CollabTotals | null;
  /** dimension -> value -> KPI (per replication; aggregated into the results' breakdowns). */
  breakdowns: Record<string, Record<string, Record<string, number | null>>> | null;
  /** Per-interval sums (IV fields, stride IV_FIELDS), the first interval being the one containing t = 0. */
  intervals: { firstStart: number; count: number; fields: Float64Array; outbound: Float64Array | null } | null;
  /** Simulated time at which the measurement window opened and closed. */
  window: [number, number];
  histogram: { answered: Float64Array; abandoned: Float64Array };
  /** Calls generated (inbound arrivals, warm-up included, plus dial attempts) and events processed: throughput figures. */
  calls: number;
  events: number;
}

export interface ReplicationObservers {
  center?: CenterObserver;
  dialer?: DialerObserver;
}

/** A record sink that is also told when the replication is over (to flush and close its files). */
export interface ReplicationSink extends RecordSink {
  /** Called once after the run with the replication's result; not called if the run throws. */
  end?(center: Center, result: ReplicationResult): void;
}

export interface ReplicationOptions {
  /** Makes the record sink of this replication's center (bench/records/): called once the center is built, before it runs. */
  sink?: (center: Center) => ReplicationSink;
  /**
   * Which center runs the model: 'auto' (the default) takes the plain center (sim/plain-center.ts)
   * when the model is a plain queueing model with no records or observers, else the general one;
   * 'general' always takes the general one (tests compare the two).
   */
  center?: 'auto' | 'general';
}

export function runReplication(
  model: Model,
  replication: number,
  observers: CenterObserver | ReplicationObservers | null = null,
  options: ReplicationOptions = {},
): ReplicationResult {
  const obs: ReplicationObservers = observers === null ? {} : 'center' in observers || 'dialer' in observers ? observers : { center: observers as CenterObserver };
  if (options.center !== 'general' && !options.sink && !obs.center && !obs.dialer && plainCenterMisfit(model) === null) {
    const plain = new PlainCenter(model, replication);
    plain.run();
    return resultOf(model, replication, plain);
  }
  const center = new Center(model, replication, obs.center ?? null);
  if (center.dialer && obs.dialer) center.dialer.observer = obs.dialer;
  const sink = options.sink ? options.sink(center) : null;
  center.sink = sink;
  center.run();
  const result = resultOf(model, replication, center);
  sink?.end?.(center, result);
  return result;
}

/** The replication's result from a center that has run. */
function resultOf(model: Model, replication: number, center: Center | PlainCenter): ReplicationResult {
  const s = center.stats;
  const totals = s.totals();
  const count = s.intervalCount;
  const dialer = center.dialer;
  const outbound = dialer ? dialer.totals() : null;
  const compliance = dialer ? dialer.complianceSummary() : null;
  const sales = center.sales ? center.sales.totals() : null;
  const collab = center.collab ? center.collab.stats.totals() : null;
  // With a bot, offered counts the calls offered to humans; conversions are per call received.
  const offered = (model.inbound ? (collab ? collab.received : totals.offered) : 0) + (outbound ? outbound.leadsDialable : 0);
  const bot = collab ? { conversions: collab.botConversions, revenue: collab.botRevenue } : null;
  const salesKpis = sales ? computeSalesKpis(sales, offered, totals.onShiftArea, bot) : {};
  const kpis: Record<string, number | null> = {
    ...(model.inbound ? computeInboundKpis(totals) : {}),
    ...computeAgentKpis(totals),
    ...(outbound && compliance ? computeOutboundKpis(outbound, compliance, totals.onShiftArea) : {}),
    ...salesKpis,
    ...(collab ? computeCollabKpis(collab, totals, (salesKpis.conversions as number) ?? 0, model.world!.collab!.costs, model.world!.collab!.bot !== null) : {}),
  };
  const result: ReplicationResult = {
    replication,
    kpis,
    totals,
    outbound,
    compliance,
    sales,
    collab,
    breakdowns: sales ? withPacingArms(computeBreakdowns(sales), dialer) : null,
    intervals: model.seriesEnabled
      ? {
          firstStart: s.intervalStart(s.firstInterval),
          count,
          fields: s.iv.slice(0, count * IV_FIELDS),
          outbound: dialer ? dialer.stats.iv.slice(0, count * OB_FIELDS) : null,
        }
      : null,
    window: [s.windowEnd - totals.windowSeconds, s.windowEnd],
    histogram: { answered: s.histAnswered.slice(), abandoned: s.histAbandoned.slice() },
    calls: center.callsGenerated + (outbound ? dialer!.dialsTotal : 0),
    events: center.ev.popped,
  };
  return result;
}

/**
 * A split center pacing its arms separately: each arm's cell also gets its dialer figures (measured
 * dials, live answers connected and abandoned, and the abandoned share of live answers), so a
 * pacing pilot shows each team's own abandonment, not only the campaign's.
 */
function withPacingArms(b: ReturnType<typeof computeBreakdowns>, dialer: Center['dialer']): ReturnType<typeof computeBreakdowns> {
  if (dialer === null || dialer.arms < 2 || !b.arm) return b;
  Object.values(b.arm).forEach((cell, i) => {
    const abandoned = dialer.armAbandonedLive[i];
    const connected = dialer.armLiveConnects[i];
    cell.dials = dialer.armDials[i];
    cell.liveConnects = connected;
    cell.abandonedLive = abandoned;
    cell.abandonedShare = abandoned + connected > 0 ? abandoned / (abandoned + connected) : null;
  });
  return b;
}
