// Building blocks shared by the scenario schemas (schema.ts, outbound-schema.ts): bounded numbers whose every failure
// reports one full "expected" phrase, times of day, time zones, weekdays, distributions. See schema.ts for the
// error-message convention.

import { z } from 'zod';

// ---------------------------------------------------------------------------------------------------------------
// Small building blocks

/** Days of the week in calendar order, as written in scenarios. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Interval lengths (minutes) allowed for time series; all divide a day. */
export const SERIES_INTERVALS = [5, 10, 15, 20, 30, 60, 120, 240, 1440] as const;

/** Distribution kinds understood by `distSpec`, in the order they are documented. */
export const DIST_KINDS = [
  'exponential',
  'deterministic',
  'uniform',
  'lognormal',
  'gamma',
  'erlang',
  'weibull',
  'empirical',
] as const;
export type DistKind = (typeof DIST_KINDS)[number];

interface NumberBounds {
  /** inclusive lower bound */
  min?: number;
  /** exclusive lower bound */
  gt?: number;
  /** inclusive upper bound */
  max?: number;
}

function boundsPhrase(kind: 'a number' | 'an integer', b: NumberBounds): string {
  if (b.min !== undefined && b.max !== undefined) return `${kind} ${b.min}..${b.max}`;
  if (b.gt !== undefined) return `${kind} > ${b.gt}`;
  if (b.min !== undefined) return `${kind} >= ${b.min}`;
  if (b.max !== undefined) return `${kind} <= ${b.max}`;
  return kind;
}

/** A finite number with bounds; every failure (wrong type, out of range) reports the same full phrase. */
export function num(b: NumberBounds = {}) {
  const error = boundsPhrase('a number', b);
  let s = z.number({ error });
  if (b.gt !== undefined) s = s.gt(b.gt, { error });
  if (b.min !== undefined) s = s.min(b.min, { error });
  if (b.max !== undefined) s = s.max(b.max, { error });
  return s;
}

/** A (safe) integer with bounds; every failure reports the same full phrase. */
export function int(b: NumberBounds = {}) {
  const error = boundsPhrase('an integer', b);
  let s = z.number({ error }).int({ error });
  if (b.gt !== undefined) s = s.gt(b.gt, { error });
  if (b.min !== undefined) s = s.min(b.min, { error });
  if (b.max !== undefined) s = s.max(b.max, { error });
  return s;
}

const TIME_OF_DAY_RE = /^([01]\d|2[0-3]):[0-5]\d$/;
const TIME_OF_DAY_PHRASE = 'a time of day "HH:MM" (00:00..23:59)';

/** "HH:MM", 00:00..23:59, in the calendar's local time. */
export const timeOfDay = z
  .string({ error: TIME_OF_DAY_PHRASE })
  .regex(TIME_OF_DAY_RE, { error: TIME_OF_DAY_PHRASE })
  .meta({ description: 'Local time of day, "HH:MM" (00:00..23:59).', examples: ['08:00'] });

/** Minutes after midnight of a valid "HH:MM" string. */
export function timeOfDayToMinutes(hhmm: string): number {
  const m = TIME_OF_DAY_RE.exec(hhmm);
  if (!m) throw new RangeError(`not a time of day "HH:MM": ${JSON.stringify(hhmm)}`);
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export const LOCAL_DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
export const LOCAL_DATE_TIME_PHRASE = 'a local date-time "YYYY-MM-DDTHH:MM" (seconds optional)';

export function isValidLocalDateTime(s: string): boolean {
  const m = LOCAL_DATE_TIME_RE.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || se > 59 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= daysInMonth;
}

/** True when `tz` is a time zone the runtime's Intl knows (IANA names such as "Europe/London", or "UTC"). */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const weekday = z.enum(WEEKDAYS, { error: `one of ${WEEKDAYS.join(', ')}` });

// ---------------------------------------------------------------------------------------------------------------
// Distributions

const distPhrase = `one of ${DIST_KINDS.join(', ')}`;

const exponentialDist = z
  .strictObject({ dist: z.literal('exponential'), mean: num({ gt: 0 }) })
  .meta({ description: 'Exponential with the given mean (seconds).' });
const deterministicDist = z
  .strictObject({ dist: z.literal('deterministic'), value: num({ min: 0 }) })
  .meta({ description: 'Always the same value (seconds).' });
const uniformDist = z
  .strictObject({ dist: z.literal('uniform'), min: num({ min: 0 }), max: num({ min: 0 }) })
  .superRefine((d, ctx) => {
    if (d.max < d.min) {
      ctx.addIssue({ code: 'custom', path: ['max'], input: d.max, message: `a number >= min (${d.min})` });
    }
  })
  .meta({ description: 'Uniform on [min, max] (seconds).' });
const lognormalDist = z
  .strictObject({ dist: z.literal('lognormal'), mean: num({ gt: 0 }), cv: num({ gt: 0 }) })
  .meta({ description: 'Lognormal with the given mean (seconds) and coefficient of variation.' });
const gammaDist = z
  .strictObject({ dist: z.literal('gamma'), mean: num({ gt: 0 }), cv: num({ gt: 0 }) })
  .meta({ description: 'Gamma with the given mean (seconds) and coefficient of variation.' });
const erlangDist = z
  .strictObject({ dist: z.literal('erlang'), mean: num({ gt: 0 }), k: int({ min: 1 }) })
  .meta({ description: 'Erlang: sum of k exponential phases, total mean in seconds.' });
const weibullDist = z
  .strictObject({ dist: z.literal('weibull'), shape: num({ gt: 0 }), scale: num({ gt: 0 }) })
  .meta({ description: 'Weibull with shape k and scale lambda (seconds).' });
const empiricalDist = z
  .strictObject({
    dist: z.literal('empirical'),
    values: z
      .array(num({ min: 0 }), { error: 'a non-empty list of numbers >= 0' })
      .min(1, { error: 'a non-empty list of numbers >= 0' }),
  })
  .meta({ description: 'Resample uniformly from the listed observations (seconds).' });

/** A random duration in seconds, discriminated on `dist`. */
export const distSpec = z
  .discriminatedUnion(
    'dist',
    [exponentialDist, deterministicDist, uniformDist, lognormalDist, gammaDist, erlangDist, weibullDist, empiricalDist],
    {
      error: (iss) =>
        iss.code === 'invalid_union'
          ? distPhrase
          : `a distribution such as { dist: exponential, mean: 180 } (dist ${distPhrase})`,
    },
  )
  .meta({ id: 'DistSpec', title: 'Distribution', description: 'A random duration in seconds.' });
export type DistSpec = z.output<typeof distSpec>;

export const weekdayFactorsSpec = z
  .strictObject(
    Object.fromEntries(WEEKDAYS.map((d) => [d, num({ min: 0 }).default(1)])) as Record<
      Weekday,
      z.ZodDefault<z.ZodNumber>
    >,
  )
  .prefault({})
  .meta({ description: 'Multiplier of the arrival rate per day of the week; missing days are 1.' });
export type WeekdayFactors = z.output<typeof weekdayFactorsSpec>;

