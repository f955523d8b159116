/**
 * The bot's own follow-up of low-value leads: the leads the prioritisation marks for the bot
 * (engine/priority.ts; Dialer.toBot) are called by the AI voice bot only, on its own lines, inside
 * the same calling windows, with the same retry delays and attempt limit as the human campaign.
 * The bot answers its own calls at once (no agent to wait for, so no abandoned calls) and knows a
 * machine when it hears one (no AMD). On a live right-party answer it talks with the lead; the
 * handoff policy (engine/handoff.ts) decides from what it heard whether to keep the lead (it
 * pitches itself and sells with `saleFactor` of a human's chance) or to hand it back to the human
 * campaign at the top of its list (a warm lead for an agent's call), the way bots qualify leads.
 *
 * The line's truth uses its own keyed streams ('bot-attempt', ...), keyed by lead and bot attempt:
 * the human campaign's draws for the same lead are untouched. Attempts live in a small slot table
 * of `outboundLines` entries; nothing is allocated per call.
 */
import { HANDOFF_CONTAIN } from '../../engine/handoff.ts';
import type { BotSpec } from '../../scenarios/collab-schema.ts';
import type { Center } from '../center.ts';
import { INTENT_COUNT } from '../conversation/intents.ts';
import { IntList } from '../kernel/int-list.ts';
import { OUT_CONVERTED, OUT_REVENUE } from '../outcome.ts';
import { KeyedStream } from '../random/stream.ts';
import { AttemptTruth, ATTEMPT_SLOTS, OUT_BUSY, OUT_INVALID, OUT_LIVE, OUT_MACHINE, type AttemptColumns } from '../outbound/attempt-truth.ts';
import { DONE_INVALID, DONE_MAX_ATTEMPTS, DONE_REACHED, LEAD_DONE } from '../outbound/leads.ts';
import { LeadScheduler } from '../outbound/lead-scheduler.ts';
import type { Dialer } from '../outbound/dialer.ts';
import type { Collaboration } from './collaboration.ts';
import { ARM_TREATMENT } from '../pilot.ts';
import { EV_BOT_RESOLVE, EV_BOT_TALK_END, EV_BOT_TICK } from './collaboration.ts';

const DRIVER = 1;
const AMIABLE = 2;

export class BotCampaign {
  readonly scheduler: LeadScheduler;
  private readonly center: Center;
  private readonly collab: Collaboration;
  private readonly dialer: Dialer;
  private readonly bot: BotSpec;
  private readonly truth: AttemptTruth;
  private readonly lines: number;
  private readonly free: IntList;
  private readonly lead: Int32Array;
  private readonly entity: Int32Array;
  private readonly cols: AttemptColumns;
  /** Bot attempts made per lead (apart from the human campaign's). */
  private readonly attempts: Uint8Array;
  private readonly stream: KeyedStream;
  private readonly talkStream: KeyedStream;
  private readonly stopAt: number;
  private active = 0;
  private stopped = false;

  constructor(center: Center, collab: Collaboration, bot: BotSpec, replication: number) {
    this.center = center;
    this.collab = collab;
    this.dialer = center.dialer!;
    this.bot = bot;
    const m = this.dialer.m;
    const seed = center.model.seed;
    const leads = this.dialer.leads;
    this.scheduler = new LeadScheduler(leads, this.dialer.clocks, m.windowFrom, m.windowTo);
    this.truth = new AttemptTruth(m, leads, this.dialer.clocks, seed, replication, 'bot-');
    this.lines = bot.outboundLines;
    const n = this.lines;
    this.free = new IntList(n);
    for (let i = 0; i < n; i++) this.free.push(i);
    this.lead = new Int32Array(n).fill(-1);
    this.entity = new Int32Array(n);
    this.cols = { outcome: new Uint8Array(n), rightParty: new Uint8Array(n), amdHangup: new Uint8Array(n), resolveAfter: new Float64Array(n), ringSeconds: new Float64Array(n) };
    this.attempts = new Uint8Array(leads.count);
    this.stream = new KeyedStream(seed, replication, 'bot-outbound');
    this.talkStream = new KeyedStream(seed, replication, 'bot-outbound-time');
    this.stopAt = center.model.horizonSeconds;
  }

  /** Takes over the leads the dialer set aside for the bot, in the dialer's priority order. */
  start(): void {
    const toBot = this.dialer.toBot;
    if (toBot === null) {
      this.stopped = true;
      return;
    }
    const leads = this.dialer.leads;
    const human = this.dialer.scheduler.priority;
    const pilot = this.collab.botArmOnly ? this.center.pilot! : null;
    for (let i = 0; i < toBot.length; i++) {
      if (toBot[i] !== 1 || leads.dnc[i] === 1) continue;
      leads.done[i] = 0;
      // In a bot pilot the baseline arm's low-value leads stay with the people.
      if (pilot !== null && pilot.leadArm(i) !== ARM_TREATMENT) {
        toBot[i] = 0;
        this.dialer.scheduler.schedule(i, 0);
        continue;
      }
      this.scheduler.priority[i] = human[i];
      this.scheduler.schedule(i, 0);
    }
    this.syncDialer();
    this.center.ev.schedule(0, EV_BOT_TICK, 0);
  }

  get done(): boolean {
    return this.stopped && this.active === 0;
  }

  handle(kind: number, data: number): void {
    if (kind === EV_BOT_RESOLVE) this.onResolve(data);
    else if (kind === EV_BOT_TALK_END) this.onTalkEnd(data);
    else if (kind === EV_BOT_TICK) this.onTick();
  }

  private onTick(): void {
    const now = this.center.ev.now;
    if (!this.stopped && (now >= this.stopAt || (this.scheduler.pending === 0 && this.active === 0))) this.stopped = true;
    this.syncDialer();
    if (this.stopped) return;
    this.dial();
    this.center.ev.schedule(now + this.dialer.m.tickSeconds, EV_BOT_TICK, 0);
  }

  /** Dials due leads while a bot line and a bot session are free. */
  private dial(): void {
    const center = this.center;
    const ev = center.ev;
    const now = ev.now;
    if (this.stopped || now >= this.stopAt) return;
    while (this.active < this.lines && this.collab.botFree > 0) {
      const lead = this.scheduler.take(now);
      if (lead < 0) return;
      const slot = this.free.shift();
      const no = this.attempts[lead]++;
      const entity = lead * ATTEMPT_SLOTS + no;
      this.lead[slot] = lead;
      this.entity[slot] = entity;
      this.active++;
      this.collab.sessions++;
      if (center.stats.isMeasuring) this.collab.stats.botDials++;
      // The bot hears the pickup itself: no AMD (agentOnLine).
      this.truth.decide(slot, lead, entity, now, true, this.cols);
      ev.at[0] = now + this.cols.resolveAfter[slot];
      ev.scheduleAt(EV_BOT_RESOLVE, slot);
    }
  }

  private onResolve(slot: number): void {
    const c = this.cols;
    const outcome = c.outcome[slot];
    const m = this.dialer.m;
    if (outcome === OUT_LIVE && c.rightParty[slot] === 1) {
      this.converse(slot);
      return;
    }
    const delay = outcome === OUT_INVALID ? -1 : outcome === OUT_LIVE ? m.delays.wrongParty : outcome === OUT_MACHINE ? m.delays.machine : outcome === OUT_BUSY ? m.delays.busy : m.delays.noAnswer;
    this.release(slot, delay);
  }

  /** A live right-party answer: hang-up, the bot's own pitch, or the lead back to the humans. */
  private converse(slot: number): void {
    const collab = this.collab;
    const st = collab.stats;
    const center = this.center;
    const lead = this.lead[slot];
    const entity = this.entity[slot];
    const measured = center.stats.isMeasuring;
    const bot = this.bot;
    const s = this.stream;
    const dist = collab.m.botSession!;
    dist.draw(this.talkStream, entity);
    const length = dist.out[0];
    if (measured) {
      st.botSessions++;
      st.botConversations++;
    }
    const style = center.model.world!.customers.style[lead];
    const hangup = center.model.world!.outcome.nullWorld ? 0 : bot.hangup * (style === DRIVER ? 2 : style === AMIABLE ? 0.5 : 1);
    let talk = length;
    let result = 0; // 0 kept, 1 hung up, 2 handed to humans
    if (s.uniform(entity, 0) < hangup) {
      talk = length * s.uniform(entity, 1);
      result = 1;
    } else {
      const reason = collab.reasons.of(entity, lead, true);
      const correct = s.uniform(entity, 2) < bot.nluAccuracy;
      const heard = correct ? reason : (reason + 1 + Math.floor(s.uniform(entity, 3) * (INTENT_COUNT - 1))) % INTENT_COUNT;
      const u = s.uniform(entity, 4);
      const confidence = correct ? 1 - 0.5 * u * u : 0.9 * u;
      const world = center.model.world!;
      const value = world.valuesPredicted ? world.profiles.predictedValue[lead] : NaN;
      result = collab.handoff!.decide(heard, confidence, value) === HANDOFF_CONTAIN ? 0 : 2;
    }
    if (measured) st.botSeconds += talk;
    if (result === 1) {
      if (measured) {
        st.botHangups++;
        st.botOutboundHangups++;
      }
      const base = center.model.world!.outcome.satisfactionBase;
      st.contact(Math.max(0, base - 30 + 16 * (s.uniform(entity, 6) - 0.5)), false, measured);
    } else if (result === 2) {
      if (measured) {
        st.handoffs++;
        st.botLeadHandoffs++;
      }
    } else {
      const outcome = center.outcome!;
      outcome.decideBot(entity, lead, center.model.world!.outcome.nullWorld ? 1 : bot.saleFactor);
      if (measured) {
        st.contained++;
        st.botConversions += outcome.out[OUT_CONVERTED];
        st.botRevenue += outcome.out[OUT_REVENUE];
      }
      collab.botContact(outcome.out, measured);
    }
    // The lead's fate is settled now (handed back, or done); the line stays busy for the talk.
    this.lead[slot] = -1;
    const leads = this.dialer.leads;
    if (result === 2) {
      this.dialer.requeueFromBot(lead);
    } else {
      leads.status[lead] = LEAD_DONE;
      leads.done[lead] = DONE_REACHED;
    }
    const ev = center.ev;
    ev.at[0] = ev.now + talk;
    ev.scheduleAt(EV_BOT_TALK_END, slot);
  }

  private onTalkEnd(slot: number): void {
    this.active--;
    this.collab.sessions--;
    this.free.push(slot);
    this.syncDialer();
    this.dial();
  }

  /** An attempt without a conversation ends: retry after `delay` seconds (-1: invalid number) if attempts remain. */
  private release(slot: number, delay: number): void {
    const lead = this.lead[slot];
    const leads = this.dialer.leads;
    if (delay < 0) {
      leads.status[lead] = LEAD_DONE;
      leads.done[lead] = DONE_INVALID;
    } else if (this.attempts[lead] >= this.dialer.m.maxAttempts) {
      leads.status[lead] = LEAD_DONE;
      leads.done[lead] = DONE_MAX_ATTEMPTS;
    } else {
      this.scheduler.schedule(lead, this.center.ev.now + delay);
    }
    this.lead[slot] = -1;
    this.active--;
    this.collab.sessions--;
    this.free.push(slot);
    this.syncDialer();
    this.dial();
  }

  /** The human dialer must not finish while leads it may get back are still with the bot. */
  private syncDialer(): void {
    this.dialer.externalPending = this.stopped ? 0 : this.scheduler.pending + this.active;
  }
}
