// The scenario file format: one zod schema per concept, strict objects everywhere (a typo is an error, never a silently
// ignored field), defaults applied by zod. `load.ts` reads files, resolves `extends`, applies overrides and turns zod
// issues into one-line messages; this module only describes what a valid scenario is.
//
// Error-message convention: every custom `error` in this file is the *expected* phrase of a message
// ("a number > 0", "one of mon, tue, ..."), which load.ts renders as `<field>: expected <phrase>, found <value>`.
// Refinements may pass `params: { found: '...' }` to describe what was found when the raw value would not say it, and
// `params: { value }` with the checked value, reported as "<value> (the default)" when the field was not written.
//
// Extending (later issues): the objects are exported both unrefined (`*Object`, extendable with `.extend(...)`) and
// refined (`*Spec`); re-apply the exported refinement functions after extending, e.g.
//   scenarioObject.extend({ outbound: outboundSpec.optional() }).superRefine(refineScenario)

import { z } from 'zod';
import { outboundSpec, resolveCompliance, type OutboundSpec } from './outbound-schema.ts';
import { agentSkillsSpec, assistSpec, customersSpec, outcomeSpec, prioritySpec, routingSpec } from './world-schema.ts';
import { pilotSpec, refinePilot, type PilotSpec } from './pilot-schema.ts';
import { botSpec, costsSpec, sentimentSpec, supervisionSpec } from './collab-schema.ts';
import {
  DIST_KINDS,
  distSpec,
  int,
  isValidLocalDateTime,
  isValidTimeZone,
  LOCAL_DATE_TIME_PHRASE,
  LOCAL_DATE_TIME_RE,
  num,
  SERIES_INTERVALS,
  timeOfDay,
  timeOfDayToMinutes,
  weekday,
  weekdayFactorsSpec,
  WEEKDAYS,
  type DistSpec,
  type Weekday,
  type WeekdayFactors,
} from './primitives.ts';

export {
  DIST_KINDS,
  distSpec,
  isValidTimeZone,
  SERIES_INTERVALS,
  timeOfDay,
  timeOfDayToMinutes,
  weekdayFactorsSpec,
  WEEKDAYS,
  type DistSpec,
  type Weekday,
  type WeekdayFactors,
};

// ---------------------------------------------------------------------------------------------------------------
// Calendar, horizon, warmup, statistics

export const calendarSpec = z
  .strictObject({
    start: z
      .string({ error: LOCAL_DATE_TIME_PHRASE })
      .regex(LOCAL_DATE_TIME_RE, { error: LOCAL_DATE_TIME_PHRASE })
      .refine(isValidLocalDateTime, { error: 'a valid calendar date and time' })
      .default('2026-01-05T00:00')
      .meta({ description: 'Local date-time of simulated time 0, "YYYY-MM-DDTHH:MM[:SS]".' }),
    timeZone: z
      .string({ error: 'an IANA time zone such as "Europe/London"' })
      .refine(isValidTimeZone, { error: 'an IANA time zone such as "Europe/London"' })
      .default('UTC')
      .meta({ description: 'IANA time zone of the calendar, e.g. "Europe/London".' }),
  })
  .prefault({})
  .meta({ description: 'Where simulated time 0 lies in local calendar time. Default: Monday 2026-01-05 00:00 UTC.' });
export type CalendarSpec = z.output<typeof calendarSpec>;

export const horizonSpec = z
  .union([z.strictObject({ calls: int({ min: 1 }) }), z.strictObject({ hours: num({ gt: 0 }) })], {
    error: 'exactly one of { calls: <integer >= 1> } or { hours: <number > 0> }',
  })
  .meta({ description: 'When a replication ends: after this many arrivals, or this many simulated hours.' });
export type HorizonSpec = z.output<typeof horizonSpec>;

export const warmupSpec = z
  .union([z.strictObject({ calls: int({ min: 0 }) }), z.strictObject({ hours: num({ min: 0 }) })], {
    error: 'exactly one of { calls: <integer >= 0> } or { hours: <number >= 0> }',
  })
  .meta({ description: 'Initial part of each replication excluded from statistics; same unit as horizon, smaller.' });
export type WarmupSpec = z.output<typeof warmupSpec>;

export const serviceLevelSpec = z
  .strictObject({
    seconds: num({ gt: 0 }).default(20).meta({ description: 'Service-level threshold: answered within this many seconds.' }),
  })
  .prefault({})
  .meta({ description: 'Service-level target definition. Default 20 seconds.' });
export type ServiceLevelSpec = z.output<typeof serviceLevelSpec>;

export const seriesSpec = z
  .strictObject({
    intervalMinutes: z
      .literal(SERIES_INTERVALS, { error: `one of ${SERIES_INTERVALS.join(', ')}` })
      .default(15)
      .meta({ description: 'Length of a time-series interval in minutes.' }),
    enabled: z.boolean({ error: 'true or false' }).default(true),
  })
  .prefault({})
  .meta({ description: 'Per-interval time series (e.g. 15-minute statistics).' });
export type SeriesSpec = z.output<typeof seriesSpec>;

export const histogramSpec = z
  .strictObject({
    binSeconds: num({ gt: 0 }).default(10).meta({ description: 'Width of a wait-time histogram bin (seconds).' }),
    maxSeconds: num({ gt: 0 }).default(600).meta({ description: 'Upper end of the last regular bin (seconds).' }),
  })
  .superRefine((h, ctx) => {
    const ratio = h.maxSeconds / h.binSeconds;
    if (ratio < 1 - 1e-9 || Math.abs(ratio - Math.round(ratio)) > 1e-9 * Math.max(1, ratio)) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxSeconds'],
        input: h.maxSeconds,
        message: `a multiple of binSeconds (${h.binSeconds})`,
        params: { value: h.maxSeconds },
      });
    }
  })
  .prefault({})
  .meta({ description: 'Wait-time histogram. Defaults: 10-second bins up to 600 seconds.' });
export type HistogramSpec = z.output<typeof histogramSpec>;

// ---------------------------------------------------------------------------------------------------------------
// Arrivals

export const profileEntrySpec = z.strictObject({
  from: timeOfDay,
  perHour: num({ min: 0 }).meta({ description: 'Arrival rate (calls per hour) from this time until the next entry.' }),
});
export type ProfileEntrySpec = z.output<typeof profileEntrySpec>;

export const profileSpec = z
  .array(profileEntrySpec, { error: 'a non-empty list of { from: "HH:MM", perHour: <number >= 0> }' })
  .min(1, { error: 'a non-empty list of { from: "HH:MM", perHour: <number >= 0> }' })
  .superRefine((entries, ctx) => {
    for (let i = 1; i < entries.length; i++) {
      if (timeOfDayToMinutes(entries[i].from) <= timeOfDayToMinutes(entries[i - 1].from)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'from'],
          input: entries[i].from,
          message: `a time after "${entries[i - 1].from}" (profile times must be strictly increasing)`,
        });
        return;
      }
    }
  })
  .meta({
    description:
      'Piecewise-constant rate over the local time of day; each entry holds until the next. Before the first entry the rate is 0.',
  });

export const dailyVariationSpec = z
  .strictObject({
    cv: num({ min: 0 }).meta({ description: 'Coefficient of variation of the gamma-distributed daily multiplier.' }),
  })
  .meta({ description: 'Random day-to-day level: each day the rate is multiplied by a gamma variate with mean 1.' });
export type DailyVariationSpec = z.output<typeof dailyVariationSpec>;

const arrivalsCommon = {
  weekdayFactors: weekdayFactorsSpec,
  dailyVariation: dailyVariationSpec.optional(),
};

export const constantArrivalsSpec = z.strictObject({
  perHour: num({ min: 0 }).meta({ description: 'Constant arrival rate, calls per hour.' }),
  ...arrivalsCommon,
});
export const profileArrivalsSpec = z.strictObject({ profile: profileSpec, ...arrivalsCommon });

export const arrivalsSpec = z
  .union([constantArrivalsSpec, profileArrivalsSpec], {
    error:
      'exactly one of perHour: <number >= 0> or profile: [{ from: "HH:MM", perHour: <number >= 0> }, ...] (optionally with weekdayFactors, dailyVariation)',
  })
  .meta({ description: 'Poisson arrivals: a constant rate (perHour) or a time-of-day profile.' });
export type ArrivalsSpec = z.output<typeof arrivalsSpec>;

// ---------------------------------------------------------------------------------------------------------------
// Inbound calls

export const queueSpec = z
  .strictObject({
    capacity: int({ min: 0 })
      .optional()
      .meta({ description: 'Waiting places; omitted = unlimited; 0 = loss system (Erlang B).' }),
  })
  .meta({ description: 'Queue limits.' });
export type QueueSpec = z.output<typeof queueSpec>;

/** The inbound object without its refinement: extend it, then apply `refineInbound`. */
export const inboundObject = z.strictObject({
  arrivals: arrivalsSpec,
  handleTime: distSpec.optional().meta({ description: 'Total handle time (talk + wrap-up). Use this or talkTime.' }),
  talkTime: distSpec.optional().meta({ description: 'Talk time; use with optional wrapTime instead of handleTime.' }),
  wrapTime: distSpec.optional().meta({ description: 'After-call work following talkTime.' }),
  patience: distSpec.optional().meta({ description: 'Time a caller is willing to wait; omitted = never abandons.' }),
  queue: queueSpec.optional(),
});

/** handleTime xor talkTime; wrapTime only with talkTime. */
export function refineInbound(
  v: { handleTime?: unknown; talkTime?: unknown; wrapTime?: unknown },
  ctx: z.RefinementCtx,
): void {
  if (v.handleTime !== undefined && v.talkTime !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['talkTime'],
      input: v.talkTime,
      message: 'either handleTime, or talkTime with optional wrapTime, not both',
      params: { found: 'both handleTime and talkTime' },
    });
  } else if (v.handleTime === undefined && v.talkTime === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['handleTime'],
      input: undefined,
      message: 'a handleTime distribution (or talkTime with optional wrapTime)',
      params: { found: 'neither handleTime nor talkTime' },
    });
  } else if (v.handleTime !== undefined && v.wrapTime !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['wrapTime'],
      input: v.wrapTime,
      message: 'wrapTime only together with talkTime (handleTime already includes wrap-up)',
      params: { found: 'wrapTime with handleTime' },
    });
  }
}

export const inboundSpec = inboundObject
  .superRefine(refineInbound)
  .meta({ description: 'Inbound calls: arrivals, durations, patience and queue.' });
export type InboundSpec = z.output<typeof inboundSpec>;

// ---------------------------------------------------------------------------------------------------------------
// Agents

export const shiftSpec = z
  .strictObject({
    start: timeOfDay,
    end: timeOfDay.meta({ description: 'End of the shift; earlier than start means it ends the next day.' }),
    days: z
      .array(weekday, { error: `a non-empty list of days (${WEEKDAYS.join(', ')})` })
      .min(1, { error: `a non-empty list of days (${WEEKDAYS.join(', ')})` })
      .superRefine((days, ctx) => {
        const seen = new Set<string>();
        days.forEach((d, i) => {
          if (seen.has(d)) ctx.addIssue({ code: 'custom', path: [i], input: d, message: 'each day at most once' });
          seen.add(d);
        });
      })
      .default([...WEEKDAYS])
      .meta({ description: 'Days on which the shift starts; default all seven.' }),
  })
  .superRefine((s, ctx) => {
    if (s.start === s.end) {
      ctx.addIssue({ code: 'custom', path: ['end'], input: s.end, message: `an end different from start (${s.start})` });
    }
  })
  .meta({ description: 'Working hours in local time; without a shift the group is always on duty.' });
export type ShiftSpec = z.output<typeof shiftSpec>;

const breakMinutes = num({ gt: 0 }).meta({ description: 'Length of the break in minutes.' });

export const fixedBreakSpec = z
  .strictObject({ at: timeOfDay, minutes: breakMinutes })
  .meta({ description: 'All agents of the group take the break at the same time.' });
export const staggeredBreakSpec = z
  .strictObject({ from: timeOfDay, to: timeOfDay, minutes: breakMinutes })
  .superRefine((b, ctx) => {
    if (b.from === b.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], input: b.to, message: `a time different from from (${b.from})` });
    }
  })
  .meta({ description: "Staggered: the group's agents start their breaks evenly across [from, to)." });

export const breakSpec = z.union([fixedBreakSpec, staggeredBreakSpec], {
  error: 'a break { at: "HH:MM", minutes: <number > 0> } or { from: "HH:MM", to: "HH:MM", minutes: <number > 0> }',
});
export type BreakSpec = z.output<typeof breakSpec>;

/** The agent-group object without its refinement: extend it, then apply `refineAgentGroup`. */
export const agentGroupObject = z.strictObject({
  group: z
    .string({ error: 'a non-empty string' })
    .min(1, { error: 'a non-empty string' })
    .meta({ description: 'Name of the agent group (unique).' }),
  count: int({ min: 0 }).meta({ description: 'Number of agents in the group.' }),
  channels: z
    .array(z.enum(['inbound', 'outbound'], { error: 'one of inbound, outbound' }), { error: 'a list of channels' })
    .min(1, { error: 'a non-empty list of channels' })
    .optional()
    .meta({ description: 'Which work the group takes (default: every channel the scenario has).' }),
  skills: agentSkillsSpec.optional().meta({ description: 'Observable skills (languages, seniority, digital, product knowledge) and hidden ability/learning.' }),
  shift: shiftSpec.optional(),
  breaks: z
    .array(breakSpec, { error: 'a list of breaks' })
    .optional()
    .meta({ description: 'Breaks within the shift (requires a shift).' }),
});

/** Minutes from the shift start to `t`, wrapping over midnight. */
function offsetInShift(shiftStart: string, t: string): number {
  return (timeOfDayToMinutes(t) - timeOfDayToMinutes(shiftStart) + 1440) % 1440;
}

/** Breaks need a shift, and must lie inside it. */
export function refineAgentGroup(
  g: { shift?: ShiftSpec; breaks?: BreakSpec[] },
  ctx: z.RefinementCtx,
): void {
  if (g.breaks === undefined) return;
  if (g.shift === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['breaks'],
      input: g.breaks,
      message: 'breaks only in a group with a shift (add shift: { start, end })',
      params: { found: 'breaks but no shift' },
    });
    return;
  }
  const shift = g.shift;
  const length = offsetInShift(shift.start, shift.end);
  g.breaks.forEach((b, i) => {
    const first = 'at' in b ? b.at : b.from;
    const last = 'at' in b ? b.at : b.to;
    const key = 'at' in b ? 'at' : 'from';
    const firstOff = offsetInShift(shift.start, first);
    const lastOff = offsetInShift(shift.start, last);
    if (firstOff >= length || lastOff > length || lastOff < firstOff || lastOff + b.minutes > length) {
      ctx.addIssue({
        code: 'custom',
        path: ['breaks', i, key],
        input: first,
        message: `a break inside the shift ${shift.start}-${shift.end} (ending by ${shift.end})`,
      });
    }
  });
}

export const agentGroupSpec = agentGroupObject
  .superRefine(refineAgentGroup)
  .meta({ description: 'A group of identical agents.' });
export type AgentGroupSpec = z.output<typeof agentGroupSpec>;

export const agentsSpec = z
  .array(agentGroupSpec, { error: 'a non-empty list of agent groups' })
  .min(1, { error: 'a non-empty list of agent groups' })
  .superRefine((groups, ctx) => {
    const firstIndex = new Map<string, number>();
    groups.forEach((g, i) => {
      const prev = firstIndex.get(g.group);
      if (prev !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'group'],
          input: g.group,
          message: `a group name not already used (agents[${prev}] is also named "${g.group}")`,
        });
      } else {
        firstIndex.set(g.group, i);
      }
    });
  })
  .meta({ description: 'Agent groups; names must be unique.' });

// ---------------------------------------------------------------------------------------------------------------
// The scenario

/** The top-level object without its refinement: extend it (e.g. with `outbound`), then apply `refineScenario`. */
export const scenarioObject = z.strictObject({
  name: z
    .string({ error: 'a non-empty string' })
    .min(1, { error: 'a non-empty string' })
    .meta({ description: 'Scenario name (used in reports and output file names).' }),
  description: z.string({ error: 'a string' }).optional().meta({ description: 'Free text.' }),
  seed: int({ min: 0, max: 2 ** 32 - 1 })
    .default(1)
    .meta({ description: 'Base random seed; replication r uses streams derived from it.' }),
  replications: int({ min: 1 }).default(1).meta({ description: 'Number of independent replications.' }),
  calendar: calendarSpec,
  horizon: horizonSpec,
  warmup: warmupSpec.optional(),
  serviceLevel: serviceLevelSpec,
  series: seriesSpec,
  histogram: histogramSpec,
  inbound: inboundSpec.optional(),
  outbound: outboundSpec.optional(),
  customers: customersSpec.optional(),
  outcome: outcomeSpec,
  routing: routingSpec,
  priority: prioritySpec.optional(),
  assist: assistSpec.optional(),
  pilot: pilotSpec.optional(),
  bot: botSpec.optional(),
  supervision: supervisionSpec.optional(),
  sentiment: sentimentSpec.optional(),
  costs: costsSpec.optional(),
  agents: agentsSpec,
});

function horizonUnit(h: HorizonSpec | WarmupSpec): 'calls' | 'hours' {
  return 'calls' in h ? 'calls' : 'hours';
}

/** Cross-field rules of the top level: warmup in the horizon's unit and shorter than the horizon. */
export function refineScenario(
  s: {
    horizon: HorizonSpec;
    warmup?: WarmupSpec;
    inbound?: unknown;
    outbound?: OutboundSpec;
    customers?: unknown;
    priority?: unknown;
    assist?: unknown;
    pilot?: PilotSpec;
    bot?: unknown;
    supervision?: unknown;
    sentiment?: unknown;
    agents: { channels?: string[] }[];
  },
  ctx: z.RefinementCtx,
): void {
  refinePilot(s, ctx);
  if (s.assist !== undefined && s.customers === undefined) {
    ctx.addIssue({ code: 'custom', path: ['assist'], input: s.assist, message: 'a customers section (assist listens to customers)', params: { found: 'assist without customers' } });
  }
  if (s.priority !== undefined && s.customers === undefined) {
    ctx.addIssue({ code: 'custom', path: ['priority'], input: s.priority, message: 'a customers section to predict values for (priority ranks customers)', params: { found: 'priority without customers' } });
  }
  for (const key of ['bot', 'supervision', 'sentiment'] as const) {
    if (s[key] !== undefined && s.customers === undefined) {
      ctx.addIssue({ code: 'custom', path: [key], input: s[key], message: `a customers section (${key} works on customers)`, params: { found: `${key} without customers` } });
    }
  }
  const bot = s.bot as { inbound: string; outboundLines: number } | undefined;
  const botRule = (s.priority as { bot?: unknown } | undefined)?.bot;
  if (bot !== undefined && bot.inbound === 'low-value' && botRule === undefined) {
    ctx.addIssue({ code: 'custom', path: ['bot', 'inbound'], input: bot.inbound, message: 'a priority.bot rule saying who is low value (bot.inbound: low-value)', params: { found: 'low-value without priority.bot' } });
  }
  if (bot !== undefined && bot.outboundLines > 0 && (s.outbound === undefined || botRule === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['bot', 'outboundLines'], input: bot.outboundLines, message: 'an outbound campaign and a priority.bot rule (the bot follows up the low-value leads)', params: { found: `${bot.outboundLines} lines without ${s.outbound === undefined ? 'an outbound section' : 'priority.bot'}` } });
  }
  if (bot !== undefined && bot.inbound !== 'none' && s.inbound === undefined && bot.outboundLines === 0) {
    ctx.addIssue({ code: 'custom', path: ['bot', 'inbound'], input: bot.inbound, message: "an inbound section, or bot.inbound: none with outboundLines > 0", params: { found: `inbound: ${bot.inbound} without an inbound section` } });
  }
  if (s.inbound === undefined && s.outbound === undefined) {
    ctx.addIssue({ code: 'custom', path: ['inbound'], input: undefined, message: 'an inbound or an outbound section (or both)', params: { found: 'neither' } });
  }
  if (s.outbound !== undefined) {
    if (!('hours' in s.horizon)) {
      ctx.addIssue({ code: 'custom', path: ['horizon'], input: s.horizon, message: 'a horizon in hours for an outbound campaign ({ hours: ... })' });
    }
    const pack = resolveCompliance(s.outbound.compliance);
    if (s.outbound.noAnswerTimeout < pack.minRingSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['outbound', 'noAnswerTimeout'],
        input: s.outbound.noAnswerTimeout,
        message: `a no-answer timeout of at least ${pack.minRingSeconds} s (the ${pack.pack} rule pack's minimum ring time)`,
      });
    }
  }
  s.agents.forEach((g, i) => {
    for (const ch of g.channels ?? []) {
      if ((ch === 'inbound' && s.inbound === undefined) || (ch === 'outbound' && s.outbound === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['agents', i, 'channels'], input: g.channels, message: `channels the scenario has (it has no ${ch} section)` });
      }
    }
  });
  if (s.warmup === undefined) return;
  const unit = horizonUnit(s.horizon);
  if (horizonUnit(s.warmup) !== unit) {
    ctx.addIssue({
      code: 'custom',
      path: ['warmup'],
      input: s.warmup,
      message: `a warmup in the horizon's unit ({ ${unit}: ... })`,
    });
    return;
  }
  const h = unit === 'calls' ? (s.horizon as { calls: number }).calls : (s.horizon as { hours: number }).hours;
  const w = unit === 'calls' ? (s.warmup as { calls: number }).calls : (s.warmup as { hours: number }).hours;
  if (w >= h) {
    ctx.addIssue({
      code: 'custom',
      path: ['warmup', unit],
      input: w,
      message: `a warmup shorter than the horizon (< ${h} ${unit})`,
    });
  }
}

export const scenarioSpec = scenarioObject.superRefine(refineScenario).meta({
  title: 'ccsim scenario',
  description: 'A contact-center simulation scenario (ccsim).',
});

/** A validated scenario, defaults applied. */
export type Scenario = z.output<typeof scenarioSpec>;
/** A scenario as written (before defaults). */
export type ScenarioInput = z.input<typeof scenarioSpec>;
