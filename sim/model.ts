/**
 * Scenario → model: the validated scenario (plain data) is compiled once into the numeric form the
 * event loop reads: rates per second, times of day in seconds, compiled distributions. Workers
 * receive the scenario and compile it themselves (a Model holds class instances, which do not
 * survive structured cloning).
 */
import type { Scenario } from '../scenarios/schema.ts';
import { Calendar, parseTimeOfDay, WEEKDAYS } from './calendar.ts';
import { Dist } from './random/dist.ts';

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
  inbound: InboundModel;
  groups: GroupModel[];
  agentCount: number;
}

export function compileModel(s: Scenario): Model {
  const inb = s.inbound;
  const arrivals = inb.arrivals;
  const profile = 'profile' in arrivals
    ? arrivals.profile.map((p) => ({ from: parseTimeOfDay(p.from), perHour: p.perHour }))
    : [{ from: 0, perHour: arrivals.perHour }];
  const weekdayFactors = new Float64Array(7).fill(1);
  const factors = (arrivals.weekdayFactors ?? {}) as Partial<Record<string, number>>;
  WEEKDAYS.forEach((d, i) => {
    const f = factors[d];
    if (f !== undefined) weekdayFactors[i] = f;
  });
  const cv = arrivals.dailyVariation?.cv ?? 0;

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
    groups.push({ name: g.group, count: g.count, firstAgent, shift });
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
    inbound: {
      arrivals: {
        fromSeconds: Float64Array.from(profile.map((p) => p.from)),
        ratePerSecond: Float64Array.from(profile.map((p) => p.perHour / 3600)),
        weekdayFactors,
        dailyVolume: cv > 0 ? new Dist({ dist: 'gamma', mean: 1, cv }) : null,
      },
      talk: new Dist(inb.handleTime ?? inb.talkTime!),
      wrap: inb.handleTime ? null : inb.wrapTime ? new Dist(inb.wrapTime) : null,
      patience: inb.patience ? new Dist(inb.patience) : null,
      queueCapacity: inb.queue?.capacity ?? Infinity,
    },
    groups,
    agentCount: firstAgent,
  };
}

export function makeCalendar(m: Model): Calendar {
  return new Calendar(m.calendar.start, m.calendar.timeZone);
}
