/**
 * The plain inbound center: the fast path for scenarios that are queueing models and nothing else
 * (arrivals, one FIFO queue, patience, a finite waiting room, agent groups always on duty, the
 * longest-idle agent). No customers, no dialer, no bot, no pilot, no shifts, no records.
 *
 * Why a second center: the general one (center.ts) carries the world, the dialer, collaboration,
 * pilots and records on its hot path; each costs a check or a write per call, and together they
 * push the arrival/serve/depart handlers past what V8 inlines. Staffing studies, sweeps and the
 * validation against Erlang's formulas are plain models run millions of times, so they get a
 * center with nothing else in it.
 *
 * It is the general center with the unused branches taken out, not a different model: the same
 * event kinds scheduled in the same order, the same keyed draws, the same statistics updated in
 * the same order, so its results are byte for byte those of the general center on every scenario
 * it accepts (test/sim/plain-center.test.ts checks this on random scenarios). `plainCenterFits`
 * says which scenarios those are; runReplication picks the center.
 */
import type { ArrivalProcess } from './arrivals.ts';
import type { Calendar } from './calendar.ts';
import { CallTable } from './call-table.ts';
import {
  arrivalsFor,
  callCapacityFor,
  eventListFor,
  EV_ABANDON,
  EV_ARRIVAL,
  EV_DEPART,
  EV_TICK,
  EV_WINDOW,
  inboundStatsFor,
  LANE_ARRIVAL,
  MARK_CLOSES,
  MARK_OPENS,
  MeasurementWindow,
} from './inbound-line.ts';
import type { EventList } from './kernel/event-list.ts';
import { IntList } from './kernel/int-list.ts';
import type { InboundStats } from './metrics/inbound-stats.ts';
import { CHANNEL_INBOUND, makeCalendar, type Model } from './model.ts';
import type { Dist } from './random/dist.ts';
import { KeyedStream } from './random/stream.ts';

/**
 * Null when the plain center runs `model` exactly as the general center would; else why not (for
 * tests and diagnostics). Records and observers also need the general center (runReplication checks).
 */
export function plainCenterMisfit(model: Model): string | null {
  if (model.inbound === null) return 'no inbound line';
  if (model.outbound !== null) return 'an outbound campaign';
  if (model.world !== null) return 'a customer world';
  if (model.scenario.pilot) return 'a pilot';
  for (const g of model.groups) {
    if (g.channels !== CHANNEL_INBOUND) return `group ${g.name} takes outbound work`;
    if (g.shift !== null) return `group ${g.name} works shifts`;
  }
  return null;
}

export class PlainCenter {
  readonly model: Model;
  readonly cal: Calendar;
  readonly ev: EventList;
  readonly stats: InboundStats;
  readonly calls: CallTable;
  // What runReplication reads from a center; a plain one has none of them.
  readonly dialer = null;
  readonly sales = null;
  readonly collab = null;
  private readonly arrivals: ArrivalProcess;
  private readonly talkStream: KeyedStream;
  private readonly wrapStream: KeyedStream;
  private readonly patienceStream: KeyedStream;
  private readonly talk: Dist;
  private readonly wrap: Dist | null;
  private readonly patience: Dist | null;
  private readonly queueCapacity: number;
  private readonly queue: IntList;

  private readonly agentCall: Int32Array;
  private readonly agentIdleSince: Float64Array;
  private readonly agentGroup: Int32Array;
  /** Idle agents per group, in idle-since order (the longest idle first). */
  private readonly idleByGroup: IntList[];
  /** The single group's idle list when there is one group (the common case, no search). */
  private readonly soleIdle: IntList | null;

  private arrivalsDone = false;
  private windowClosed = false;
  private readonly window: MeasurementWindow;

  constructor(model: Model, replication: number) {
    const misfit = plainCenterMisfit(model);
    if (misfit !== null) throw new Error(`the plain center cannot run a scenario with ${misfit}`);
    const inbound = model.inbound!;
    this.model = model;
    this.cal = makeCalendar(model);
    const seed = model.seed;
    // The event list, call table, arrivals and books are built by the same functions as the general
    // center's (inbound-line.ts): slots and handles must match for the results to match.
    this.ev = eventListFor(model);
    this.talkStream = new KeyedStream(seed, replication, 'talk');
    this.wrapStream = new KeyedStream(seed, replication, 'wrap');
    this.patienceStream = new KeyedStream(seed, replication, 'patience');
    this.talk = inbound.talk;
    this.wrap = inbound.wrap;
    this.patience = inbound.patience;
    this.queueCapacity = inbound.queueCapacity;
    this.arrivals = arrivalsFor(model, this.cal, replication)!;
    const callCap = callCapacityFor(model);
    this.calls = new CallTable(callCap);
    this.calls.tracksWorld = false;
    this.calls.tracksCollab = false;
    this.queue = new IntList(callCap);
    this.stats = inboundStatsFor(model, this.cal, this.ev, this.calls);
    const n = model.agentCount;
    this.agentCall = new Int32Array(n).fill(-1);
    this.agentIdleSince = new Float64Array(n);
    this.agentGroup = new Int32Array(n);
    model.groups.forEach((g, gi) => this.agentGroup.fill(gi, g.firstAgent, g.firstAgent + g.count));
    this.idleByGroup = model.groups.map(() => new IntList(Math.max(1, n)));
    this.soleIdle = this.idleByGroup.length === 1 ? this.idleByGroup[0] : null;
    this.window = new MeasurementWindow(model);
  }

  /** Calls generated so far, warm-up included. */
  get callsGenerated(): number {
    return this.arrivals.count;
  }

  /** Runs the replication to its end: arrivals over, every call resolved, the window closed. */
  run(): void {
    const ev = this.ev;
    const calls = this.calls;
    this.start();
    for (;;) {
      const kind = ev.pop();
      if (kind < 0) break;
      if (kind === EV_DEPART) this.onDepart(ev.data);
      else if (kind === EV_ARRIVAL) this.onArrival();
      else if (kind === EV_ABANDON) this.onAbandon(ev.data);
      else if (kind === EV_TICK) this.onTick();
      else if (kind === EV_WINDOW) {
        if (ev.data === 0) this.stats.openWindow();
        else this.closeWindow();
      }
      if (this.arrivalsDone && this.windowClosed && calls.inUse === 0) break;
    }
  }

  private start(): void {
    const stats = this.stats;
    for (let a = 0; a < this.model.agentCount; a++) {
      stats.changeStaffing(1, 1);
      this.goIdle(a);
    }
    if (this.window.start(this.model, this.ev, stats)) stats.openWindow();
    this.scheduleNextArrival();
  }

  private scheduleNextArrival(): void {
    const arrivals = this.arrivals;
    if (arrivals.count >= this.window.horizonCalls) {
      this.arrivalsDone = true;
      return;
    }
    if (arrivals.advance()) {
      this.ev.at[0] = arrivals.nextTime;
      this.ev.setLaneAt(LANE_ARRIVAL, EV_ARRIVAL, 0);
    } else {
      this.arrivalsDone = true;
      // A calls horizon that the profile cannot fill: the window ends with the last arrival.
      if (!this.windowClosed && this.window.horizonCalls !== Infinity) this.closeWindow();
    }
  }

  private onArrival(): void {
    const index = this.arrivals.count - 1;
    if (index === this.window.nextMark) this.onMarkCall(index);
    const measured = this.window.countsArrival(index, this.ev);
    this.stats.arrive(measured);
    const sole = this.soleIdle;
    const agent = sole !== null ? sole.shift() : this.takeLongestIdle();
    if (agent >= 0) {
      const slot = this.calls.alloc(index, this.ev);
      this.stats.idleSpellEnds(this.agentIdleSince, agent);
      this.serve(agent, slot);
    } else if (this.queue.length >= this.queueCapacity) {
      this.stats.block(measured);
    } else {
      this.wait(this.calls.alloc(index, this.ev));
    }
    this.scheduleNextArrival();
  }

  /** Arrival-count marks of a calls horizon: the warm-up's end opens the window, the last call closes it. */
  private onMarkCall(index: number): void {
    const marks = this.window.pass(index);
    if (marks & MARK_OPENS) this.stats.openWindow();
    if (marks & MARK_CLOSES) this.closeWindow();
  }

  /** The call in `slot` waits, with a patience timer when callers abandon. */
  private wait(slot: number): void {
    this.queue.push(slot);
    this.stats.enqueue(slot);
    const patience = this.patience;
    if (patience !== null) {
      patience.draw(this.patienceStream, this.calls.index[slot]);
      const ev = this.ev;
      ev.at[0] = ev.now + patience.out[0];
      this.calls.patience[slot] = ev.scheduleAt(EV_ABANDON, slot);
    }
  }

  /** Agent takes the call in `slot` now: draws its handle time and schedules the departure. */
  private serve(agent: number, slot: number): void {
    const calls = this.calls;
    const index = calls.index[slot];
    const talk = this.talk;
    talk.draw(this.talkStream, index);
    const talkSeconds = talk.out[0];
    calls.talk[slot] = talkSeconds;
    let handle = talkSeconds;
    const wrap = this.wrap;
    if (wrap !== null) {
      wrap.draw(this.wrapStream, index);
      handle += wrap.out[0];
    }
    calls.handle[slot] = handle;
    const ev = this.ev;
    this.agentCall[agent] = slot;
    calls.answered[slot] = ev.now;
    const stats = this.stats;
    stats.startBusy(slot);
    ev.at[0] = ev.now + handle;
    ev.scheduleAt(EV_DEPART, agent);
    stats.answer(slot, this.window.counts(calls, slot));
  }

  private onDepart(agent: number): void {
    const calls = this.calls;
    calls.release(this.agentCall[agent]);
    this.agentCall[agent] = -1;
    this.stats.endBusy();
    const slot = this.queue.shift();
    if (slot >= 0) {
      this.stats.dequeue(slot);
      const h = calls.patience[slot];
      if (h >= 0) {
        this.ev.cancel(h);
        calls.patience[slot] = -1;
      }
      this.serve(agent, slot);
    } else {
      this.goIdle(agent);
    }
  }

  private onAbandon(slot: number): void {
    const calls = this.calls;
    calls.patience[slot] = -1;
    this.queue.remove(slot);
    this.stats.dequeue(slot);
    this.stats.abandon(slot, this.window.counts(calls, slot));
    calls.release(slot);
  }

  private goIdle(agent: number): void {
    this.agentIdleSince[agent] = this.ev.now;
    this.idleByGroup[this.agentGroup[agent]].push(agent);
  }

  /** The longest-idle agent over several groups (ties to the lower id, as the general center), removed from its list; or -1. */
  private takeLongestIdle(): number {
    const lists = this.idleByGroup;
    const since = this.agentIdleSince;
    let best = -1;
    for (let g = 0; g < lists.length; g++) {
      const a = lists[g].first();
      if (a >= 0 && (best < 0 || since[a] < since[best] || (since[a] === since[best] && a < best))) best = a;
    }
    if (best >= 0) lists[this.agentGroup[best]].remove(best);
    return best;
  }

  private onTick(): void {
    // After the window closed (its partial interval already flushed) a stray tick has nothing to record.
    if (this.windowClosed) return;
    const stats = this.stats;
    stats.flushInterval();
    const k = stats.firstInterval + stats.intervalCount + 1;
    this.ev.schedule(stats.intervalStart(k), EV_TICK, 0);
  }

  private closeWindow(): void {
    if (this.windowClosed) return;
    this.windowClosed = true;
    this.stats.closeWindow();
    this.stats.flushInterval();
  }
}
