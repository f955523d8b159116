/**
 * What the general center (center.ts) and the plain center (plain-center.ts) build and decide the
 * same way, kept once so the two cannot drift apart: the event list and call table sizes (slots and
 * handles must match for their results to match byte for byte), the arrival process and its
 * streams, the books, and the measurement window (when it opens and closes, by time or by arrival
 * count, and which calls it counts).
 */
import { ArrivalProcess } from './arrivals.ts';
import type { Calendar } from './calendar.ts';
import { CallTable } from './call-table.ts';
import { EventList } from './kernel/event-list.ts';
import { InboundStats } from './metrics/inbound-stats.ts';
import type { Model } from './model.ts';
import { KeyedStream, SequentialStream } from './random/stream.ts';

// Event kinds of the centers; the dialer's own kinds start at EV_DIALER_BASE, the collaboration's at EV_COLLAB_BASE.
export const EV_ARRIVAL = 0;
export const EV_DEPART = 1; // data: agent
export const EV_ABANDON = 2; // data: call slot
export const EV_AGENT_STEP = 3; // data: agent (planned shift step)
export const EV_BREAK_END = 4; // data: agent
export const EV_TICK = 5; // interval boundary
export const EV_WINDOW = 6; // data: 0 opens, 1 closes the measurement window
export const EV_AGENT_WIND_DOWN = 7; // data: agent. A planned break or shift end is near: stop taking dialer work.
export const EV_DIALER_BASE = 16;

/** The next arrival lives in its own lane of the event list (see EventList). */
export const LANE_ARRIVAL = 0;

/** Bits returned by MeasurementWindow.pass. */
export const MARK_OPENS = 1;
export const MARK_CLOSES = 2;

export function eventListFor(model: Model): EventList {
  return new EventList(Math.max(1024, model.agentCount * 2 + 64));
}

/** Initial call-table capacity (it grows by doubling). */
export function callCapacityFor(model: Model): number {
  return Math.max(256, model.agentCount * 2);
}

/** The inbound arrival process of replication `replication`, or null without an inbound line. */
export function arrivalsFor(model: Model, cal: Calendar, replication: number): ArrivalProcess | null {
  const inbound = model.inbound;
  if (inbound === null) return null;
  return new ArrivalProcess(inbound.arrivals, cal, new SequentialStream(model.seed, replication, 'arrivals'), new KeyedStream(model.seed, replication, 'daily-volume'), model.horizonSeconds);
}

/** The center's books, with intervals from the first day's local midnight. */
export function inboundStatsFor(model: Model, cal: Calendar, ev: EventList, calls: CallTable): InboundStats {
  return new InboundStats(
    {
      slSeconds: model.slSeconds,
      origin: cal.dayStart(cal.dayOf(0)),
      intervalSeconds: model.intervalSeconds,
      binSeconds: model.histogram.binSeconds,
      maxSeconds: model.histogram.maxSeconds,
      series: model.seriesEnabled,
    },
    ev,
    calls,
  );
}

/**
 * The measurement window: from the end of the warm-up (in hours or in arrivals) to the horizon (in
 * hours, or the last arrival of a calls horizon). Time bounds are events; count bounds are marks
 * the center checks at each arrival (`index === window.nextMark`, then `pass`).
 */
export class MeasurementWindow {
  readonly fromCall: number;
  readonly fromTime: number;
  readonly horizonCalls: number;
  /** Next arrival index that needs bookkeeping (warm-up end, last call), -1 when none. */
  nextMark: number;

  constructor(model: Model) {
    this.horizonCalls = model.horizonCalls;
    this.fromCall = model.warmupCalls;
    this.fromTime = model.warmupSeconds;
    this.nextMark = model.horizonCalls === Infinity ? -1 : model.warmupCalls > 0 ? model.warmupCalls : model.horizonCalls - 1;
  }

  /**
   * At the start of a run: schedules the window's time bounds and the first interval tick on `ev`.
   * Returns true when the window is open from the start (the caller opens its books).
   */
  start(model: Model, ev: EventList, stats: InboundStats): boolean {
    let openNow = false;
    if (model.horizonCalls === Infinity) {
      if (model.warmupSeconds > 0) ev.schedule(model.warmupSeconds, EV_WINDOW, 0);
      else openNow = true;
      ev.schedule(model.horizonSeconds, EV_WINDOW, 1);
    } else if (model.warmupCalls === 0) {
      openNow = true;
    }
    if (model.seriesEnabled) ev.schedule(stats.intervalStart(stats.firstInterval + 1), EV_TICK, 0);
    return openNow;
  }

  /** Arrival `index` is the next mark: what it does (MARK_* bits), and the mark moves on. */
  pass(index: number): number {
    let marks = 0;
    if (index === this.fromCall && index > 0) marks |= MARK_OPENS;
    if (index === this.horizonCalls - 1) marks |= MARK_CLOSES;
    this.nextMark = index < this.fromCall ? this.fromCall : index < this.horizonCalls - 1 ? this.horizonCalls - 1 : -1;
    return marks;
  }

  /** True when arrival `index`, arriving now, is inside the window. */
  countsArrival(index: number, clock: { readonly now: number }): boolean {
    return index >= this.fromCall && clock.now >= this.fromTime;
  }

  /** True when the call in `slot` reached the center inside the window (its books count it). */
  counts(calls: CallTable, slot: number): boolean {
    return calls.index[slot] >= this.fromCall && calls.received[slot] >= this.fromTime;
  }
}
