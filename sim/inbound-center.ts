/**
 * The inbound center: arrivals, one FIFO queue, longest-idle agent, talk + after-call work,
 * patience and abandonment, a finite waiting room (optional), shifts and breaks. State is struct-of-
 * arrays indexed by call slot and agent id; the run loop pops integer event kinds and dispatches
 * with one switch. Nothing is allocated per call or per event: handlers take integer ids only and
 * read times from the clock and the call table (a double passed to a function V8 did not inline
 * would be boxed on the heap).
 *
 * Keyed draws: call i's patience, talk and wrap come from streams keyed by i (its arrival index),
 * so a different staffing level or policy meets exactly the same callers.
 */
import { ArrivalProcess } from './arrivals.ts';
import type { Calendar } from './calendar.ts';
import { CallTable } from './call-table.ts';
import { EventList } from './kernel/event-list.ts';
import { IntList } from './kernel/int-list.ts';
import { InboundStats } from './metrics/inbound-stats.ts';
import { makeCalendar, type Model } from './model.ts';
import type { Dist } from './random/dist.ts';
import { KeyedStream, SequentialStream } from './random/stream.ts';
import { ShiftPlan, STEP_BREAK, STEP_END, STEP_START } from './shift-plan.ts';

// Event kinds.
export const EV_ARRIVAL = 0;
export const EV_DEPART = 1; // data: agent
export const EV_ABANDON = 2; // data: call slot
export const EV_AGENT_STEP = 3; // data: agent (planned shift step)
export const EV_BREAK_END = 4; // data: agent
export const EV_TICK = 5; // interval boundary
export const EV_WINDOW = 6; // data: 0 opens, 1 closes the measurement window

/** The next arrival lives in its own lane of the event list (see EventList). */
const LANE_ARRIVAL = 0;

// Agent states.
export const AGENT_OFF = 0;
export const AGENT_IDLE = 1;
export const AGENT_BUSY = 2;
export const AGENT_BREAK = 3;

/** Observer hooks for tests and records: called synchronously, must not change the center. */
export interface CenterObserver {
  onAnswer?(callIndex: number, agent: number, arrival: number, now: number, handle: number): void;
  onAbandon?(callIndex: number, arrival: number, now: number): void;
  onBlock?(callIndex: number, arrival: number): void;
  onEvent?(kind: number, now: number, center: InboundCenter): void;
}

export class InboundCenter {
  readonly model: Model;
  readonly cal: Calendar;
  readonly ev: EventList;
  readonly stats: InboundStats;
  readonly calls: CallTable;
  private readonly arrivals: ArrivalProcess;
  private readonly plan: ShiftPlan;
  private readonly talkStream: KeyedStream;
  private readonly wrapStream: KeyedStream;
  private readonly patienceStream: KeyedStream;
  private readonly talk: Dist;
  private readonly wrap: Dist | null;
  private readonly patience: Dist | null;
  private readonly queueCapacity: number;
  private readonly observer: CenterObserver | null;
  private readonly queue: IntList;

  // Agents.
  readonly agentState: Uint8Array;
  readonly agentCall: Int32Array;
  private readonly agentPendingBreak: Float64Array; // seconds of a break due when the call ends
  private readonly agentPendingOff: Uint8Array;
  private readonly agentBreakEnd: Int32Array; // event handle of the break's end, -1 when none
  private readonly stepKind: Uint8Array; // kind of each agent's scheduled shift step
  private readonly stepBreak: Float64Array; // its break length, for break steps
  private readonly idle: IntList;

  private arrivalsDone = false;
  private windowClosed = false;
  private readonly horizonCalls: number;
  private readonly measureFromCall: number;
  private readonly measureFromTime: number;
  /** Next arrival index that needs bookkeeping (warm-up end, last call), -1 when none. */
  private nextMarkCall: number;

  constructor(model: Model, replication: number, observer: CenterObserver | null = null) {
    this.model = model;
    this.observer = observer;
    this.cal = makeCalendar(model);
    const seed = model.seed;
    this.ev = new EventList(Math.max(1024, model.agentCount * 2 + 64));
    this.talkStream = new KeyedStream(seed, replication, 'talk');
    this.wrapStream = new KeyedStream(seed, replication, 'wrap');
    this.patienceStream = new KeyedStream(seed, replication, 'patience');
    this.talk = model.inbound.talk;
    this.wrap = model.inbound.wrap;
    this.patience = model.inbound.patience;
    this.queueCapacity = model.inbound.queueCapacity;
    this.arrivals = new ArrivalProcess(
      model.inbound.arrivals,
      this.cal,
      new SequentialStream(seed, replication, 'arrivals'),
      new KeyedStream(seed, replication, 'daily-volume'),
      model.horizonSeconds,
    );
    this.plan = new ShiftPlan(model.groups, this.cal);
    const callCap = Math.max(256, model.agentCount * 2);
    this.calls = new CallTable(callCap);
    this.queue = new IntList(callCap);
    this.stats = new InboundStats(
      {
        slSeconds: model.slSeconds,
        origin: this.cal.dayStart(this.cal.dayOf(0)),
        intervalSeconds: model.intervalSeconds,
        binSeconds: model.histogram.binSeconds,
        maxSeconds: model.histogram.maxSeconds,
        series: model.seriesEnabled,
      },
      this.ev,
      this.calls,
    );

    const n = model.agentCount;
    this.agentState = new Uint8Array(n);
    this.agentCall = new Int32Array(n).fill(-1);
    this.agentPendingBreak = new Float64Array(n);
    this.agentPendingOff = new Uint8Array(n);
    this.agentBreakEnd = new Int32Array(n).fill(-1);
    this.stepKind = new Uint8Array(n);
    this.stepBreak = new Float64Array(n);
    this.idle = new IntList(Math.max(1, n));
    this.horizonCalls = model.horizonCalls;
    this.measureFromCall = model.warmupCalls;
    this.measureFromTime = model.warmupSeconds;
    this.nextMarkCall = model.horizonCalls === Infinity ? -1 : model.warmupCalls > 0 ? model.warmupCalls : model.horizonCalls - 1;
  }

  /** Calls generated so far, warm-up included. */
  get callsGenerated(): number {
    return this.arrivals.count;
  }

  /** Calls waiting in the queue now. */
  get queueLength(): number {
    return this.queue.length;
  }

  /** Runs the replication to its end: arrivals over, every call resolved, the window closed. */
  run(): void {
    const ev = this.ev;
    const observer = this.observer;
    this.start();
    for (;;) {
      const kind = ev.pop();
      if (kind < 0) break;
      switch (kind) {
        case EV_ARRIVAL:
          this.onArrival();
          break;
        case EV_DEPART:
          this.onDepart(ev.data);
          break;
        case EV_ABANDON:
          this.onAbandon(ev.data);
          break;
        case EV_AGENT_STEP:
          this.onAgentStep(ev.data);
          break;
        case EV_BREAK_END:
          this.onBreakEnd(ev.data);
          break;
        case EV_TICK:
          this.onTick();
          break;
        case EV_WINDOW:
          if (ev.data === 0) this.stats.openWindow();
          else this.closeWindow();
          break;
      }
      if (observer !== null && observer.onEvent) observer.onEvent(kind, ev.now, this);
      if (this.arrivalsDone && this.windowClosed && this.calls.inUse === 0) break;
    }
  }

  private start(): void {
    const m = this.model;
    const ev = this.ev;
    const stats = this.stats;
    for (let a = 0; a < m.agentCount; a++) {
      if (this.plan.hasShift(a)) {
        this.scheduleStep(a);
      } else {
        this.agentState[a] = AGENT_IDLE;
        this.idle.push(a);
        stats.changeStaffing(1, 1);
      }
    }
    if (m.horizonCalls === Infinity) {
      if (m.warmupSeconds > 0) ev.schedule(m.warmupSeconds, EV_WINDOW, 0);
      else stats.openWindow();
      ev.schedule(m.horizonSeconds, EV_WINDOW, 1);
    } else if (m.warmupCalls === 0) {
      stats.openWindow();
    }
    if (m.seriesEnabled) ev.schedule(stats.intervalStart(stats.firstInterval + 1), EV_TICK, 0);
    this.scheduleNextArrival();
  }

  private scheduleNextArrival(): void {
    if (this.arrivals.count >= this.horizonCalls) {
      this.arrivalsDone = true;
      return;
    }
    if (this.arrivals.advance()) {
      this.ev.at[0] = this.arrivals.nextTime;
      this.ev.setLaneAt(LANE_ARRIVAL, EV_ARRIVAL, 0);
    } else {
      this.onArrivalsExhausted();
    }
  }

  private onArrivalsExhausted(): void {
    this.arrivalsDone = true;
    // A calls horizon that the profile cannot fill: the window ends with the last arrival.
    if (!this.windowClosed && this.horizonCalls !== Infinity) this.closeWindow();
  }

  // The hot path (arrival, serve, depart) is kept small so V8 inlines it; rare work is out of line.
  private onArrival(): void {
    const index = this.arrivals.count - 1;
    if (index === this.nextMarkCall) this.onMarkCall(index);
    const measured = index >= this.measureFromCall && this.ev.now >= this.measureFromTime;
    this.stats.arrive(measured);
    const agent = this.idle.shift();
    if (agent >= 0) this.serve(agent, this.calls.alloc(index, this.ev));
    else this.enqueue(index, measured);
    this.scheduleNextArrival();
  }

  /** Arrival-count marks of a calls horizon: the warm-up's end opens the window, the last call closes it. */
  private onMarkCall(index: number): void {
    if (index === this.measureFromCall && index > 0) this.stats.openWindow();
    if (index === this.horizonCalls - 1) this.closeWindow();
    this.nextMarkCall = index < this.measureFromCall ? this.measureFromCall : index < this.horizonCalls - 1 ? this.horizonCalls - 1 : -1;
  }

  /** No agent free: the caller waits (with a patience timer) or, if the waiting room is full, is blocked. */
  private enqueue(index: number, measured: boolean): void {
    if (this.queue.length >= this.queueCapacity) {
      this.stats.block(measured);
      if (this.observer?.onBlock) this.observer.onBlock(index, this.ev.now);
      return;
    }
    const slot = this.calls.alloc(index, this.ev);
    this.queue.push(slot);
    this.stats.enqueue(slot);
    const patience = this.patience;
    if (patience !== null) {
      patience.draw(this.patienceStream, index);
      const ev = this.ev;
      ev.at[0] = ev.now + patience.out[0];
      this.calls.patience[slot] = ev.scheduleAt(EV_ABANDON, slot);
    }
  }

  private isMeasured(slot: number): boolean {
    return this.calls.index[slot] >= this.measureFromCall && this.calls.arrival[slot] >= this.measureFromTime;
  }

  /** Agent takes the call in `slot` now: draws its handle time and schedules the departure. */
  private serve(agent: number, slot: number): void {
    const calls = this.calls;
    const index = calls.index[slot];
    const talk = this.talk;
    talk.draw(this.talkStream, index);
    let handle = talk.out[0];
    const wrap = this.wrap;
    if (wrap !== null) {
      wrap.draw(this.wrapStream, index);
      handle += wrap.out[0];
    }
    calls.handle[slot] = handle;
    this.agentState[agent] = AGENT_BUSY;
    this.agentCall[agent] = slot;
    const stats = this.stats;
    stats.startBusy(slot);
    stats.answer(slot, this.isMeasured(slot));
    if (this.observer !== null) this.notifyAnswer(agent, slot);
    const ev = this.ev;
    ev.at[0] = ev.now + handle;
    ev.scheduleAt(EV_DEPART, agent);
  }

  private notifyAnswer(agent: number, slot: number): void {
    const c = this.calls;
    this.observer?.onAnswer?.(c.index[slot], agent, c.arrival[slot], this.ev.now, c.handle[slot]);
  }

  private onDepart(agent: number): void {
    this.calls.release(this.agentCall[agent]);
    this.agentCall[agent] = -1;
    this.stats.endBusy();
    if (this.agentPendingOff[agent] === 1 || this.agentPendingBreak[agent] > 0) this.leaveAfterCall(agent);
    else this.becomeAvailable(agent);
  }

  /** A shift end or a break fell due during the call: take it now. */
  private leaveAfterCall(agent: number): void {
    if (this.agentPendingOff[agent] === 1) {
      this.agentPendingOff[agent] = 0;
      this.agentPendingBreak[agent] = 0;
      this.goOff(agent);
    } else {
      const seconds = this.agentPendingBreak[agent];
      this.agentPendingBreak[agent] = 0;
      this.startBreak(agent, seconds);
    }
  }

  /** An available agent takes the head of the queue, or joins the idle list. */
  private becomeAvailable(agent: number): void {
    const slot = this.queue.shift();
    if (slot >= 0) {
      this.stats.dequeue(slot);
      const h = this.calls.patience[slot];
      if (h >= 0) {
        this.ev.cancel(h);
        this.calls.patience[slot] = -1;
      }
      this.serve(agent, slot);
    } else {
      this.agentState[agent] = AGENT_IDLE;
      this.idle.push(agent);
    }
  }

  private onAbandon(slot: number): void {
    const calls = this.calls;
    calls.patience[slot] = -1;
    this.queue.remove(slot);
    this.stats.dequeue(slot);
    this.stats.abandon(slot, this.isMeasured(slot));
    if (this.observer?.onAbandon) this.observer.onAbandon(calls.index[slot], calls.arrival[slot], this.ev.now);
    calls.release(slot);
  }

  private onAgentStep(agent: number): void {
    const state = this.agentState[agent];
    const step = this.stepKind[agent];
    if (step === STEP_START) {
      this.agentPendingOff[agent] = 0;
      if (state === AGENT_OFF) {
        this.stats.changeStaffing(1, 1);
        this.becomeAvailable(agent);
      }
    } else if (step === STEP_BREAK) {
      const seconds = this.stepBreak[agent];
      if (state === AGENT_IDLE) {
        this.idle.remove(agent);
        this.startBreak(agent, seconds);
      } else if (state === AGENT_BUSY) {
        this.agentPendingBreak[agent] = seconds;
      }
    } else if (step === STEP_END) {
      if (state === AGENT_IDLE) {
        this.idle.remove(agent);
        this.goOff(agent);
      } else if (state === AGENT_BUSY) {
        this.agentPendingOff[agent] = 1;
      } else if (state === AGENT_BREAK) {
        this.ev.cancel(this.agentBreakEnd[agent]);
        this.agentBreakEnd[agent] = -1;
        this.goOff(agent);
      }
    }
    this.scheduleStep(agent);
  }

  /** Asks the plan for the agent's next step and schedules it (its kind kept until it fires). */
  private scheduleStep(agent: number): void {
    const plan = this.plan;
    const t = plan.next(agent);
    if (t === Infinity) return;
    this.stepKind[agent] = plan.kind;
    this.stepBreak[agent] = plan.breakSeconds;
    this.ev.schedule(Math.max(t, this.ev.now), EV_AGENT_STEP, agent);
  }

  private startBreak(agent: number, seconds: number): void {
    this.agentState[agent] = AGENT_BREAK;
    this.stats.changeStaffing(-1, 0);
    this.agentBreakEnd[agent] = this.ev.schedule(this.ev.now + seconds, EV_BREAK_END, agent);
  }

  private onBreakEnd(agent: number): void {
    this.agentBreakEnd[agent] = -1;
    this.stats.changeStaffing(1, 0);
    this.becomeAvailable(agent);
  }

  /** Leaves the floor (not idle, not busy). */
  private goOff(agent: number): void {
    this.stats.changeStaffing(this.agentState[agent] !== AGENT_BREAK ? -1 : 0, -1);
    this.agentState[agent] = AGENT_OFF;
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
