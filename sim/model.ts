/**
 * Scenario → model: the validated scenario (plain data) is compiled once into the numeric form the
 * event loop reads: rates per second, times of day in seconds, compiled distributions. Workers
 * receive the scenario and compile it themselves (a Model holds class instances, which do not
 * survive structured cloning).
 */
import { DEFAULT_HOUR_FACTORS, resolveCompliance, type CompliancePack, type OutboundSpec } from '../scenarios/outbound-schema.ts';
import type { Scenario } from '../scenarios/schema.ts';
import type { PacingSpec } from '../engine/pacing.ts';
import { Calendar, parseTimeOfDay, WEEKDAYS } from './calendar.ts';
import type { LeadColumnsInput } from './outbound/leads.ts';
import { extractProfiles, type ProfileTable } from '../engine/profile.ts';
import type { RoutingSpec } from '../engine/routing.ts';
import type { AssistSpec, OutcomeSpec, PrioritySpec } from '../scenarios/world-schema.ts';
import type { IntentModel } from '../engine/intent.ts';
import { CustomerPopulation } from './customers.ts';
import { Dist } from './random/dist.ts';
import { armAssist } from '../scenarios/pilot-variants.ts';

/** Agent channel bits. */
export const CHANNEL_INBOUND = 1;
export const CHANNEL_OUTBOUND = 2;

export interface ArrivalModel {
  /** Seconds after local midnight at which each rate starts; before the first, the rate is 0. */
  fromSeconds: Float64Array;
  /** Arrivals per second from the matching `fromSeconds`. */
  ratePerSecond: Float64Array;
  /** Multiplier per weekday, indexed like WEEKDAYS (sun = 0). */
  weekdayFactors: Float64Array;
  /** Gamma day-to-day volume multiplier (mean 1), or null for none. */
  dailyVolume: Dist | null;
}

export interface BreakModel {
  /** Start window in seconds after local midnight of the shift's day (may exceed 86400 for overnight shifts). */
  from: number;
  to: number;
  seconds: number;
}

export interface ShiftModel {
  start: number;
  /** End in seconds after the shift day's midnight; > start (overnight shifts end after 86400). */
  end: number;
  /** On duty on these weekdays (index like WEEKDAYS), judged by the day the shift starts. */
  days: Uint8Array;
  breaks: BreakModel[];
}

export interface GroupModel {
  name: string;
  count: number;
  /** CHANNEL_* bits: the work the group takes. */
  channels: number;
  /** First agent id of the group; the group's agents are contiguous. */
  firstAgent: number;
  shift: ShiftModel | null;
}

export interface InboundModel {
  arrivals: ArrivalModel;
  talk: Dist;
  wrap: Dist | null;
  patience: Dist | null;
  /** Waiting places; Infinity when unlimited, 0 for a loss system. */
  queueCapacity: number;
}

export interface Model {
  name: string;
  seed: number;
  replications: number;
  calendar: { start: string; timeZone: string };
  /** Arrivals stop after this many calls (Infinity when the horizon is in time). */
  horizonCalls: number;
  /** Arrivals stop at this simulated time (Infinity when the horizon is in calls). */
  horizonSeconds: number;
  warmupCalls: number;
  warmupSeconds: number;
  slSeconds: number;
  intervalSeconds: number;
  seriesEnabled: boolean;
  histogram: { binSeconds: number; maxSeconds: number };
  inbound: InboundModel | null;
  outbound: OutboundModel | null;
  groups: GroupModel[];
  agentCount: number;
  /** Customers, their profiles and the outcome model's parameters, when the scenario has a population. */
  world: WorldModel | null;
  routing: RoutingSpec;
  /** The validated scenario (agent skills are read from it). */
  scenario: Scenario;
}

export interface WorldModel {
  customers: CustomerPopulation;
  /** The engine's profiles of the customers (observable data only), computed once. */
  profiles: ProfileTable;
  outcome: OutcomeSpec;
  /** Prioritisation settings, when the scenario ranks customers by predicted value. */
  priority: PrioritySpec | null;
  /** True once prepareModel has filled profiles.predictedValue (the value model runs asynchronously). */
  valuesPredicted: boolean;
  /** Script assist settings, when the scenario has assist. */
  assist: AssistSpec | null;
  /** The intent model behind assist, loaded by prepareModel. */
  intentModel: IntentModel | null;
  /** The AI voice bot, supervision, customer sentiment and costs (sim/collab/), when the scenario has any of them. */
  collab: CollabModel | null;
}

export interface OutboundModel {
  leads: LeadColumnsInput;
  /** Hidden behaviour (the world's truth). */
  answer: number;
  /** Answer multiplier by the lead's local hour (24 entries) and weekday (like WEEKDAYS). */
  hourFactors: Float64Array;
  weekdayFactors: Float64Array;
  mobileFactor: number;
  busy: number;
  machine: number;
  rightParty: number;
  ringTime: Dist;
  noAnswerTimeout: number;
  greeting: Dist;
  amd: { enabled: boolean; falsePositiveRate: number; falseNegativeRate: number };
  talk: Dist;
  wrongParty: Dist;
  machineTime: Dist;
  wrap: Dist;
  maxAttempts: number;
  /** Retry delays in seconds by the outcome of the last attempt. */
  delays: { noAnswer: number; busy: number; machine: number; abandoned: number; wrongParty: number; amdHangup: number };
  /** Calling window, seconds after the lead's local midnight. */
  windowFrom: number;
  windowTo: number;
  pacing: PacingSpec;
  /** Agent time logging an attempt that did not connect (agent-driven policies). */
  dispositionSeconds: number;
  /** A split center's treatment arm paces with this (scenario pilot.treatment.pacing; unit agents), or null. */
  treatmentPacing: { pacing: PacingSpec; dispositionSeconds: number } | null;
  tickSeconds: number;
  compliance: CompliancePack;
  inboundReserve: number;
}

import { compileCollab, type CollabModel } from './collab/collab-model.ts';

export function compileModel(s: Scenario): Model {
  const hasIn = s.inbound !== undefined;
  const hasOut = s.outbound !== undefined;
  const allChannels = (hasIn ? CHANNEL_INBOUND : 0) | (hasOut ? CHANNEL_OUTBOUND : 0);
  const groups: GroupModel[] = [];
  let firstAgent = 0;
  for (const g of s.agents) {
    let shift: ShiftModel | null = null;
    if (g.shift) {
      const start = parseTimeOfDay(g.shift.start);
      let end = parseTimeOfDay(g.shift.end);
      if (end <= start) end += 86400;
      const days = new Uint8Array(7);
      const listed = g.shift.days ?? WEEKDAYS;
      for (const d of listed) days[WEEKDAYS.indexOf(d as (typeof WEEKDAYS)[number])] = 1;
      const onShift = (sod: number) => (sod < start ? sod + 86400 : sod);
      const breaks: BreakModel[] = (g.breaks ?? []).map((b) => {
        const from = onShift(parseTimeOfDay('at' in b && b.at !== undefined ? b.at : (b as { from: string }).from));
        const to = 'to' in b && b.to !== undefined ? onShift(parseTimeOfDay(b.to)) : from;
        return { from, to: to < from ? to + 86400 : to, seconds: b.minutes * 60 };
      });
      breaks.sort((a, b) => a.from - b.from);
      shift = { start, end, days, breaks };
    }
    const channels = g.channels
      ? g.channels.reduce((bits, c) => bits | (c === 'inbound' ? CHANNEL_INBOUND : CHANNEL_OUTBOUND), 0)
      : allChannels;
    groups.push({ name: g.group, count: g.count, channels, firstAgent, shift });
    firstAgent += g.count;
  }

  return {
    name: s.name,
    seed: s.seed,
    replications: s.replications,
    calendar: { start: s.calendar.start, timeZone: s.calendar.timeZone },
    horizonCalls: 'calls' in s.horizon && s.horizon.calls !== undefined ? s.horizon.calls : Infinity,
    horizonSeconds: 'hours' in s.horizon && s.horizon.hours !== undefined ? s.horizon.hours * 3600 : Infinity,
    warmupCalls: s.warmup && 'calls' in s.warmup && s.warmup.calls !== undefined ? s.warmup.calls : 0,
    warmupSeconds: s.warmup && 'hours' in s.warmup && s.warmup.hours !== undefined ? s.warmup.hours * 3600 : 0,
    slSeconds: s.serviceLevel.seconds,
    intervalSeconds: s.series.intervalMinutes * 60,
    seriesEnabled: s.series.enabled,
    histogram: { binSeconds: s.histogram.binSeconds, maxSeconds: s.histogram.maxSeconds },
    inbound: s.inbound ? compileInbound(s.inbound) : null,
    outbound: s.outbound ? compileOutbound(s.outbound, s.calendar.timeZone, s.pilot?.treatment.pacing ?? null) : null,
    groups,
    agentCount: firstAgent,
    world: s.customers ? compileWorld(s) : null,
    routing: { policy: s.routing.policy, weights: { ...s.routing.weights }, candidatesPerGroup: s.routing.candidatesPerGroup },
    scenario: s,
  };
}

/**
 * The population is a function of the seed alone (the same customers in every replication and
 * variant); an outbound list is its first customers, so it has at least as many as the list.
 */
function compileWorld(s: Scenario): WorldModel {
  const spec = s.customers!;
  const listSize = s.outbound?.leads.count ?? 0;
  const customers = new CustomerPopulation(spec, s.seed, Math.max(spec.count, listSize));
  return {
    customers,
    profiles: extractProfiles(customers),
    outcome: s.outcome,
    priority: s.priority ?? null,
    valuesPredicted: false,
    // In a pilot the center's own session serves the baseline arm, or the treatment's when only it has assist (sim/pilot.ts).
    assist: pilotAssistSpec(s),
    intentModel: null,
    collab: compileCollab(s),
  };
}

function compileInbound(inb: NonNullable<Scenario['inbound']>): InboundModel {
  const arrivals = inb.arrivals;
  const profile = 'profile' in arrivals
    ? arrivals.profile.map((p) => ({ from: parseTimeOfDay(p.from), perHour: p.perHour }))
    : [{ from: 0, perHour: arrivals.perHour }];
  const cv = arrivals.dailyVariation?.cv ?? 0;
  return {
    arrivals: {
      fromSeconds: Float64Array.from(profile.map((p) => p.from)),
      ratePerSecond: Float64Array.from(profile.map((p) => p.perHour / 3600)),
      weekdayFactors: weekdayArray(arrivals.weekdayFactors as Partial<Record<string, number>> | undefined),
      dailyVolume: cv > 0 ? new Dist({ dist: 'gamma', mean: 1, cv }) : null,
    },
    talk: new Dist(inb.handleTime ?? inb.talkTime!),
    wrap: inb.handleTime ? null : inb.wrapTime ? new Dist(inb.wrapTime) : null,
    patience: inb.patience ? new Dist(inb.patience) : null,
    queueCapacity: inb.queue?.capacity ?? Infinity,
  };
}

function compilePacing(p: OutboundSpec['pacing']): PacingSpec {
  return p.policy === 'preview' ? { policy: 'preview', previewSeconds: p.previewSeconds }
    : p.policy === 'manual' ? { policy: 'manual', dialSeconds: p.dialSeconds }
    : p.policy === 'progressive' ? { policy: 'progressive', ratio: p.ratio }
    : p.policy === 'fixed-buffer' ? { policy: 'fixed-buffer', buffer: p.buffer, maxLinesPerAgent: p.maxLinesPerAgent, initialAnswerRate: p.initialAnswerRate }
    : { policy: 'predictive', targetAbandonRate: p.targetAbandonRate, safetyMargin: p.safetyMargin, maxLinesPerAgent: p.maxLinesPerAgent, initialAnswerRate: p.initialAnswerRate };
}

function dispositionSeconds(p: OutboundSpec['pacing']): number {
  return p.policy === 'preview' || p.policy === 'manual' ? p.dispositionSeconds : 0;
}

function compileOutbound(o: OutboundSpec, calendarZone: string, treatment: OutboundSpec['pacing'] | null): OutboundModel {
  const l = o.leads;
  const zones = l.timeZones ? l.timeZones.map((z) => z.zone) : [calendarZone];
  const segments = l.segments ? l.segments.map((x) => x.name) : ['all'];
  const hourFactors = new Float64Array(24);
  for (let h = 0; h < 24; h++) {
    const key = String(h).padStart(2, '0');
    hourFactors[h] = o.behaviour.hourFactors?.[key] ?? DEFAULT_HOUR_FACTORS[key] ?? 1;
  }
  const min = 60;
  const d = o.retries.delayMinutes;
  const p = o.pacing;
  const pacing = compilePacing(p);
  return {
    leads: {
      zones,
      segments,
      generate: l.count !== undefined
        ? {
            count: l.count,
            zoneShares: l.timeZones ? l.timeZones.map((z) => z.share) : [1],
            segmentShares: l.segments ? l.segments.map((x) => x.share) : [1],
            mobileShare: l.mobileShare,
            value: new Dist(l.value),
            dncShare: l.doNotCallShare,
          }
        : undefined,
      file: l.file,
      answerSpread: o.behaviour.answerSpread,
      invalidShare: o.behaviour.invalid,
    },
    answer: o.behaviour.answer,
    hourFactors,
    weekdayFactors: weekdayArray(o.behaviour.weekdayFactors as Partial<Record<string, number>>),
    mobileFactor: o.behaviour.mobileFactor,
    busy: o.behaviour.busy,
    machine: o.behaviour.machine,
    rightParty: o.behaviour.rightParty,
    ringTime: new Dist(o.ringTime),
    noAnswerTimeout: o.noAnswerTimeout,
    greeting: new Dist(o.greeting),
    amd: { enabled: o.amd.enabled, falsePositiveRate: o.amd.falsePositiveRate, falseNegativeRate: o.amd.falseNegativeRate },
    talk: new Dist(o.talkTime),
    wrongParty: new Dist(o.wrongPartyTime),
    machineTime: new Dist(o.machineTime),
    wrap: new Dist(o.wrapTime),
    maxAttempts: o.retries.maxAttempts,
    delays: {
      noAnswer: d.noAnswer * min,
      busy: d.busy * min,
      machine: d.machine * min,
      abandoned: d.abandoned * min,
      wrongParty: d.wrongParty * min,
      amdHangup: d.amdHangup * min,
    },
    windowFrom: parseTimeOfDay(o.callingHours.from),
    windowTo: parseTimeOfDay(o.callingHours.to),
    pacing,
    dispositionSeconds: dispositionSeconds(p),
    treatmentPacing: treatment ? { pacing: compilePacing(treatment), dispositionSeconds: dispositionSeconds(treatment) } : null,
    tickSeconds: p.tickSeconds,
    compliance: resolveCompliance(o.compliance),
    inboundReserve: o.blend.inboundReserve,
  };
}

/** A weekday record (mon..sun keys) to an array indexed like WEEKDAYS (sun = 0), missing days 1. */
function weekdayArray(factors: Partial<Record<string, number>> | undefined): Float64Array {
  const out = new Float64Array(7).fill(1);
  WEEKDAYS.forEach((d, i) => {
    const f = factors?.[d];
    if (f !== undefined) out[i] = f;
  });
  return out;
}

export function makeCalendar(m: Model): Calendar {
  return new Calendar(m.calendar.start, m.calendar.timeZone);
}

/** The assist settings the center's session is built from: the baseline arm's, else the treatment arm's, else none. */
function pilotAssistSpec(s: Scenario): AssistSpec | null {
  const arms = armAssist(s);
  return arms.baseline ?? arms.treatment;
}
