/**
 * The center: agents (shifts, breaks, channels), the inbound line (arrivals, one FIFO queue,
 * patience, a finite waiting room) and, when the scenario has a campaign, an outbound dialer that
 * shares the agents. State is struct-of-arrays indexed by call slot and agent id; the run loop
 * pops integer event kinds and dispatches with one switch. Nothing is allocated per call or per
 * event: handlers take integer ids only and read times from the clock and the call table (a double
 * passed to a function V8 did not inline would be boxed on the heap).
 *
 * Agents are idle in one of three lists by the channels they take (inbound only, outbound only,
 * both); each list is in idle-since order, so the longest-idle agent able to take a piece of work
 * is the earlier of at most two list heads. A blended center keeps `inboundReserve` idle agents
 * for inbound: the dialer only uses agents above it.
 *
 * Keyed draws: inbound call i's patience, talk and wrap come from streams keyed by i (its arrival
 * index), so a different staffing level or policy meets exactly the same callers.
 */
import type { PacingSpec } from '../engine/pacing.ts';
import { makeRoutingPolicy, type IdleAgentsView, type RoutingPolicy } from '../engine/routing.ts';
import { AgentRoster } from './agent-roster.ts';
import { AssistSession, KEY_INBOUND, KEY_OUTBOUND } from './assist.ts';
import { INTENTS } from './conversation/intents.ts';
import { DEFAULT_SCRIPTS } from '../engine/scripts.ts';
import type { ArrivalProcess } from './arrivals.ts';
import type { Calendar } from './calendar.ts';
import { CallTable } from './call-table.ts';
import type { EventList } from './kernel/event-list.ts';
import {
  arrivalsFor,
  callCapacityFor,
  eventListFor,
  EV_ABANDON,
  EV_AGENT_STEP,
  EV_AGENT_WIND_DOWN,
  EV_ARRIVAL,
  EV_BREAK_END,
  EV_DEPART,
  EV_DIALER_BASE,
  EV_TICK,
  EV_WINDOW,
  inboundStatsFor,
  LANE_ARRIVAL,
  MARK_CLOSES,
  MARK_OPENS,
  MeasurementWindow,
} from './inbound-line.ts';
import { IntList } from './kernel/int-list.ts';
import { PositionHeap } from './kernel/position-heap.ts';
import { priorityContext, priorityKey, type PriorityContext } from '../engine/priority.ts';
import type { InboundStats } from './metrics/inbound-stats.ts';
import { SalesStats } from './metrics/sales-stats.ts';
import { OutcomeModel, OUT_CONVERTED, OUT_EFFECTIVE, OUT_REVENUE, OUT_SATISFACTION, OUT_TALK_FACTOR } from './outcome.ts';
import { CHANNEL_INBOUND, CHANNEL_OUTBOUND, makeCalendar, type Model } from './model.ts';
import { Dialer } from './outbound/dialer.ts';
import type { Dist } from './random/dist.ts';
import { KeyedStream } from './random/stream.ts';
import { CALL_ABANDONED, CALL_ANSWERED, CALL_BOT_HANGUP, CALL_CONTAINED, type RecordSink } from './records.ts';
import { BOT_CONTAINED, BOT_HANDOFF, Collaboration, EV_COLLAB_BASE } from './collab/collaboration.ts';
import { ShiftPlan, STEP_BREAK, STEP_END, STEP_START } from './shift-plan.ts';
import { PilotSplit } from './pilot.ts';

// Event kinds are defined with the parts both centers share (inbound-line.ts); re-exported for the center's users.
export { EV_ABANDON, EV_AGENT_STEP, EV_AGENT_WIND_DOWN, EV_ARRIVAL, EV_BREAK_END, EV_DEPART, EV_DIALER_BASE, EV_TICK, EV_WINDOW };

// Agent states.
export const AGENT_OFF = 0;
export const AGENT_IDLE = 1;
export const AGENT_BUSY = 2; // on a call (talk + wrap)
export const AGENT_BREAK = 3;
export const AGENT_RESERVED = 4; // working an outbound attempt before a conversation (preview, dialing, ringing, disposition)
export const AGENT_NOT_READY = 5; // on shift, winding down before a planned break or shift end (the dialer stops counting on them)

/** Observer hooks for tests and records: called synchronously, must not change the center. */
export interface CenterObserver {
  onAnswer?(callIndex: number, agent: number, arrival: number, now: number, handle: number): void;
  onAbandon?(callIndex: number, arrival: number, now: number): void;
  onBlock?(callIndex: number, arrival: number): void;
  onEvent?(kind: number, now: number, center: Center): void;
}

export class Center implements IdleAgentsView {
  readonly model: Model;
  readonly cal: Calendar;
  readonly ev: EventList;
  readonly stats: InboundStats;
  readonly calls: CallTable;
  readonly dialer: Dialer | null;
  private readonly arrivals: ArrivalProcess | null;
  private readonly plan: ShiftPlan;
  private readonly talkStream: KeyedStream;
  private readonly wrapStream: KeyedStream;
  private readonly patienceStream: KeyedStream;
  private readonly talk: Dist | null;
  private readonly wrap: Dist | null;
  private readonly patience: Dist | null;
  private readonly queueCapacity: number;
  readonly observer: CenterObserver | null;
  /** Records (per call, per agent state); null when not asked for. */
  sink: RecordSink | null = null;
  /** Waiting inbound calls: FIFO, or by priority (predicted value) when the scenario prioritises. */
  private readonly queue: IntList | PositionHeap;
  private readonly priorityContext: PriorityContext | null;

  // Agents.
  readonly agentState: Uint8Array;
  readonly agentCall: Int32Array;
  readonly agentChannels: Uint8Array;
  private readonly agentIdleSince: Float64Array;
  private readonly agentPendingBreak: Float64Array; // seconds of a break due when the call ends
  private readonly agentPendingOff: Uint8Array;
  private readonly agentBreakEnd: Int32Array; // event handle of the break's end, -1 when none
  private readonly agentWindDown: Uint8Array; // 1: become not-ready instead of available when the current work ends
  /** How long before a break or shift end an outbound agent stops taking dialer work, by pacing arm (0 when agents dial themselves). */
  private readonly windDownSeconds = new Float64Array(2);
  private readonly stepKind: Uint8Array; // kind of each agent's scheduled shift step
  private readonly stepBreak: Float64Array; // its break length, for break steps
  /** Idle agents per group, in idle-since order (the longest idle first). */
  private readonly idleByGroup: IntList[];
  private readonly groupChannels: Uint8Array;
  /** Idle agents by channel class (index: CHANNEL_* bits; 3 = both). */
  private readonly idleCount = new Int32Array(4);
  private readonly inboundReserve: number;
  /** Channel of the contact being routed (the view's groups are filtered by it). */
  private viewChannel = CHANNEL_INBOUND;
  private viewBothAllowed = true;
  readonly groupCount: number;

  // The world, when the scenario has customers: who calls, what conversations achieve, how agents are chosen.
  readonly roster: AgentRoster | null;
  readonly outcome: OutcomeModel | null;
  readonly sales: SalesStats | null;
  readonly routing: RoutingPolicy | null;
  /** Script assist (intent model + recommender), when the scenario has it. */
  readonly assist: AssistSession | null;
  /** The AI voice bot, sentiment alerts and supervisors (sim/collab/), when the scenario has them. */
  readonly collab: Collaboration | null;
  /** Handed-off callers the bot sends to the front (priority handoffs), served before the queue. */
  private readonly handoffQueue: IntList;
  /** Talk-time multiplier of a call the bot handed off (its context saves the agent time). */
  private readonly handoffTalk: number;
  /** A split center's arms (scenario `pilot`), when the scenario has one: it routes every contact when the arms route differently. */
  readonly pilot: PilotSplit | null;
  /** True when the scenario has a customer population (the lead list is its first customers). */
  readonly world: boolean;
  private readonly callerStream: KeyedStream;
  private readonly customerCount: number;
  /** Registers passing doubles to the outcome model and the sales stats without boxing. */
  private readonly waitRegister = new Float64Array(1);
  private readonly timesRegister = new Float64Array(2);
  /** Outbound-capable agents on shift and not on break; and those busy on outbound conversations. */
  outboundStaffed = 0;
  outboundBusy = 0;
  /**
   * A split center whose arms pace separately (pilot.treatment.pacing): each agent's arm, else null.
   * The dialer then paces each arm for its own agents, from these per-arm counts.
   */
  readonly pacingArm: Uint8Array | null;
  readonly outboundStaffedArm = new Int32Array(2);
  readonly outboundBusyArm = new Int32Array(2);
  /** Idle agents by arm and channel mask (arm * 4 + mask), kept only with pacingArm. */
  private readonly idleArm = new Int32Array(8);

  private arrivalsDone: boolean;
  private windowClosed = false;
  private readonly window: MeasurementWindow;

  constructor(model: Model, replication: number, observer: CenterObserver | null = null) {
    this.model = model;
    this.observer = observer;
    this.cal = makeCalendar(model);
    const seed = model.seed;
    this.ev = eventListFor(model);
    this.talkStream = new KeyedStream(seed, replication, 'talk');
    this.wrapStream = new KeyedStream(seed, replication, 'wrap');
    this.patienceStream = new KeyedStream(seed, replication, 'patience');
    const inbound = model.inbound;
    this.talk = inbound ? inbound.talk : null;
    this.wrap = inbound ? inbound.wrap : null;
    this.patience = inbound ? inbound.patience : null;
    this.queueCapacity = inbound ? inbound.queueCapacity : 0;
    this.arrivals = arrivalsFor(model, this.cal, replication);
    this.arrivalsDone = inbound === null;
    this.plan = new ShiftPlan(model.groups, this.cal);
    const callCap = callCapacityFor(model);
    this.calls = new CallTable(callCap);
    const prio = model.world?.priority ?? null;
    if (prio !== null && model.world && !model.world.valuesPredicted) {
      throw new Error('this scenario prioritises by predicted value: run prepareModel(model) before its replications');
    }
    this.priorityContext = prio !== null && model.world ? priorityContext(model.world.profiles.predictedValue, prio.weights, prio.ageScaleDays) : null;
    this.queue = this.priorityContext !== null ? new PositionHeap(this.calls, callCap) : new IntList(callCap);
    this.stats = inboundStatsFor(model, this.cal, this.ev, this.calls);

    const n = model.agentCount;
    this.agentState = new Uint8Array(n);
    this.agentCall = new Int32Array(n).fill(-1);
    this.agentChannels = new Uint8Array(n);
    for (const g of model.groups) this.agentChannels.fill(g.channels, g.firstAgent, g.firstAgent + g.count);
    this.agentIdleSince = new Float64Array(n);
    this.agentPendingBreak = new Float64Array(n);
    this.agentPendingOff = new Uint8Array(n);
    this.agentBreakEnd = new Int32Array(n).fill(-1);
    this.stepKind = new Uint8Array(n);
    this.stepBreak = new Float64Array(n);
    this.agentWindDown = new Uint8Array(n);
    // Only a dialer that places calls for agents needs notice (lines in flight would be abandoned).
    const o = model.outbound;
    if (o) {
      const notice = (p: PacingSpec) => (p.policy !== 'preview' && p.policy !== 'manual' ? o.noAnswerTimeout + o.compliance.connectSeconds : 0);
      this.windDownSeconds[0] = notice(o.pacing);
      this.windDownSeconds[1] = o.treatmentPacing !== null ? notice(o.treatmentPacing.pacing) : this.windDownSeconds[0];
    }
    this.groupCount = model.groups.length;
    this.idleByGroup = model.groups.map(() => new IntList(Math.max(1, n)));
    this.groupChannels = Uint8Array.from(model.groups.map((g) => g.channels));
    this.inboundReserve = model.outbound?.inboundReserve ?? 0;
    const world = model.world;
    this.callerStream = new KeyedStream(seed, replication, 'caller');
    this.customerCount = world ? world.customers.count : 0;
    this.world = world !== null;
    if (world) {
      const roster = new AgentRoster(model.scenario, model.groups, world.customers.languageNames, world.customers.productNames);
      this.roster = roster;
      this.outcome = new OutcomeModel(world.outcome, world.customers, roster, seed, replication);
      this.sales = world.assist !== null
        ? new SalesStats(world.customers.count, world.customers.segment, world.customers.segmentNames, roster.group, roster.groupNames, [...INTENTS], DEFAULT_SCRIPTS.map((d) => d.id))
        : new SalesStats(world.customers.count, world.customers.segment, world.customers.segmentNames, roster.group, roster.groupNames);
      this.routing = model.routing.policy === 'longest-idle' ? null : makeRoutingPolicy(model.routing, roster, world.profiles);
      if (world.assist !== null && world.intentModel === null) throw new Error('this scenario has script assist: run prepareModel(model) before its replications');
      this.assist = world.assist !== null
        ? new AssistSession(world.assist, world.intentModel!, world.customers, seed, replication, world.outcome.nullWorld, (call) => this.customerOfCall(call))
        : null;
    } else {
      this.roster = null;
      this.outcome = null;
      this.sales = null;
      this.routing = null;
      this.assist = null;
    }
    this.pilot = world && model.scenario.pilot ? new PilotSplit(this, replication) : null;
    if (this.pilot !== null && this.pilot.routes) this.routing = this.pilot;
    this.pacingArm = this.pilot !== null && this.pilot.splitsPacing ? this.pilot.agentArm : null;
    this.window = new MeasurementWindow(model);
    this.dialer = model.outbound ? new Dialer(this, model.outbound, replication) : null;
    const collab = world?.collab ?? null;
    this.collab = collab !== null ? new Collaboration(this, collab, replication) : null;
    this.calls.tracksWorld = model.world != null;
    this.calls.tracksCollab = this.collab !== null;
    this.handoffQueue = new IntList(callCap);
    this.handoffTalk = collab !== null && collab.bot !== null && !world!.outcome.nullWorld ? 1 - collab.bot.handoffSaving : 1;
  }

  /** Calls generated so far, warm-up included. */
  get callsGenerated(): number {
    return this.arrivals ? this.arrivals.count : 0;
  }

  /** Calls waiting in the queue now. */
  get queueLength(): number {
    return this.queue.length;
  }

  /** Runs the replication to its end: arrivals over, the campaign over, every call resolved, the window closed. */
  run(): void {
    const ev = this.ev;
    const observer = this.observer;
    const dialer = this.dialer;
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
        case EV_AGENT_WIND_DOWN:
          this.onWindDown(ev.data);
          break;
        case EV_TICK:
          this.onTick();
          break;
        case EV_WINDOW:
          if (ev.data === 0) this.openWindow();
          else this.closeWindow();
          break;
        default:
          if (kind >= EV_COLLAB_BASE) this.collab!.handle(kind, ev.data);
          else dialer!.handle(kind, ev.data);
      }
      if (observer !== null && observer.onEvent) observer.onEvent(kind, ev.now, this);
      if (this.arrivalsDone && this.windowClosed && this.calls.inUse === 0 && (dialer === null || dialer.done) && (this.collab === null || this.collab.done)) break;
    }
    if (dialer !== null) dialer.finish();
  }

  private start(): void {
    const m = this.model;
    const stats = this.stats;
    for (let a = 0; a < m.agentCount; a++) {
      if (this.plan.hasShift(a)) {
        this.scheduleStep(a);
      } else {
        stats.changeStaffing(1, 1);
        if (this.agentChannels[a] & CHANNEL_OUTBOUND) this.changeOutboundStaffed(a, 1);
        this.goIdle(a);
      }
    }
    if (this.window.start(m, this.ev, stats)) this.openWindow();
    if (this.arrivals) this.scheduleNextArrival();
    if (this.dialer) this.dialer.start();
    if (this.collab) this.collab.start();
  }

  private scheduleNextArrival(): void {
    const arrivals = this.arrivals!;
    if (arrivals.count >= this.window.horizonCalls) {
      this.arrivalsDone = true;
      return;
    }
    if (arrivals.advance()) {
      this.ev.at[0] = arrivals.nextTime;
      this.ev.setLaneAt(LANE_ARRIVAL, EV_ARRIVAL, 0);
    } else {
      this.onArrivalsExhausted();
    }
  }

  private onArrivalsExhausted(): void {
    this.arrivalsDone = true;
    // A calls horizon that the profile cannot fill: the window ends with the last arrival.
    if (!this.windowClosed && this.window.horizonCalls !== Infinity) this.closeWindow();
  }

  // The hot path (arrival, serve, depart) is kept small so V8 inlines it; rare work is out of line.
  private onArrival(): void {
    const index = this.arrivals!.count - 1;
    if (index === this.window.nextMark) this.onMarkCall(index);
    const measured = this.window.countsArrival(index, this.ev);
    const customer = this.customerCount > 0 ? this.customerOfCall(index) : -1;
    const collab = this.collab;
    if (collab !== null) {
      collab.stats.received += measured ? 1 : 0;
      if (collab.offerInbound(index, customer)) {
        this.scheduleNextArrival();
        return;
      }
    }
    this.stats.arrive(measured);
    if (this.pilot !== null) this.pilot.inboundCall = index;
    const agent = this.routing === null ? this.takeInboundAgent() : this.routeAgent(CHANNEL_INBOUND, customer);
    if (agent >= 0) {
      const slot = this.calls.alloc(index, this.ev);
      this.calls.customer[slot] = customer;
      this.serve(agent, slot);
    } else {
      this.enqueue(index, customer, measured);
    }
    this.scheduleNextArrival();
  }

  /** Arrival-count marks of a calls horizon: the warm-up's end opens the window, the last call closes it. */
  private onMarkCall(index: number): void {
    const marks = this.window.pass(index);
    if (marks & MARK_OPENS) this.openWindow();
    if (marks & MARK_CLOSES) this.closeWindow();
  }

  /** No agent free: the caller waits (with a patience timer) or, if the waiting room is full, is blocked. */
  private enqueue(index: number, customer: number, measured: boolean): void {
    if (this.queue.length + this.handoffQueue.length >= this.queueCapacity) {
      this.block(index, customer, measured);
      return;
    }
    const slot = this.calls.alloc(index, this.ev);
    this.calls.customer[slot] = customer;
    this.wait(slot, false, true);
  }

  private block(index: number, customer: number, measured: boolean): void {
    this.stats.block(measured);
    if (this.observer?.onBlock) this.observer.onBlock(index, this.ev.now);
    if (this.sink !== null) this.sink.callBlocked(this, index, customer);
  }

  /** The call in `slot` waits for an agent: in the priority handoff queue or the queue, with a patience timer unless it holds a call back. */
  private wait(slot: number, front: boolean, patient: boolean): void {
    const customer = this.calls.customer[slot];
    if (front) {
      this.handoffQueue.push(slot);
    } else {
      if (this.priorityContext !== null && customer >= 0) {
        this.calls.priority[slot] = priorityKey(this.model.world!.profiles.predictedValue[customer], false, 0, this.priorityContext);
      }
      this.queue.push(slot);
    }
    this.stats.enqueue(slot);
    const patience = this.patience;
    if (patience !== null && patient) {
      patience.draw(this.patienceStream, this.calls.index[slot]);
      const ev = this.ev;
      ev.at[0] = ev.now + patience.out[0];
      this.calls.patience[slot] = ev.scheduleAt(EV_ABANDON, slot);
    }
  }

  /** True when the call in `slot` reached the center inside the measurement window (its books count it). */
  isMeasured(slot: number): boolean {
    return this.window.counts(this.calls, slot);
  }

  /**
   * The bot hands the inbound call in `slot` to the humans now: it is offered to them as if it
   * arrived now (waits run from here), to an idle agent if there is one, else to the priority
   * handoff queue (`front`) or the queue; or, if the engine offers a call back and the caller
   * takes it, it waits without abandoning.
   */
  handOff(slot: number, front: boolean): void {
    const calls = this.calls;
    calls.arrival[slot] = this.ev.now;
    const measured = this.isMeasured(slot);
    this.stats.arrive(measured);
    const customer = calls.customer[slot];
    if (this.pilot !== null) this.pilot.inboundCall = calls.index[slot];
    const agent = this.routing === null ? this.takeInboundAgent() : this.routeAgent(CHANNEL_INBOUND, customer);
    if (agent >= 0) {
      this.serve(agent, slot);
      return;
    }
    const waiting = this.queue.length + this.handoffQueue.length;
    if (waiting >= this.queueCapacity) {
      this.block(calls.index[slot], customer, measured);
      calls.release(slot);
      return;
    }
    const callback = this.collab!.offersCallback(slot, waiting, measured);
    calls.callback[slot] = callback ? 1 : 0;
    this.wait(slot, front, !callback);
  }

  /** The call in `slot` ended in the bot (contained, or the caller hung up on it). */
  endInBot(slot: number): void {
    if (this.sink !== null) this.sink.callEnded(this, slot, this.calls.bot[slot] === BOT_CONTAINED ? CALL_CONTAINED : CALL_BOT_HANGUP, -1);
    this.calls.release(slot);
  }

  /** Agent takes the inbound call in `slot` now: draws its handle time and schedules the departure. */
  private serve(agent: number, slot: number): void {
    const calls = this.calls;
    const index = calls.index[slot];
    const talk = this.talk!;
    talk.draw(this.talkStream, index);
    let talkSeconds = talk.out[0];
    if (this.outcome !== null) talkSeconds *= this.decideOutcome(agent, slot, index);
    if (calls.bot[slot] >= BOT_HANDOFF) talkSeconds *= this.handoffTalk;
    calls.talk[slot] = talkSeconds;
    let handle = talkSeconds;
    const wrap = this.wrap;
    if (wrap !== null) {
      wrap.draw(this.wrapStream, index);
      handle += wrap.out[0];
    }
    calls.handle[slot] = handle;
    if (this.sales !== null) this.recordSale(agent, slot);
    this.startCall(agent, slot);
    this.stats.answer(slot, this.isMeasured(slot));
    if (this.observer !== null) this.notifyAnswer(agent, slot);
  }

  /**
   * The agent starts a conversation on the call in `slot`, whose talk and handle times are already
   * in the call table; the departure is scheduled at the end of the handle time.
   */
  startCall(agent: number, slot: number): void {
    const ev = this.ev;
    const st = this.agentState[agent];
    if (st === AGENT_IDLE) this.stats.idleSpellEnds(this.agentIdleSince, agent);
    else if (st === AGENT_RESERVED) this.stats.endReserved();
    this.setState(agent, AGENT_BUSY);
    this.agentCall[agent] = slot;
    this.calls.answered[slot] = ev.now;
    this.stats.startBusy(slot);
    if (this.calls.outbound[slot] === 1) {
      this.outboundBusy++;
      if (this.pacingArm !== null) this.outboundBusyArm[this.pacingArm[agent]]++;
    }
    ev.at[0] = ev.now + this.calls.handle[slot];
    ev.scheduleAt(EV_DEPART, agent);
  }

  /**
   * The world decides what the conversation in `slot` achieves (key: the call's keyed entity);
   * returns the talk-time factor. The outcome stays in the model's register until recordSale.
   */
  decideOutcome(agent: number, slot: number, key: number): number {
    const calls = this.calls;
    const customer = calls.customer[slot];
    if (customer < 0) return 1;
    // An outbound answer's wait runs from the end of the greeting, not from the dial.
    this.waitRegister[0] = this.ev.now - (calls.outbound[slot] === 1 ? this.dialer!.answeredAt[slot] : calls.arrival[slot]);
    const outcome = this.outcome!;
    const assist = this.pilot === null ? this.assist : this.pilot.assistFor(agent, slot);
    if (assist !== null) {
      // The conversation's turns, what the model heard, the scripts suggested and how well they fit.
      const outbound = calls.outbound[slot] === 1;
      const r = assist.converse(outbound ? KEY_OUTBOUND : KEY_INBOUND, outbound ? customer : calls.index[slot], customer);
      outcome.assist[0] = r.conversionFactor;
      outcome.assist[1] = r.talkFactor;
      calls.script[slot] = r.script;
      calls.trueIntent[slot] = r.trueIntent;
      calls.heardIntent[slot] = r.heardIntent;
      this.sales!.recordAssist(r.turns, r.correct, r.scripted, r.fit, r.compliant);
    }
    outcome.decide(key, customer, agent, this.waitRegister);
    if (assist !== null) assist.finish(outcome.out[OUT_CONVERTED]);
    const out = outcome.out;
    calls.converted[slot] = out[OUT_CONVERTED];
    calls.effective[slot] = out[OUT_EFFECTIVE];
    calls.revenue[slot] = out[OUT_REVENUE];
    calls.satisfaction[slot] = out[OUT_SATISFACTION];
    return out[OUT_TALK_FACTOR];
  }

  /** Counts the decided conversation in `slot` (talk and handle already in the call table). */
  recordSale(agent: number, slot: number): void {
    const customer = this.calls.customer[slot];
    if (customer < 0) return;
    const sales = this.sales!;
    sales.measuring = this.stats.isMeasuring;
    this.timesRegister[0] = this.calls.talk[slot];
    this.timesRegister[1] = this.calls.handle[slot];
    sales.record(customer, agent, this.outcome!.out, this.timesRegister, this.calls.trueIntent[slot], this.calls.script[slot], this.pilot === null ? -1 : this.pilot.conversationArm(agent, slot));
    if (this.collab !== null) this.collab.conversationStarts(slot, sales.measuring);
  }

  /** The customer calling as inbound call `index` (keyed by the call: the same in every variant). */
  customerOfCall(index: number): number {
    return Math.floor(this.callerStream.uniform(index, 0) * this.customerCount);
  }

  /** The routing policy's choice among idle agents able to take `channel` work (removed from its idle list), or -1. */
  routeAgent(channel: number, customer: number): number {
    this.viewChannel = channel;
    this.viewBothAllowed = channel === CHANNEL_INBOUND || this.idleCount[3] > Math.max(0, this.inboundReserve - this.idleCount[CHANNEL_INBOUND]);
    const agent = this.routing!.choose(customer, this);
    if (agent >= 0) this.leaveIdle(agent);
    return agent;
  }

  // IdleAgentsView: the routing policy walks the idle agents of the groups able to take the contact.
  first(group: number): number {
    const ch = this.groupChannels[group];
    if ((ch & this.viewChannel) === 0) return -1;
    if (ch === 3 && !this.viewBothAllowed) return -1;
    return this.idleByGroup[group].first();
  }

  after(agent: number): number {
    return this.idleByGroup[this.roster !== null ? this.roster.group[agent] : this.groupOfAgent(agent)].after(agent);
  }

  get idleSince(): Float64Array {
    return this.agentIdleSince;
  }

  get now(): number {
    return this.ev.now;
  }

  private groupOfAgent(agent: number): number {
    const groups = this.model.groups;
    for (let g = groups.length - 1; g >= 0; g--) if (agent >= groups[g].firstAgent) return g;
    return 0;
  }

  private notifyAnswer(agent: number, slot: number): void {
    const c = this.calls;
    this.observer?.onAnswer?.(c.index[slot], agent, c.arrival[slot], this.ev.now, c.handle[slot]);
  }

  private onDepart(agent: number): void {
    const slot = this.agentCall[agent];
    this.agentCall[agent] = -1;
    if (this.collab !== null) this.collab.conversationEnds(slot);
    this.stats.endBusy();
    if (this.routing !== null) this.routing.recordOutcome(agent, this.calls.customer[slot], this.calls.converted[slot] === 1);
    if (this.calls.outbound[slot] === 1) {
      this.outboundBusy--;
      if (this.pacingArm !== null) this.outboundBusyArm[this.pacingArm[agent]]--;
      this.dialer!.onConversationEnd(slot);
    } else {
      if (this.sink !== null) this.sink.callEnded(this, slot, CALL_ANSWERED, agent);
      this.calls.release(slot);
    }
    if (this.agentPendingOff[agent] === 1 || this.agentPendingBreak[agent] > 0) this.leaveAfterWork(agent);
    else this.becomeAvailable(agent);
  }

  /**
   * Ends an agent-driven outbound attempt's hold on the agent (no conversation followed): the
   * agent takes any break or shift end that fell due, else becomes available.
   */
  releaseReserved(agent: number): void {
    this.stats.endReserved();
    this.agentState[agent] = AGENT_BUSY; // transitional: leaveAfterWork / becomeAvailable read it as "was working"
    if (this.agentPendingOff[agent] === 1 || this.agentPendingBreak[agent] > 0) this.leaveAfterWork(agent);
    else this.becomeAvailable(agent);
  }

  /** An idle agent starts working an outbound attempt before any conversation (preview, dialing). */
  reserve(agent: number): void {
    this.stats.idleSpellEnds(this.agentIdleSince, agent);
    this.setState(agent, AGENT_RESERVED);
    this.stats.startReserved();
  }

  /** A shift end or a break fell due during the call: take it now. */
  private leaveAfterWork(agent: number): void {
    this.agentWindDown[agent] = 0;
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

  /**
   * An agent is free for work: an answered outbound call waiting for an agent comes first (it is
   * abandoned within seconds otherwise), then the inbound queue, else the agent goes idle and the
   * dialer is told (it may dial for the agent, or hand an agent-driven attempt).
   */
  private becomeAvailable(agent: number): void {
    if (this.agentWindDown[agent] === 1) {
      this.agentWindDown[agent] = 0;
      this.setState(agent, AGENT_NOT_READY);
      return;
    }
    const ch = this.agentChannels[agent];
    const dialer = this.dialer;
    if (dialer !== null && (ch & CHANNEL_OUTBOUND) !== 0 && dialer.connectsWaiting > 0 && dialer.hasConnectFor(agent)) {
      dialer.connectWaiting(agent);
      return;
    }
    if ((ch & CHANNEL_INBOUND) !== 0) {
      let slot = this.handoffQueue.length > 0 ? this.handoffQueue.shift() : -1;
      if (slot < 0) slot = this.queue.shift();
      if (slot >= 0) {
        this.stats.dequeue(slot);
        const h = this.calls.patience[slot];
        if (h >= 0) {
          this.ev.cancel(h);
          this.calls.patience[slot] = -1;
        }
        this.serve(agent, slot);
        return;
      }
    }
    this.goIdle(agent);
    if (dialer !== null && (ch & CHANNEL_OUTBOUND) !== 0) dialer.onAgentIdle();
  }

  private goIdle(agent: number): void {
    this.setState(agent, AGENT_IDLE);
    this.agentIdleSince[agent] = this.ev.now;
    this.idleCount[this.agentChannels[agent]]++;
    if (this.pacingArm !== null) this.idleArm[this.pacingArm[agent] * 4 + this.agentChannels[agent]]++;
    this.idleByGroup[this.groupIndex(agent)].push(agent);
  }

  private leaveIdle(agent: number): void {
    this.idleCount[this.agentChannels[agent]]--;
    if (this.pacingArm !== null) this.idleArm[this.pacingArm[agent] * 4 + this.agentChannels[agent]]--;
    this.idleByGroup[this.groupIndex(agent)].remove(agent);
  }

  private groupIndex(agent: number): number {
    return this.roster !== null ? this.roster.group[agent] : this.groupCount === 1 ? 0 : this.groupOfAgent(agent);
  }

  /** The longest-idle agent able to take inbound work (removed from its idle list), or -1. */
  private takeInboundAgent(): number {
    const best = this.longestIdle(CHANNEL_INBOUND, true);
    if (best >= 0) this.leaveIdle(best);
    return best;
  }

  /** The longest-idle agent among groups taking `channel` (blended groups only when `bothAllowed`), or -1. */
  private longestIdle(channel: number, bothAllowed: boolean): number {
    const lists = this.idleByGroup;
    if (lists.length === 1) return (this.groupChannels[0] & channel) !== 0 && (bothAllowed || this.groupChannels[0] !== 3) ? lists[0].first() : -1;
    let best = -1;
    for (let g = 0; g < lists.length; g++) {
      const ch = this.groupChannels[g];
      if ((ch & channel) === 0 || (ch === 3 && !bothAllowed)) continue;
      const a = lists[g].first();
      if (a >= 0 && (best < 0 || this.agentIdleSince[a] < this.agentIdleSince[best] || (this.agentIdleSince[a] === this.agentIdleSince[best] && a < best))) best = a;
    }
    return best;
  }

  /** Idle agents the dialer may use: outbound-only ones, plus blended ones above the inbound reserve. */
  get freeForOutbound(): number {
    const keep = Math.max(0, this.inboundReserve - this.idleCount[CHANNEL_INBOUND]);
    return this.idleCount[CHANNEL_OUTBOUND] + Math.max(0, this.idleCount[3] - keep);
  }

  private changeOutboundStaffed(agent: number, d: number): void {
    this.outboundStaffed += d;
    if (this.pacingArm !== null) this.outboundStaffedArm[this.pacingArm[agent]] += d;
  }

  /**
   * Idle agents of `arm` the dialer may use (a split center pacing each arm separately): the arm's
   * outbound-only agents, plus its blended ones above the inbound reserve. Each arm keeps the whole
   * reserve, so at a share of 0 or 1 the one arm with agents is exactly the unsplit center.
   */
  freeForOutboundIn(arm: number): number {
    const keep = Math.max(0, this.inboundReserve - this.idleCount[CHANNEL_INBOUND]);
    const i = arm * 4;
    return this.idleArm[i + CHANNEL_OUTBOUND] + Math.max(0, this.idleArm[i + 3] - keep);
  }

  /**
   * The agent of `arm` the dialer's work goes to (removed from its idle list), or -1: the arm's
   * routing policy chooses among the arm's idle agents (longest idle without one).
   */
  takeOutboundAgentIn(arm: number, customer = -1): number {
    const keep = Math.max(0, this.inboundReserve - this.idleCount[CHANNEL_INBOUND]);
    this.viewChannel = CHANNEL_OUTBOUND;
    this.viewBothAllowed = this.idleArm[arm * 4 + 3] > keep;
    const agent = this.pilot!.chooseInArm(arm, customer);
    if (agent >= 0) this.leaveIdle(agent);
    return agent;
  }

  /**
   * The agent the dialer's work goes to (removed from its idle list), or -1: chosen by the routing
   * policy for `customer` when there is one, else the longest idle; blended agents only above the
   * inbound reserve.
   */
  takeOutboundAgent(customer = -1): number {
    if (this.pilot !== null) this.pilot.inboundCall = -1;
    if (this.routing !== null) return this.routeAgent(CHANNEL_OUTBOUND, customer);
    const keep = Math.max(0, this.inboundReserve - this.idleCount[CHANNEL_INBOUND]);
    const best = this.longestIdle(CHANNEL_OUTBOUND, this.idleCount[3] > keep);
    if (best >= 0) this.leaveIdle(best);
    return best;
  }

  private onAbandon(slot: number): void {
    const calls = this.calls;
    calls.patience[slot] = -1;
    if (this.handoffQueue.has(slot)) this.handoffQueue.remove(slot);
    else this.queue.remove(slot);
    this.stats.dequeue(slot);
    this.stats.abandon(slot, this.isMeasured(slot));
    if (this.observer?.onAbandon) this.observer.onAbandon(calls.index[slot], calls.arrival[slot], this.ev.now);
    if (this.sink !== null) this.sink.callEnded(this, slot, CALL_ABANDONED, -1);
    calls.release(slot);
  }

  private onAgentStep(agent: number): void {
    const state = this.agentState[agent];
    const step = this.stepKind[agent];
    if (step === STEP_START) {
      this.agentPendingOff[agent] = 0;
      if (state === AGENT_OFF) {
        this.stats.changeStaffing(1, 1);
        if (this.agentChannels[agent] & CHANNEL_OUTBOUND) this.changeOutboundStaffed(agent, 1);
        this.becomeAvailable(agent);
      }
    } else if (step === STEP_BREAK) {
      const seconds = this.stepBreak[agent];
      this.agentWindDown[agent] = 0;
      if (state === AGENT_IDLE || state === AGENT_NOT_READY) {
        if (state === AGENT_IDLE) this.leaveIdle(agent);
        this.startBreak(agent, seconds);
      } else if (state === AGENT_BUSY || state === AGENT_RESERVED || state === AGENT_BREAK) {
        // Taken when the call (or the break under way, if the plan's breaks overlap) ends.
        this.agentPendingBreak[agent] = seconds;
      }
    } else if (step === STEP_END) {
      this.agentWindDown[agent] = 0;
      if (state === AGENT_IDLE || state === AGENT_NOT_READY) {
        if (state === AGENT_IDLE) this.leaveIdle(agent);
        this.goOff(agent);
      } else if (state === AGENT_BUSY || state === AGENT_RESERVED) {
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
    const at = Math.max(t, this.ev.now);
    this.ev.schedule(at, EV_AGENT_STEP, agent);
    const notice = this.windDownSeconds[this.pacingArm !== null ? this.pacingArm[agent] : 0];
    if (notice > 0 && plan.kind !== STEP_START && (this.agentChannels[agent] & CHANNEL_OUTBOUND) !== 0) {
      this.ev.schedule(Math.max(this.ev.now, at - notice), EV_AGENT_WIND_DOWN, agent);
    }
  }

  /**
   * A planned break or shift end is near: an idle outbound agent stops being offered to the dialer
   * (not ready); a working one will become not ready when the current work ends. The center knows
   * its own schedule, so a production dialer would see this too.
   */
  private onWindDown(agent: number): void {
    const state = this.agentState[agent];
    if (state === AGENT_IDLE) {
      this.leaveIdle(agent);
      this.setState(agent, AGENT_NOT_READY);
    } else if (state === AGENT_BUSY || state === AGENT_RESERVED) {
      this.agentWindDown[agent] = 1;
    }
  }

  private startBreak(agent: number, seconds: number): void {
    this.setState(agent, AGENT_BREAK);
    this.stats.changeStaffing(-1, 0);
    if (this.agentChannels[agent] & CHANNEL_OUTBOUND) this.changeOutboundStaffed(agent, -1);
    this.agentBreakEnd[agent] = this.ev.schedule(this.ev.now + seconds, EV_BREAK_END, agent);
  }

  private onBreakEnd(agent: number): void {
    this.agentBreakEnd[agent] = -1;
    const next = this.agentPendingBreak[agent];
    if (next > 0) {
      // Another break fell due during this one: it starts now.
      this.agentPendingBreak[agent] = 0;
      this.agentBreakEnd[agent] = this.ev.schedule(this.ev.now + next, EV_BREAK_END, agent);
      return;
    }
    this.stats.changeStaffing(1, 0);
    if (this.agentChannels[agent] & CHANNEL_OUTBOUND) this.changeOutboundStaffed(agent, 1);
    this.becomeAvailable(agent);
  }

  private setState(agent: number, state: number): void {
    this.agentState[agent] = state;
    if (this.sink !== null) this.sink.agentState(this, agent, state);
  }

  /** Leaves the floor (not idle, not busy). */
  private goOff(agent: number): void {
    this.agentPendingBreak[agent] = 0;
    const wasStaffed = this.agentState[agent] !== AGENT_BREAK;
    this.stats.changeStaffing(wasStaffed ? -1 : 0, -1);
    if (wasStaffed && this.agentChannels[agent] & CHANNEL_OUTBOUND) this.changeOutboundStaffed(agent, -1);
    this.setState(agent, AGENT_OFF);
  }

  private onTick(): void {
    // After the window closed (its partial interval already flushed) a stray tick has nothing to record.
    if (this.windowClosed) return;
    const stats = this.stats;
    stats.flushInterval();
    if (this.dialer !== null) this.dialer.flushInterval();
    const k = stats.firstInterval + stats.intervalCount + 1;
    this.ev.schedule(stats.intervalStart(k), EV_TICK, 0);
  }

  private openWindow(): void {
    this.stats.openWindow();
    if (this.dialer !== null) this.dialer.openWindow();
    if (this.collab !== null) this.collab.openWindow();
  }

  private closeWindow(): void {
    if (this.windowClosed) return;
    this.windowClosed = true;
    this.stats.closeWindow();
    if (this.collab !== null) this.collab.closeWindow();
    this.stats.flushInterval();
    if (this.dialer !== null) this.dialer.flushInterval();
  }

  get measurementClosed(): boolean {
    return this.windowClosed;
  }
}
