/**
 * The outbound campaign: the dialer process of the center. It takes leads from the scheduler,
 * places attempts as the pacing policy (engine/) asks, learns from nothing but what a real dialer
 * observes, connects answers to agents within the rule's connect limit or abandons them (playing
 * the recorded message), schedules retries, enforces calling hours and the 72-hour rule, and keeps
 * the compliance books. Preview and manual dialing are agent-driven: an agent is attached to the
 * attempt from the start (reading, dialing, hearing the ring) and no answer can be abandoned.
 *
 * Attempts are call-table slots flagged outbound; the dialer's per-attempt columns share the slot.
 */
import { DIALER_EVENT, DialerSignals, isAgentDriven, makePacingPolicy, type PacingPolicy } from '../../engine/pacing.ts';
import type { Center } from '../center.ts';
import { IntList } from '../kernel/int-list.ts';
import type { OutboundModel } from '../model.ts';
import { KeyedStream } from '../random/stream.ts';
import { AttemptTruth, ATTEMPT_SLOTS, OUT_BUSY, OUT_INVALID, OUT_LIVE, OUT_MACHINE, OUT_NO_ANSWER, type AttemptColumns } from './attempt-truth.ts';
import { ComplianceTracker, type ComplianceSummary } from './compliance.ts';
import { assignLeadPriorities } from '../../engine/priority.ts';
import { DONE_INVALID, DONE_MAX_ATTEMPTS, DONE_REACHED, DONE_TO_BOT, LEAD_DONE, LeadTable } from './leads.ts';
import { LeadScheduler } from './lead-scheduler.ts';
import { OutboundStats, type OutboundTotals } from './outbound-stats.ts';
import { ZoneClock } from './zone-clock.ts';

/** Event kinds of the dialer (the center's switch hands these over). */
export const EV_DIALER_BASE = 16;
export const EV_RESOLVE = EV_DIALER_BASE; // data: slot. The line's outcome becomes known (failure, or end of greeting).
export const EV_CONNECT_TIMEOUT = EV_DIALER_BASE + 1; // data: slot. No agent within the connect limit.
export const EV_PACING_TICK = EV_DIALER_BASE + 2;
export const EV_AGENT_WORK = EV_DIALER_BASE + 3; // data: slot. An agent-driven step is done (preview or manual dial, disposition).

// Attempt stages.
const STAGE_PREPARE = 0; // agent-driven: reading the lead / dialing by hand
const STAGE_RINGING = 1;
const STAGE_WAITING = 2; // answered, waiting for an agent
const STAGE_TALK = 3;
const STAGE_DISPOSITION = 4; // agent-driven: logging a failed attempt

// Final result of an attempt (for records and tests).
export const RES_NONE = 0;
export const RES_NO_ANSWER = 1;
export const RES_BUSY = 2;
export const RES_INVALID = 3;
export const RES_MACHINE_HANGUP = 4; // AMD (or the agent) hung up on a machine
export const RES_AMD_FALSE_POSITIVE = 5; // AMD hung up on a live person: an abandoned call the dialer cannot see
export const RES_CONNECTED = 6; // a live person connected to an agent
export const RES_MACHINE_TO_AGENT = 7; // AMD missed a machine: an agent got it
export const RES_ABANDONED = 8; // a live person, no agent within the connect limit
export const RES_MACHINE_ABANDONED = 9; // a machine AMD missed, no agent in time either

export interface DialerObserver {
  /** An attempt ended (its slot's columns are still readable). */
  onAttemptEnd?(dialer: Dialer, slot: number): void;
}

export class Dialer {
  readonly m: OutboundModel;
  readonly leads: LeadTable;
  readonly stats: OutboundStats;
  readonly compliance: ComplianceTracker;
  readonly scheduler: LeadScheduler;
  readonly clocks: ZoneClock[];
  observer: DialerObserver | null = null;
  private readonly center: Center;
  private readonly truth: AttemptTruth;
  private readonly talkStream: KeyedStream;
  private readonly wrapStream: KeyedStream;
  private readonly stopAt: number;
  /**
   * Pacing arms: 1, or 2 in a split center whose treatment paces differently (pilot.treatment.pacing,
   * unit agents). Each arm has its own policy, signals, lines, answers waiting and agents; the arms
   * share the lead list and the compliance window. Indexed by arm (0 baseline, 1 treatment).
   */
  readonly arms: number;
  private readonly armPolicy: PacingPolicy[];
  private readonly armAgentDriven: boolean[];
  private readonly armSignals: DialerSignals[];
  private readonly armQueue: IntList[];
  private readonly armWorkSeconds = new Float64Array(2);
  private readonly armDisposition = new Float64Array(2);
  /** Lines dialing and answers waiting by arm. */
  readonly armLines = new Int32Array(2);
  readonly armConnects = new Int32Array(2);
  /** Measured dials, live answers connected and live answers abandoned (no agent in time), by arm. */
  readonly armDials = new Float64Array(2);
  readonly armLiveConnects = new Float64Array(2);
  readonly armAbandonedLive = new Float64Array(2);
  /** Attempts placed by the dialer itself that are dialing or ringing. */
  linesDialing = 0;
  connectsWaiting = 0;
  /** Attempts from allocation to end (dialing, waiting, talking, agent-driven work). */
  activeAttempts = 0;
  /** Every dial placed, warm-up included (throughput figures). */
  dialsTotal = 0;
  private stopped = false;
  private summary: ComplianceSummary | null = null;

  // Per-attempt columns, indexed by call slot (grown with the call table).
  lead = new Int32Array(0);
  attemptNo = new Uint8Array(0);
  stage = new Uint8Array(0);
  agent = new Int32Array(0);
  /** The pacing arm that placed the attempt. */
  arm = new Uint8Array(0);
  result = new Uint8Array(0);
  answeredAt = new Float64Array(0);
  /** When the answer reached an agent (NaN if it never did). */
  connectedAt = new Float64Array(0);
  private cols: AttemptColumns = { outcome: new Uint8Array(0), rightParty: new Uint8Array(0), amdHangup: new Uint8Array(0), resolveAfter: new Float64Array(0), ringSeconds: new Float64Array(0) };

  constructor(center: Center, m: OutboundModel, replication: number) {
    this.center = center;
    this.m = m;
    const seed = center.model.seed;
    this.leads = new LeadTable(m.leads, seed, replication);
    this.clocks = this.leads.zones.map((z) => new ZoneClock(z, center.cal.epochMs));
    this.scheduler = new LeadScheduler(this.leads, this.clocks, m.windowFrom, m.windowTo);
    this.truth = new AttemptTruth(m, this.leads, this.clocks, seed, replication);
    const split = center.pacingArm !== null && m.treatmentPacing !== null;
    const specs = split ? [m.pacing, m.treatmentPacing!.pacing] : [m.pacing];
    this.arms = specs.length;
    this.armPolicy = specs.map(makePacingPolicy);
    this.armAgentDriven = specs.map(isAgentDriven);
    this.armSignals = specs.map(() => new DialerSignals());
    this.armQueue = specs.map(() => new IntList(256));
    specs.forEach((p, i) => {
      this.armWorkSeconds[i] = p.policy === 'preview' ? p.previewSeconds : p.policy === 'manual' ? p.dialSeconds : 0;
      this.armDisposition[i] = i === 0 ? m.dispositionSeconds : m.treatmentPacing!.dispositionSeconds;
    });
    this.compliance = new ComplianceTracker(m.compliance, m.amd.enabled ? m.amd.falsePositiveRate : 0, center.ev);
    this.stats = new OutboundStats(center.model.seriesEnabled);
    this.talkStream = new KeyedStream(seed, replication, 'outbound-talk');
    this.wrapStream = new KeyedStream(seed, replication, 'outbound-wrap');
    this.stopAt = center.model.horizonSeconds;
    this.grow(center.calls.capacity);
  }

  /** The campaign is over: no more dials, nothing in flight. */
  get done(): boolean {
    return this.stopped && this.linesDialing === 0 && this.connectsWaiting === 0;
  }

  /** Leads the prioritisation sends to the AI voice bot instead of a human (1), by lead. */
  toBot: Uint8Array | null = null;
  /** Leads the bot still works that may come back to this campaign (sim/collab/bot-campaign.ts): the campaign is not over while any remain. */
  externalPending = 0;

  /** The bot hands a lead it qualified back to the humans: first in line for the next agent. */
  requeueFromBot(lead: number): void {
    this.scheduler.priority[lead] = -Infinity;
    this.leads.done[lead] = 0;
    this.scheduler.schedule(lead, this.center.ev.now);
    if (!this.stopped) this.pace();
  }

  start(): void {
    this.assignPriorities();
    this.scheduler.addAll(0);
    this.stats.measuring = this.center.stats.isMeasuring;
    this.center.ev.schedule(0, EV_PACING_TICK, 0);
  }

  /**
   * Dialing order and bot follow-up from the value model's predictions (engine/priority.ts): lead i
   * is customer i of the population. Leads marked for the bot leave the human list here; the bot
   * follows them up (sim/bot.ts, when the scenario has one).
   */
  private assignPriorities(): void {
    const world = this.center.model.world;
    if (!world || !world.priority) return;
    const n = this.leads.count;
    const toBot = new Uint8Array(n);
    const p = world.priority;
    assignLeadPriorities(
      { values: world.profiles.predictedValue.subarray(0, n), weights: p.weights, ageScaleDays: p.ageScaleDays, bot: p.bot },
      { priority: this.scheduler.priority, toBot: p.bot ? toBot : undefined },
    );
    if (!p.bot) return;
    this.toBot = toBot;
    const l = this.leads;
    for (let i = 0; i < n; i++) {
      if (toBot[i] === 1 && l.status[i] !== LEAD_DONE) {
        l.status[i] = LEAD_DONE;
        l.done[i] = DONE_TO_BOT;
      }
    }
  }

  handle(kind: number, data: number): void {
    switch (kind) {
      case EV_RESOLVE:
        this.onResolve(data);
        break;
      case EV_CONNECT_TIMEOUT:
        this.onConnectTimeout(data);
        break;
      case EV_PACING_TICK:
        this.onTick();
        break;
      case EV_AGENT_WORK:
        this.onAgentWork(data);
        break;
    }
  }

  private onTick(): void {
    const now = this.center.ev.now;
    if (!this.stopped && (now >= this.stopAt || (this.scheduler.pending === 0 && this.activeAttempts === 0 && this.externalPending === 0))) this.stopped = true;
    if (this.stopped) return;
    this.pace();
    this.center.ev.schedule(now + this.m.tickSeconds, EV_PACING_TICK, 0);
  }

  /** An agent able to do outbound work went idle: dial for it, or hand it a lead (agent-driven). */
  onAgentIdle(): void {
    if (!this.stopped) this.pace();
  }

  /** Places as many attempts as pacing asks (dialer-placed) or hands leads to idle agents (agent-driven), arm by arm. */
  private pace(): void {
    const now = this.center.ev.now;
    if (now >= this.stopAt) return;
    for (let arm = 0; arm < this.arms; arm++) {
      if (!(this.armAgentDriven[arm] ? this.paceAgents(arm, now) : this.paceLines(arm, now))) return;
    }
  }

  /** Agent-driven: each idle agent of the arm takes the next lead. False when no lead is due now. */
  private paceAgents(arm: number, now: number): boolean {
    const center = this.center;
    const split = this.arms > 1;
    while ((split ? center.freeForOutboundIn(arm) : center.freeForOutbound) > 0) {
      const lead = this.scheduler.take(now);
      if (lead < 0) return false;
      // The agent places the call agentWorkSeconds from now: it must still fall inside the lead's calling window.
      const dialAt = now + this.armWorkSeconds[arm];
      if (!this.clocks[this.leads.zone[lead]].inWindow(dialAt, this.m.windowFrom, this.m.windowTo)) {
        this.scheduler.schedule(lead, dialAt);
        continue;
      }
      const customer = center.world ? lead : -1;
      const agent = split ? center.takeOutboundAgentIn(arm, customer) : center.takeOutboundAgent(customer);
      center.reserve(agent);
      const slot = this.newAttempt(lead, agent, arm);
      this.stage[slot] = STAGE_PREPARE;
      center.ev.schedule(dialAt, EV_AGENT_WORK, slot);
    }
    return true;
  }

  /** Dialer-placed: as many lines as the arm's policy wants for the arm's agents. False when no lead is due now. */
  private paceLines(arm: number, now: number): boolean {
    const center = this.center;
    const split = this.arms > 1;
    const s = this.armSignals[arm];
    s.now = now;
    s.agentsLoggedIn = split ? center.outboundStaffedArm[arm] : center.outboundStaffed;
    s.agentsFree = split ? center.freeForOutboundIn(arm) : center.freeForOutbound;
    s.agentsBusy = split ? center.outboundBusyArm[arm] : center.outboundBusy;
    s.linesDialing = this.armLines[arm];
    s.connectsWaiting = this.armConnects[arm];
    this.compliance.advance(now);
    s.windowAbandoned = this.compliance.windowAbandoned;
    s.windowDenominator = this.compliance.windowDenominator;
    const wanted = this.armPolicy[arm].linesWanted(s);
    while (this.armLines[arm] < wanted) {
      const lead = this.scheduler.take(now);
      if (lead < 0) return false;
      this.dial(this.newAttempt(lead, -1, arm));
    }
    return true;
  }

  /** Allocates the slot of the next attempt of `lead` (with `agent` attached when agent-driven). */
  private newAttempt(lead: number, agent: number, arm: number): number {
    const l = this.leads;
    const no = l.attempts[lead];
    const calls = this.center.calls;
    const slot = calls.alloc(lead * ATTEMPT_SLOTS + no, this.center.ev);
    if (slot >= this.lead.length) this.grow(calls.capacity);
    calls.outbound[slot] = 1;
    this.activeAttempts++;
    this.lead[slot] = lead;
    this.attemptNo[slot] = no;
    this.agent[slot] = agent;
    this.arm[slot] = arm;
    this.result[slot] = RES_NONE;
    this.answeredAt[slot] = NaN;
    this.connectedAt[slot] = NaN;
    return slot;
  }

  /** Dials the attempt in `slot`: the line's outcome is decided now (world), known to the dialer later. */
  private dial(slot: number): void {
    const center = this.center;
    const ev = center.ev;
    const lead = this.lead[slot];
    const l = this.leads;
    l.attempts[lead]++;
    if (Number.isNaN(l.firstDial[lead])) l.firstDial[lead] = ev.now;
    center.calls.arrival[slot] = ev.now;
    const agentOnLine = this.agent[slot] >= 0;
    this.truth.decide(slot, lead, center.calls.index[slot], ev.now, agentOnLine, this.cols);
    this.stage[slot] = STAGE_RINGING;
    this.linesDialing++;
    const arm = this.arm[slot];
    this.armLines[arm]++;
    this.dialsTotal++;
    this.stats.dial();
    if (this.stats.measuring) this.armDials[arm]++;
    this.armPolicy[arm].observe(DIALER_EVENT.dial, this.armSignals[arm]);
    ev.at[0] = ev.now + this.cols.resolveAfter[slot];
    ev.scheduleAt(EV_RESOLVE, slot);
  }

  private onResolve(slot: number): void {
    this.linesDialing--;
    const arm = this.arm[slot];
    this.armLines[arm]--;
    const policy = this.armPolicy[arm];
    const c = this.cols;
    const outcome = c.outcome[slot];
    const s = this.armSignals[arm];
    if (outcome === OUT_LIVE || outcome === OUT_MACHINE) {
      if (outcome === OUT_LIVE) this.stats.liveAnswer();
      if (c.amdHangup[slot] === 1) {
        this.hangUpOnAnswer(slot, outcome);
        return;
      }
      this.answeredAt[slot] = this.center.ev.now;
      s.lastRingSeconds = c.ringSeconds[slot];
      policy.observe(DIALER_EVENT.answered, s);
      if (outcome === OUT_MACHINE) this.stats.amdFalseNegatives += this.stats.measuring ? 1 : 0;
      const agent = this.agent[slot];
      if (agent >= 0) this.connect(agent, slot);
      else this.offerAnswer(slot);
      return;
    }
    if (outcome === OUT_NO_ANSWER) {
      policy.observe(DIALER_EVENT.noAnswer, s);
      if (this.stats.measuring) this.stats.noAnswer++;
      this.finishAttempt(slot, RES_NO_ANSWER, this.m.delays.noAnswer);
    } else if (outcome === OUT_BUSY) {
      policy.observe(DIALER_EVENT.busy, s);
      if (this.stats.measuring) this.stats.busy++;
      this.finishAttempt(slot, RES_BUSY, this.m.delays.busy);
    } else {
      policy.observe(DIALER_EVENT.invalid, s);
      if (this.stats.measuring) this.stats.invalid++;
      this.finishAttempt(slot, RES_INVALID, -1);
    }
  }

  /** AMD (or the agent placing the call) hung up on the answer. */
  private hangUpOnAnswer(slot: number, outcome: number): void {
    this.armPolicy[this.arm[slot]].observe(DIALER_EVENT.amdHangup, this.armSignals[this.arm[slot]]);
    if (outcome === OUT_LIVE) {
      // A live person hung up on: abandoned in the regulator's sense, invisible to the dialer.
      this.compliance.recordTrueFalsePositive();
      if (this.stats.measuring) this.stats.amdFalsePositives++;
      this.finishAttempt(slot, RES_AMD_FALSE_POSITIVE, this.m.delays.amdHangup);
    } else {
      if (this.stats.measuring) this.stats.machinesDetected++;
      this.finishAttempt(slot, RES_MACHINE_HANGUP, this.m.delays.machine);
    }
  }

  /** An answer the dialer placed needs an agent within the connect limit. */
  private offerAnswer(slot: number): void {
    const center = this.center;
    const arm = this.arm[slot];
    const customer = center.world ? this.lead[slot] : -1;
    const agent = this.arms > 1 ? center.takeOutboundAgentIn(arm, customer) : center.takeOutboundAgent(customer);
    if (agent >= 0) {
      this.connect(agent, slot);
      return;
    }
    this.stage[slot] = STAGE_WAITING;
    this.armQueue[arm].push(slot);
    this.armConnects[arm]++;
    this.connectsWaiting++;
    const ev = center.ev;
    ev.at[0] = ev.now + this.m.compliance.connectSeconds;
    center.calls.patience[slot] = ev.scheduleAt(EV_CONNECT_TIMEOUT, slot);
  }

  /** True when an answer of `agent`'s arm waits for an agent. */
  hasConnectFor(agent: number): boolean {
    return this.armConnects[this.armOfAgent(agent)] > 0;
  }

  private armOfAgent(agent: number): number {
    return this.arms > 1 ? this.center.pacingArm![agent] : 0;
  }

  /** An agent just became free while answers of its arm wait: the oldest of them gets it. */
  connectWaiting(agent: number): void {
    const arm = this.armOfAgent(agent);
    const slot = this.armQueue[arm].shift();
    this.armConnects[arm]--;
    this.connectsWaiting--;
    const calls = this.center.calls;
    this.center.ev.cancel(calls.patience[slot]);
    calls.patience[slot] = -1;
    this.connect(agent, slot);
  }

  /** The conversation starts: talk and wrap drawn by (lead, attempt), the agent busy until they end. */
  private connect(agent: number, slot: number): void {
    const m = this.m;
    const center = this.center;
    const calls = center.calls;
    const entity = calls.index[slot];
    const live = this.cols.outcome[slot] === OUT_LIVE;
    const right = live && this.cols.rightParty[slot] === 1;
    const talkDist = !live ? m.machineTime : right ? m.talk : m.wrongParty;
    talkDist.draw(this.talkStream, entity);
    let talk = talkDist.out[0];
    // A right-party conversation with a customer of the population: the world decides what it achieves.
    if (right && center.outcome !== null) {
      calls.customer[slot] = this.lead[slot];
      talk *= center.decideOutcome(agent, slot, entity);
    }
    let handle = talk;
    if (live) {
      m.wrap.draw(this.wrapStream, entity);
      handle += m.wrap.out[0];
    }
    calls.talk[slot] = talk;
    calls.handle[slot] = handle;
    this.stage[slot] = STAGE_TALK;
    this.agent[slot] = agent;
    this.connectedAt[slot] = center.ev.now;
    if (calls.customer[slot] >= 0) center.recordSale(agent, slot);
    center.startCall(agent, slot);
    this.compliance.recordConnect();
    this.stats.connect(live, right);
    if (live && this.stats.measuring) this.armLiveConnects[this.arm[slot]]++;
    this.armPolicy[this.arm[slot]].observe(DIALER_EVENT.connect, this.armSignals[this.arm[slot]]);
  }

  private onConnectTimeout(slot: number): void {
    this.center.calls.patience[slot] = -1;
    const arm = this.arm[slot];
    this.armQueue[arm].remove(slot);
    this.armConnects[arm]--;
    this.connectsWaiting--;
    const live = this.cols.outcome[slot] === OUT_LIVE;
    this.compliance.recordAbandon();
    this.stats.abandon(live);
    if (live && this.stats.measuring) this.armAbandonedLive[arm]++;
    this.armPolicy[arm].observe(DIALER_EVENT.abandon, this.armSignals[arm]);
    this.leads.lastAbandon[this.lead[slot]] = this.center.ev.now;
    const delay = Math.max(this.m.delays.abandoned, this.m.compliance.recallBlockHours * 3600);
    this.finishAttempt(slot, live ? RES_ABANDONED : RES_MACHINE_ABANDONED, delay);
  }

  /** The center reports the end of an outbound conversation (agent departure). */
  onConversationEnd(slot: number): void {
    const arm = this.arm[slot];
    const s = this.armSignals[arm];
    s.lastHandleSeconds = this.center.calls.handle[slot];
    this.armPolicy[arm].observe(DIALER_EVENT.callEnd, s);
    const live = this.cols.outcome[slot] === OUT_LIVE;
    if (!live) this.endAttempt(slot, RES_MACHINE_TO_AGENT, this.m.delays.machine);
    else if (this.cols.rightParty[slot] === 1) this.endAttempt(slot, RES_CONNECTED, -2);
    else this.endAttempt(slot, RES_CONNECTED, this.m.delays.wrongParty);
  }

  /**
   * An attempt that did not reach a conversation ends. Agent-driven: the agent logs it
   * (disposition) before being released; otherwise the line is free now.
   */
  private finishAttempt(slot: number, result: number, retryDelay: number): void {
    const agent = this.agent[slot];
    if (agent >= 0) {
      this.result[slot] = result;
      this.retryDelay[slot] = retryDelay;
      this.stage[slot] = STAGE_DISPOSITION;
      const ev = this.center.ev;
      ev.at[0] = ev.now + this.armDisposition[this.arm[slot]];
      ev.scheduleAt(EV_AGENT_WORK, slot);
      return;
    }
    this.endAttempt(slot, result, retryDelay);
    this.pace();
  }

  private onAgentWork(slot: number): void {
    if (this.stage[slot] === STAGE_PREPARE) {
      this.dial(slot);
      return;
    }
    // Disposition done: the attempt ends and the agent is free again.
    const agent = this.agent[slot];
    this.endAttempt(slot, this.result[slot], this.retryDelay[slot]);
    this.center.releaseReserved(agent);
  }

  /**
   * Closes the attempt: the lead is done (retryDelay -2 = reached, -1 = invalid number) or waits
   * `retryDelay` seconds for its next attempt, if it has attempts left.
   */
  private endAttempt(slot: number, result: number, retryDelay: number): void {
    this.result[slot] = result;
    if (this.observer?.onAttemptEnd) this.observer.onAttemptEnd(this, slot);
    if (this.center.sink !== null) this.center.sink.attemptEnded(this.center, this, slot);
    const lead = this.lead[slot];
    const l = this.leads;
    const now = this.center.ev.now;
    if (retryDelay === -2) {
      l.status[lead] = LEAD_DONE;
      l.done[lead] = DONE_REACHED;
    } else if (retryDelay === -1) {
      l.status[lead] = LEAD_DONE;
      l.done[lead] = DONE_INVALID;
    } else if (l.attempts[lead] >= this.m.maxAttempts) {
      l.status[lead] = LEAD_DONE;
      l.done[lead] = DONE_MAX_ATTEMPTS;
    } else {
      this.scheduler.schedule(lead, now + retryDelay);
    }
    this.lead[slot] = -1;
    this.activeAttempts--;
    this.center.calls.release(slot);
  }

  private retryDelay = new Float64Array(0);

  /** Interval boundary or window close (the center calls this on both). */
  flushInterval(): void {
    this.stats.flushInterval();
    this.stats.measuring = this.center.stats.isMeasuring;
  }

  /**
   * The measurement window opened (the warm-up is over, in hours or in inbound calls): the
   * campaign's books count from this instant, as the inbound line's do.
   */
  openWindow(): void {
    this.stats.measuring = true;
  }

  /** Ends the books (called once when the run is over). */
  finish(): void {
    this.summary = this.compliance.finish(this.center.ev.now);
  }

  complianceSummary(): ComplianceSummary {
    return this.summary ?? this.compliance.finish(this.center.ev.now);
  }

  totals(): OutboundTotals {
    const l = this.leads;
    let dialable = 0;
    let reached = 0;
    let attempted = 0;
    for (let i = 0; i < l.count; i++) {
      if (l.dnc[i] === 0) dialable++;
      if (l.done[i] === DONE_REACHED) reached++;
      if (l.attempts[i] > 0) attempted++;
    }
    const s = this.stats;
    return {
      dials: s.dials,
      liveAnswers: s.liveAnswers,
      liveConnects: s.liveConnects,
      connects: s.connects,
      rightPartyContacts: s.rightPartyContacts,
      abandonedLive: s.abandonedLive,
      abandonedObserved: s.abandonedObserved,
      amdFalsePositives: s.amdFalsePositives,
      amdFalseNegatives: s.amdFalseNegatives,
      machinesDetected: s.machinesDetected,
      noAnswer: s.noAnswer,
      busy: s.busy,
      invalid: s.invalid,
      leads: l.count,
      leadsDialable: dialable,
      leadsReached: reached,
      leadsAttempted: attempted,
    };
  }

  private grow(min: number): void {
    const cap = Math.max(min, this.lead.length * 2, 64);
    const i32 = (a: Int32Array, fill = 0) => {
      const b = new Int32Array(cap).fill(fill);
      b.set(a);
      return b;
    };
    const u8 = (a: Uint8Array) => {
      const b = new Uint8Array(cap);
      b.set(a);
      return b;
    };
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.lead = i32(this.lead, -1);
    this.attemptNo = u8(this.attemptNo);
    this.stage = u8(this.stage);
    this.agent = i32(this.agent, -1);
    this.arm = u8(this.arm);
    this.result = u8(this.result);
    this.answeredAt = f64(this.answeredAt);
    this.connectedAt = f64(this.connectedAt);
    this.retryDelay = f64(this.retryDelay);
    this.cols = {
      outcome: u8(this.cols.outcome),
      rightParty: u8(this.cols.rightParty),
      amdHangup: u8(this.cols.amdHangup),
      resolveAfter: f64(this.cols.resolveAfter),
      ringSeconds: f64(this.cols.ringSeconds),
    };
  }

  /** True when the attempt in `slot` was placed by its agent (its arm paces agent-driven). */
  agentDrivenAttempt(slot: number): boolean {
    return this.armAgentDriven[this.arm[slot]];
  }

  /** Agent time logging the attempt in `slot` when it did not connect (its arm's pacing). */
  dispositionSecondsOf(slot: number): number {
    return this.armDisposition[this.arm[slot]];
  }

  /** Read access for records and tests. */
  get columns(): Readonly<AttemptColumns> {
    return this.cols;
  }
}

export { OUT_BUSY, OUT_INVALID, OUT_LIVE, OUT_MACHINE, OUT_NO_ANSWER };
