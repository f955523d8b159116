/**
 * Human-AI collaboration in the center: the AI voice bot that answers inbound callers first and
 * hands off to humans (or resolves simple needs itself), the customer's sentiment during human
 * conversations, the engine's sentiment alerts and the supervisors they call in, complaints, and
 * the bot's own follow-up calls of low-value leads (bot-campaign.ts).
 *
 * World and engine stay apart: the world decides (with draws keyed by the call) why the customer
 * calls, whether they hang up on the bot, what the bot's recognition hears, whether a need the bot
 * tries to settle is settled, how the customer's sentiment moves; the engine decides from what it
 * observes: HandoffPolicy (heard intent, confidence, predicted value) and SentimentMonitor (noisy
 * per-turn sentiment readings). Decisions are made when a session or conversation starts (every
 * draw is keyed, so nothing depends on when they are made) and take effect by events at their
 * times: the bot session's end, the alert's turn, the supervisor's release.
 *
 * Like the center, nothing here allocates per call or per event: slots, integer codes, typed arrays.
 */
import { HANDOFF_CONTAIN, HANDOFF_PRIORITY, HandoffPolicy, NO_HUMAN_CALLBACK, valueQuantile } from '../../engine/handoff.ts';
import { botThreshold } from '../../engine/priority.ts';
import { SentimentMonitor } from '../../engine/supervision.ts';
import type { Center } from '../center.ts';
import { Intent, INTENTS, INTENT_COUNT } from '../conversation/intents.ts';
import { CollabStats } from '../metrics/collab-stats.ts';
import { OUT_SATISFACTION } from '../outcome.ts';
import { normalQuantileFast } from '../random/dist.ts';
import { KeyedStream } from '../random/stream.ts';
import { ARM_TREATMENT } from '../pilot.ts';
import { BotCampaign } from './bot-campaign.ts';
import { CallReason, isComplex, RESOLVABLE } from './call-reason.ts';
import type { CollabModel } from './collab-model.ts';

/** Event kinds of the collaboration (the center hands every kind from EV_COLLAB_BASE on to `handle`). */
export const EV_COLLAB_BASE = 32;
export const EV_BOT_END = 32; // data: call slot. An inbound bot session ends.
export const EV_ALERT = 33; // data: call slot. The engine's sentiment alert fires during the conversation.
export const EV_SUPERVISOR_DONE = 34; // a supervisor is free again
export const EV_BOT_RESOLVE = 35; // data: bot attempt. The line's outcome of a bot follow-up call is known.
export const EV_BOT_TALK_END = 36; // data: bot attempt. The bot's conversation with a lead ends.
export const EV_BOT_TICK = 37; // the bot's follow-up dialer looks for due leads

/** What became of a call in the bot (CallTable.bot). */
export const BOT_CONTAINED = 0;
export const BOT_HANGUP = 1;
export const BOT_HANDOFF = 2;
export const BOT_HANDOFF_PRIORITY = 3;

const DRIVER = 1;
const AMIABLE = 2;
/** Customer turns the sentiment monitor reads in a human conversation. */
const TURNS = 3;
/** Satisfaction points per unit of sentiment above or below its base, and lost to a complaint. */
const SATISFACTION_PER_SENTIMENT = 20;
const COMPLAINT_SATISFACTION = 15;

export class Collaboration {
  readonly stats: CollabStats;
  readonly campaign: BotCampaign | null;
  private readonly center: Center;
  readonly m: CollabModel;
  readonly reasons: CallReason;
  readonly handoff: HandoffPolicy | null;
  private readonly monitor: SentimentMonitor | null;
  /** Callers the bot answers: all, or only those below this predicted value (low-value mode). */
  private readonly inboundMode: number;
  private readonly lowValue: number;
  private readonly predicted: Float32Array | Float64Array | null;
  private readonly capacity: number;
  /** Bot sessions in progress (inbound sessions and outbound lines). */
  sessions = 0;
  private freeSupervisors: number;
  private readonly botStream: KeyedStream;
  private readonly botTimeStream: KeyedStream;
  private readonly sentimentStream: KeyedStream;
  private readonly supervisorStream: KeyedStream;
  private readonly complaintStream: KeyedStream;
  /** A pilot with a bot treatment: only the treatment arm's calls and leads meet the bot (sim/pilot.ts). */
  readonly botArmOnly: boolean;
  /** The null world (outcome.nullWorld): the bot and supervisors change nothing a customer does or feels. */
  private readonly nullWorld: boolean;
  /** Per call slot: the conversation was counted in the window's books (set as it starts). */
  private counted: Uint8Array = new Uint8Array(0);

  constructor(center: Center, m: CollabModel, replication: number) {
    this.center = center;
    this.m = m;
    const seed = center.model.seed;
    const world = center.model.world!;
    this.stats = new CollabStats(m.supervision ? m.supervision.supervisors : 0);
    this.freeSupervisors = m.supervision ? m.supervision.supervisors : 0;
    this.nullWorld = world.outcome.nullWorld;
    this.botArmOnly = center.model.scenario.pilot?.treatment.bot === true;
    this.reasons = new CallReason(world.customers, seed, replication);
    this.predicted = world.valuesPredicted ? world.profiles.predictedValue : null;
    const bot = m.bot;
    this.handoff = bot ? new HandoffPolicy(INTENTS, bot.handoff, this.predicted ? valueCuts(this.predicted, null).high : Infinity) : null;
    this.inboundMode = !bot || bot.inbound === 'none' ? 0 : bot.inbound === 'all' ? 1 : 2;
    const rule = world.priority?.bot;
    this.lowValue = this.inboundMode === 2 && this.predicted && rule ? valueCuts(this.predicted, rule).low : -Infinity;
    this.capacity = bot ? bot.capacity : 0;
    this.monitor = m.supervision ? new SentimentMonitor({ threshold: m.supervision.threshold, smoothing: m.supervision.smoothing }) : null;
    this.botStream = new KeyedStream(seed, replication, 'bot');
    this.botTimeStream = new KeyedStream(seed, replication, 'bot-time');
    this.sentimentStream = new KeyedStream(seed, replication, 'sentiment');
    this.supervisorStream = new KeyedStream(seed, replication, 'supervisor');
    this.complaintStream = new KeyedStream(seed, replication, 'complaint');
    this.campaign = bot && bot.outboundLines > 0 && center.dialer !== null ? new BotCampaign(center, this, bot, replication) : null;
  }

  /** Starts what runs by itself (the bot's follow-up dialer); after the dialer has started. */
  start(): void {
    if (this.campaign !== null) this.campaign.start();
  }

  /** No bot line busy and nothing left to dial. */
  get done(): boolean {
    return this.campaign === null || this.campaign.done;
  }

  handle(kind: number, data: number): void {
    switch (kind) {
      case EV_BOT_END:
        this.onBotEnd(data);
        break;
      case EV_ALERT:
        this.onAlert(data);
        break;
      case EV_SUPERVISOR_DONE:
        this.freeSupervisors++;
        this.stats.supervisorBusy(-1, this.center.ev.now);
        break;
      default:
        this.campaign!.handle(kind, data);
    }
  }

  /** Supervisors busy now. */
  get supervisorsBusy(): number {
    return (this.m.supervision ? this.m.supervision.supervisors : 0) - this.freeSupervisors;
  }

  /** Bot session capacity left. */
  get botFree(): number {
    return this.capacity - this.sessions;
  }

  // ---- Inbound: the bot answers first. ----

  /**
   * An inbound call arrives: the bot takes it if the scenario sends this caller to the bot and a
   * session is free. Returns true when it did (the call's slot is the bot's until it ends or is
   * handed off).
   */
  offerInbound(index: number, customer: number): boolean {
    if (this.inboundMode === 0 || this.sessions >= this.capacity) return false;
    if (this.inboundMode === 2 && !(this.predicted !== null && this.predicted[customer] < this.lowValue)) return false;
    if (this.botArmOnly && this.center.pilot!.callArm(index) !== ARM_TREATMENT) return false;
    const center = this.center;
    const calls = center.calls;
    const slot = calls.alloc(index, center.ev);
    calls.customer[slot] = customer;
    this.sessions++;
    this.decideSession(slot, index, customer);
    const ev = center.ev;
    ev.at[0] = ev.now + calls.botSeconds[slot];
    ev.scheduleAt(EV_BOT_END, slot);
    return true;
  }

  /** The world and the engine decide the bot session of call `index` (all draws keyed by it). */
  private decideSession(slot: number, index: number, customer: number): void {
    const bot = this.m.bot!;
    const calls = this.center.calls;
    const b = this.botStream;
    const dist = this.m.botSession!;
    dist.draw(this.botTimeStream, index);
    const length = dist.out[0];
    const reason = this.reasons.of(index, customer, false);
    calls.reason[slot] = reason;
    const style = this.center.model.world!.customers.style[customer];
    const hangup = this.nullWorld ? 0 : bot.hangup * (style === DRIVER ? 2 : style === AMIABLE ? 0.5 : 1);
    if (b.uniform(index, 0) < hangup) {
      calls.bot[slot] = BOT_HANGUP;
      calls.botSeconds[slot] = length * b.uniform(index, 1);
      return;
    }
    // What the bot's recognition hears, and how sure it is (correct readings are surer on average).
    const correct = b.uniform(index, 2) < bot.nluAccuracy;
    const heard = correct ? reason : (reason + 1 + Math.floor(b.uniform(index, 3) * (INTENT_COUNT - 1))) % INTENT_COUNT;
    const u = b.uniform(index, 4);
    const confidence = correct ? 1 - 0.5 * u * u : 0.9 * u;
    calls.trueIntent[slot] = reason;
    calls.heardIntent[slot] = heard;
    calls.botSeconds[slot] = length;
    const decision = this.handoff!.decide(heard, confidence, this.predicted !== null ? this.predicted[customer] : NaN);
    if (decision === HANDOFF_CONTAIN) {
      // The bot tries to settle the need it heard: settled only if that was the need, and it is one the bot can settle.
      if (heard === reason && b.uniform(index, 5) < bot.containment * RESOLVABLE[reason]) {
        calls.bot[slot] = BOT_CONTAINED;
        return;
      }
      calls.frustrated[slot] = 1;
      calls.bot[slot] = BOT_HANDOFF;
      return;
    }
    calls.bot[slot] = decision === HANDOFF_PRIORITY ? BOT_HANDOFF_PRIORITY : BOT_HANDOFF;
  }

  private onBotEnd(slot: number): void {
    this.sessions--;
    const center = this.center;
    const calls = center.calls;
    const measured = center.isMeasured(slot);
    const st = this.stats;
    const result = calls.bot[slot];
    if (measured) {
      st.botSessions++;
      st.botSeconds += calls.botSeconds[slot];
    }
    if (result === BOT_CONTAINED || result === BOT_HANGUP) {
      const key = calls.index[slot];
      const base = center.model.world!.outcome.satisfactionBase;
      const sat = clamp(base + (result === BOT_CONTAINED ? 6 : -30) + 16 * (this.botStream.uniform(key, 6) - 0.5));
      calls.satisfaction[slot] = sat;
      if (measured) {
        if (result === BOT_CONTAINED) st.contained++;
        else st.botHangups++;
      }
      st.contact(sat, false, measured);
      center.endInBot(slot);
      return;
    }
    if (measured) {
      st.handoffs++;
      if (result === BOT_HANDOFF_PRIORITY) st.priorityHandoffs++;
    }
    center.handOff(slot, result === BOT_HANDOFF_PRIORITY);
  }

  /**
   * A handoff finds no agent free: does the caller wait on the line (false) or take a call back
   * (true: they keep their place and do not abandon)? The engine decides whether to offer; the
   * world whether the caller accepts.
   */
  offersCallback(slot: number, queueLength: number, measured: boolean): boolean {
    if (this.handoff === null || this.handoff.whenNoHuman(queueLength) !== NO_HUMAN_CALLBACK) return false;
    const accepted = this.botStream.uniform(this.center.calls.index[slot], 7) < this.m.bot!.callbackAcceptance;
    if (measured) {
      this.stats.callbacksOffered++;
      if (accepted) this.stats.callbacksAccepted++;
    }
    return accepted;
  }

  // ---- Human conversations: sentiment, alerts, supervisors, complaints. ----

  /**
   * A human conversation starts on `slot` (talk and handle times decided, `measured` as the sales
   * books count it). Draws the customer's sentiment over the turns, lets the engine read it, and
   * schedules the alert at its turn.
   */
  conversationStarts(slot: number, measured: boolean): void {
    const center = this.center;
    const calls = center.calls;
    if (slot >= this.counted.length) this.counted = grow(this.counted, center.calls.capacity);
    this.counted[slot] = measured ? 1 : 0;
    const key = calls.index[slot];
    const customer = calls.customer[slot];
    const outbound = calls.outbound[slot] === 1;
    if (calls.reason[slot] < 0) calls.reason[slot] = this.reasons.of(key, customer, outbound);
    const reason = calls.reason[slot];
    const st = this.stats;
    if (measured) {
      st.humanConversations++;
      st.humanHandleSum += calls.handle[slot];
      if (isComplex(reason)) {
        st.complexConversations++;
        st.complexHandleSum += calls.handle[slot];
      }
    }
    const sm = this.m.sentiment;
    const sentimentKey = outbound ? -1 - key : key; // outbound attempts in their own key space
    const now = center.ev.now;
    const wait = now - (outbound ? center.dialer!.answeredAt[slot] : calls.arrival[slot]);
    let s = sm.base - (wait / 60) * sm.perWaitMinute;
    if (center.model.world!.customers.style[customer] === DRIVER) s -= sm.driver;
    if (reason === Intent.COMPLAINT) s -= sm.irritation;
    if (calls.frustrated[slot] === 1 && !this.nullWorld) s -= this.m.bot!.frustration;
    const mon = this.monitor;
    const sent = this.sentimentStream;
    const noise = this.m.supervision ? this.m.supervision.observationNoise : 0;
    let alertTurn = -1;
    if (mon !== null) mon.start();
    for (let k = 0; k < TURNS; k++) {
      s += sm.drift + sm.volatility * normalQuantileFast(sent.uniform(sentimentKey, 2 * k));
      if (mon !== null && mon.observe(s + noise * normalQuantileFast(sent.uniform(sentimentKey, 2 * k + 1))) && alertTurn < 0) alertTurn = k;
    }
    calls.sentiment[slot] = s;
    if (alertTurn >= 0) {
      const ev = center.ev;
      ev.at[0] = now + (calls.talk[slot] * (alertTurn + 1)) / (TURNS + 1);
      ev.scheduleAt(EV_ALERT, slot);
    }
  }

  /** The alert's turn: a calming script for the agent and, if one is free, a supervisor joins. */
  private onAlert(slot: number): void {
    const center = this.center;
    const calls = center.calls;
    const measured = this.counted[slot] === 1;
    calls.alert[slot] = 0;
    if (measured) this.stats.alerts++;
    if (this.freeSupervisors <= 0) return;
    this.freeSupervisors--;
    calls.alert[slot] = 1;
    if (measured) this.stats.interventions++;
    const ev = center.ev;
    const t = this.m.interventionTime!;
    t.draw(this.supervisorStream, calls.outbound[slot] === 1 ? -1 - calls.index[slot] : calls.index[slot]);
    this.stats.supervisorBusy(1, ev.now);
    ev.at[0] = ev.now + t.out[0];
    ev.scheduleAt(EV_SUPERVISOR_DONE, 0);
  }

  /**
   * The human conversation on `slot` ends: the customer complains or not, from their final
   * sentiment after any calming script and supervisor; satisfaction moves with the sentiment.
   * Updates the call's satisfaction before its record is written.
   */
  conversationEnds(slot: number): void {
    const calls = this.center.calls;
    const s0 = calls.sentiment[slot];
    if (s0 !== s0) return;
    const sup = this.m.supervision;
    const alert = calls.alert[slot];
    let s = s0;
    if (sup !== null && alert >= 0 && !this.nullWorld) s += sup.calmingLift + (alert === 1 ? sup.interventionLift : 0);
    const sm = this.m.sentiment;
    const key = calls.outbound[slot] === 1 ? -1 - calls.index[slot] : calls.index[slot];
    const p = s < 0 ? -s * sm.complaintSlope : 0;
    const complaint = this.complaintStream.uniform(key, 0) < p;
    calls.complaint[slot] = complaint ? 1 : 0;
    const before = calls.satisfaction[slot];
    const sat = clamp(before + SATISFACTION_PER_SENTIMENT * (s - sm.base) - (complaint ? COMPLAINT_SATISFACTION : 0));
    calls.satisfaction[slot] = sat;
    const measured = this.counted[slot] === 1;
    this.center.sales!.adjustSatisfaction(sat - before, measured);
    this.stats.contact(sat, complaint, measured);
  }

  /** The bot's own sales conversation counted as a contact (bot-campaign.ts). */
  botContact(out: Float64Array, measured: boolean): void {
    this.stats.contact(out[OUT_SATISFACTION], false, measured);
  }

  openWindow(): void {
    this.stats.openWindow(this.center.ev.now);
  }

  closeWindow(): void {
    this.stats.closeWindow(this.center.ev.now);
  }
}

/**
 * The value cuts the engine works with, computed once per set of predictions (they sort the whole
 * population): the upper quartile (high value) and the bot rule's threshold (low value).
 */
const cuts = new WeakMap<ArrayLike<number>, { high: number; low: number }>();
function valueCuts(predicted: Float32Array | Float64Array, rule: Parameters<typeof botThreshold>[1] | null): { high: number; low: number } {
  let c = cuts.get(predicted);
  if (c === undefined) cuts.set(predicted, (c = { high: valueQuantile(predicted, 0.75), low: NaN }));
  if (rule !== null && c.low !== c.low) c.low = botThreshold(predicted, rule);
  return c;
}

function clamp(x: number): number {
  return x < 0 ? 0 : x > 100 ? 100 : x;
}

function grow(a: Uint8Array, min: number): Uint8Array {
  const b = new Uint8Array(Math.max(min, a.length * 2, 64));
  b.set(a);
  return b;
}
