/**
 * The record writer: a RecordSink that gathers one row per inbound call and per dial attempt, and
 * one row per agent state interval, into columnar chunks (typed arrays; strings as indices into
 * small dictionaries). A handler only copies a few numbers; each full chunk of 65,536 rows goes to
 * the formatter (format.ts), on the records writer thread when it runs (channel.ts), so turning
 * rows into NDJSON and writing them happens outside the event loop, on another core. Memory is
 * flat: a few chunks per replication, whatever the length of the run.
 *
 * Each table of a replication goes to its own file, written under a hidden temporary name and
 * renamed into place at `end()` once complete (layout.ts); `abort()` removes the temporaries.
 */
import { AGENT_BUSY, type Center } from '../../sim/center.ts';
import { OUT_LIVE } from '../../sim/outbound/attempt-truth.ts';
import type { Dialer } from '../../sim/outbound/dialer.ts';
import { RES_ABANDONED, RES_AMD_FALSE_POSITIVE, RES_CONNECTED, RES_MACHINE_ABANDONED, RES_MACHINE_HANGUP, RES_MACHINE_TO_AGENT } from '../../sim/outbound/dialer.ts';
import { INTENTS } from '../../sim/conversation/intents.ts';
import { CALL_ABANDONED, CALL_ANSWERED } from '../../sim/records.ts';
import type { ReplicationResult, ReplicationSink } from '../../sim/replication.ts';
import { openChannel, type FormatChannel } from './channel.ts';
import { CHUNK_ROWS, KIND_INBOUND, KIND_OUTBOUND, newCallChunk, newStateChunk, type CallChunk, type FormatterSetup, type FormatterStats, type StateChunk } from './format.ts';
import type { RecordsTarget } from './layout.ts';
import { ARM_NAMES, type PilotSplit } from '../../sim/pilot.ts';

const OUTCOME_BLOCKED = 2;

export interface RecordWriterOptions {
  /** 'inline' formats in this thread (tests, and the fallback when the writer threads cannot start). */
  mode?: 'auto' | 'inline';
  /** Where the chunks go instead of the formatter (benchmarks). */
  channel?: (setup: FormatterSetup) => FormatChannel;
}

export class RecordWriter implements ReplicationSink {
  private readonly channel: FormatChannel;
  private readonly warmupCalls: number;
  private readonly warmupSeconds: number;
  private readonly hasOutcomes: boolean;
  private readonly world: boolean;
  private readonly customerSegment: Uint16Array | null;
  private readonly pilot: PilotSplit | null;
  private finished = false;
  /** Rows and bytes written, once ended. */
  stats: FormatterStats | null = null;

  private c: CallChunk = newCallChunk();
  private s: StateChunk = newStateChunk();

  // Each agent's open state interval.
  private readonly curState: Uint8Array;
  private readonly curFrom: Float64Array;
  /** Whether the agent's current conversation started while the measurement window was open. */
  private readonly talkMeasured: Uint8Array;
  private readonly measuring: { readonly isMeasuring: boolean };

  constructor(center: Center, target: RecordsTarget, replication: number, options: RecordWriterOptions = {}) {
    const model = center.model;
    this.warmupCalls = model.warmupCalls;
    this.warmupSeconds = model.warmupSeconds;
    this.hasOutcomes = center.outcome !== null;
    this.world = center.world;
    this.pilot = center.pilot;

    const agents = model.agentCount;
    const agentGroup = new Int32Array(agents);
    model.groups.forEach((g, gi) => agentGroup.fill(gi, g.firstAgent, g.firstAgent + g.count));
    this.curState = new Uint8Array(agents); // every agent starts off shift
    this.curFrom = new Float64Array(agents).fill(center.ev.now);
    this.talkMeasured = new Uint8Array(agents);
    this.measuring = center.stats;

    const world = model.world;
    const leads = center.dialer ? center.dialer.leads : null;
    this.customerSegment = world ? world.customers.segment : null;
    const setup: FormatterSetup = {
      dir: target.dir,
      replication,
      variant: target.variant,
      assignment: target.assignment,
      epochMs: center.cal.epochMs,
      timeZone: model.calendar.timeZone,
      groupNames: model.groups.map((g) => g.name),
      agentGroup,
      segmentNames: world ? world.customers.segmentNames : leads ? leads.segments : [],
      scriptNames: center.assist ? center.assist.recommender.catalog.map((sc) => sc.id) : [],
      intentNames: center.assist || center.collab ? [...INTENTS] : [],
      collab: center.collab !== null,
      armNames: center.pilot ? [...ARM_NAMES] : [],
      routingPolicy: model.routing.policy,
      pacingPolicy: model.outbound ? model.outbound.pacing.policy : null,
      leads: leads ? { zones: leads.zones, zone: leads.zone, mobile: leads.mobile, ids: leads.ids } : null,
    };
    this.channel = options.channel ? options.channel(setup) : openChannel(setup, options.mode ?? 'auto');
  }

  // ---- RecordSink: copy a few numbers into the columns, nothing else. ----

  callEnded(center: Center, slot: number, result: number, agent: number): void {
    const calls = center.calls;
    const c = this.c;
    const i = c.n;
    const index = calls.index[slot];
    // When it reached the center; `queued` (calls.arrival) is when it was offered to the humans.
    const arrival = calls.received[slot];
    const queued = calls.arrival[slot];
    const customer = calls.customer[slot];
    c.kind[i] = KIND_INBOUND;
    c.key[i] = index;
    c.arm[i] = this.armOf(false, index, agent);
    this.collab(c, i, calls, slot, result === CALL_ANSWERED || result === CALL_ABANDONED ? queued : NaN);
    c.customer[i] = customer;
    c.segment[i] = customer >= 0 && this.customerSegment !== null ? this.customerSegment[customer] : -1;
    c.agent[i] = agent;
    c.outcome[i] = result;
    c.rightParty[i] = -1;
    c.warmup[i] = index < this.warmupCalls || arrival < this.warmupSeconds ? 1 : 0;
    c.arrival[i] = arrival;
    c.connect[i] = NaN;
    if (result === CALL_ANSWERED) {
      const answered = calls.answered[slot];
      const talk = calls.talk[slot];
      c.answer[i] = answered;
      c.end[i] = answered + talk;
      c.wait[i] = answered - queued;
      c.talk[i] = talk;
      c.wrap[i] = calls.handle[slot] - talk;
      c.measured[i] = this.talkMeasured[agent];
      this.sale(c, i, calls, slot, this.hasOutcomes && customer >= 0);
    } else {
      const now = center.ev.now;
      c.measured[i] = -1;
      c.answer[i] = NaN;
      c.end[i] = now;
      c.wait[i] = result === CALL_ABANDONED ? now - queued : NaN;
      c.talk[i] = NaN;
      c.wrap[i] = NaN;
      c.converted[i] = -1;
      c.effective[i] = -1;
      this.noAssist(c, i);
    }
    if (++c.n === CHUNK_ROWS) this.c = this.channel.calls(c);
  }

  callBlocked(center: Center, callIndex: number, customer: number): void {
    const c = this.c;
    const i = c.n;
    const now = center.ev.now;
    c.kind[i] = KIND_INBOUND;
    c.key[i] = callIndex;
    c.arm[i] = this.armOf(false, callIndex, -1);
    this.noCollab(c, i);
    c.customer[i] = customer;
    c.segment[i] = customer >= 0 && this.customerSegment !== null ? this.customerSegment[customer] : -1;
    c.agent[i] = -1;
    c.outcome[i] = OUTCOME_BLOCKED;
    c.rightParty[i] = -1;
    c.warmup[i] = callIndex < this.warmupCalls || now < this.warmupSeconds ? 1 : 0;
    c.arrival[i] = now;
    c.answer[i] = NaN;
    c.connect[i] = NaN;
    c.end[i] = now;
    c.wait[i] = 0;
    c.talk[i] = NaN;
    c.wrap[i] = NaN;
    c.measured[i] = -1;
    c.converted[i] = -1;
    c.effective[i] = -1;
    this.noAssist(c, i);
    if (++c.n === CHUNK_ROWS) this.c = this.channel.calls(c);
  }

  attemptEnded(center: Center, dialer: Dialer, slot: number): void {
    const calls = center.calls;
    const c = this.c;
    const i = c.n;
    const lead = dialer.lead[slot];
    const result = dialer.result[slot];
    const dial = calls.arrival[slot];
    const agent = dialer.agent[slot];
    c.kind[i] = KIND_OUTBOUND;
    c.key[i] = lead;
    c.arm[i] = this.armOf(true, lead, agent);
    this.collab(c, i, calls, slot, NaN);
    c.attempt[i] = dialer.attemptNo[slot] + 1;
    c.customer[i] = this.world ? lead : -1;
    c.segment[i] = this.customerSegment !== null ? this.customerSegment[lead] : dialer.leads.segment[lead];
    c.agent[i] = agent;
    c.outcome[i] = result;
    c.warmup[i] = dial < this.warmupSeconds ? 1 : 0;
    c.arrival[i] = dial;
    if (result === RES_CONNECTED || result === RES_MACHINE_TO_AGENT) {
      const answered = dialer.answeredAt[slot];
      const connected = dialer.connectedAt[slot];
      const talk = calls.talk[slot];
      c.answer[i] = answered;
      c.connect[i] = connected;
      c.end[i] = connected + talk;
      c.wait[i] = connected - answered;
      c.talk[i] = talk;
      c.wrap[i] = calls.handle[slot] - talk;
      c.rightParty[i] = result === RES_CONNECTED && dialer.columns.outcome[slot] === OUT_LIVE ? dialer.columns.rightParty[slot] : -1;
      c.measured[i] = this.talkMeasured[agent];
      this.sale(c, i, calls, slot, this.hasOutcomes && calls.customer[slot] >= 0);
    } else {
      // An agent-driven attempt ends after the agent's disposition: the line was released before it.
      const disposition = agent >= 0 && dialer.agentDrivenAttempt(slot);
      const dispositionSeconds = disposition ? dialer.dispositionSecondsOf(slot) : 0;
      const end = center.ev.now - dispositionSeconds;
      c.end[i] = end;
      c.connect[i] = NaN;
      c.talk[i] = NaN;
      c.wrap[i] = disposition ? dispositionSeconds : NaN;
      c.rightParty[i] = -1;
      c.measured[i] = -1;
      if (result === RES_ABANDONED || result === RES_MACHINE_ABANDONED) {
        const answered = dialer.answeredAt[slot];
        c.answer[i] = answered;
        c.wait[i] = end - answered;
      } else if (result === RES_AMD_FALSE_POSITIVE || result === RES_MACHINE_HANGUP) {
        // Answered, and hung up on (AMD, or the agent hearing a machine) as the greeting ended.
        c.answer[i] = end;
        c.wait[i] = NaN;
      } else {
        c.answer[i] = NaN;
        c.wait[i] = NaN;
      }
      c.converted[i] = -1;
      c.effective[i] = -1;
      this.noAssist(c, i);
    }
    if (++c.n === CHUNK_ROWS) this.c = this.channel.calls(c);
  }

  agentState(center: Center, agent: number, state: number): void {
    // A conversation starts (every call start sets BUSY, even back to back): note whether the
    // window is open, as the talk-time and sales books do at this instant.
    if (state === AGENT_BUSY) this.talkMeasured[agent] = this.measuring.isMeasuring ? 1 : 0;
    const cur = this.curState[agent];
    if (cur === state) return;
    this.pushState(agent, cur, this.curFrom[agent], center.ev.now);
    this.curState[agent] = state;
    this.curFrom[agent] = center.ev.now;
  }

  private sale(c: CallChunk, i: number, calls: Center['calls'], slot: number, decided: boolean): void {
    c.script[i] = calls.script[slot];
    c.trueIntent[i] = calls.trueIntent[slot];
    c.predictedIntent[i] = calls.heardIntent[slot];
    if (decided) {
      c.converted[i] = calls.converted[slot];
      c.effective[i] = calls.effective[slot];
      c.revenue[i] = calls.revenue[slot];
      c.satisfaction[i] = calls.satisfaction[slot];
    } else {
      c.converted[i] = -1;
      c.effective[i] = -1;
    }
  }

  /** The pilot arm of a call (by call or lead) or of its agent (unit agents; -1 when no agent took it); -1 without a pilot. */
  private armOf(outbound: boolean, key: number, agent: number): number {
    const p = this.pilot;
    if (p === null) return -1;
    if (p.byAgent) return agent >= 0 ? p.agentArm[agent] : -1;
    return outbound ? p.leadArm(key) : p.callArm(key);
  }

  private collab(c: CallChunk, i: number, calls: Center['calls'], slot: number, queued: number): void {
    c.queued[i] = calls.bot[slot] >= 0 ? queued : NaN;
    c.bot[i] = calls.bot[slot];
    c.botSeconds[i] = calls.botSeconds[slot];
    c.reason[i] = calls.reason[slot];
    c.complaint[i] = calls.complaint[slot];
    c.alert[i] = calls.alert[slot];
    c.callback[i] = calls.callback[slot];
  }

  private noCollab(c: CallChunk, i: number): void {
    c.queued[i] = NaN;
    c.bot[i] = -1;
    c.reason[i] = -1;
    c.complaint[i] = -1;
    c.alert[i] = -1;
    c.callback[i] = 0;
  }

  private noAssist(c: CallChunk, i: number): void {
    c.script[i] = -1;
    c.trueIntent[i] = -1;
    c.predictedIntent[i] = -1;
  }

  private pushState(agent: number, state: number, from: number, to: number): void {
    const s = this.s;
    const j = s.n;
    s.agent[j] = agent;
    s.state[j] = state;
    s.from[j] = from;
    s.to[j] = to;
    if (++s.n === CHUNK_ROWS) this.s = this.channel.states(s);
  }

  // ---- End of the replication. ----

  end(center: Center, result: ReplicationResult): void {
    if (this.finished) return;
    this.finished = true;
    const now = center.ev.now;
    try {
      // Close every agent's open interval at the end of the run.
      for (let a = 0; a < this.curState.length; a++) this.pushState(a, this.curState[a], this.curFrom[a], now);
      if (this.c.n > 0) this.c = this.channel.calls(this.c);
      if (this.s.n > 0) this.s = this.channel.states(this.s);
      const model = center.model;
      this.stats = this.channel.end({ scenario: model.name, seed: model.seed, window: result.window, endS: now, slSeconds: model.slSeconds });
    } catch (err) {
      this.abort();
      throw err;
    }
  }

  /** Removes the temporary files (a failed run leaves nothing under a record name). */
  abort(): void {
    this.finished = true;
    this.channel.abort();
  }
}
