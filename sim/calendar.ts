/**
 * The simulation calendar: simulated time is seconds since the scenario's start instant; the
 * calendar maps it to the center's local date and time of day in an IANA time zone (daylight
 * saving included), so profiles, shifts and calling hours follow the local clock and records carry
 * real dates. Conversions use Intl only when a new day is first needed (setup cost, not per event):
 * `dayStart(d)` is cached.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const DAY_MS = 86_400_000;

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Parses "YYYY-MM-DDTHH:MM[:SS]" into parts (no zone). */
export function parseLocalDateTime(text: string): LocalParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) throw new RangeError(`expected a local date-time "YYYY-MM-DDTHH:MM", got "${text}"`);
  return { year: +m[1], month: +m[2], day: +m[3], hour: +m[4], minute: +m[5], second: m[6] ? +m[6] : 0 };
}

/** "HH:MM" to seconds after midnight. */
export function parseTimeOfDay(text: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m || +m[1] > 24 || +m[2] > 59 || (+m[1] === 24 && +m[2] !== 0)) throw new RangeError(`expected a time of day "HH:MM", got "${text}"`);
  return +m[1] * 3600 + +m[2] * 60;
}

export class Calendar {
  readonly timeZone: string;
  readonly start: string;
  /** UTC epoch milliseconds of simulated time 0. */
  readonly epochMs: number;
  private readonly startDateUtcMs: number; // the start's local calendar date as a UTC midnight (date arithmetic only)
  private readonly dayStarts: number[] = [];
  private readonly fmt: Intl.DateTimeFormat;

  constructor(start: string, timeZone: string) {
    this.start = start;
    this.timeZone = timeZone;
    this.fmt = zoneFormatter(timeZone);
    const p = parseLocalDateTime(start);
    this.epochMs = this.localToEpochMs(p);
    this.startDateUtcMs = Date.UTC(p.year, p.month - 1, p.day);
  }

  /** Simulated time (seconds, may be negative) of local midnight at the start of day `d` (day 0 = the start date). */
  dayStart(d: number): number {
    if (d < 0) return this.computeDayStart(d);
    while (this.dayStarts.length <= d) this.dayStarts.push(this.computeDayStart(this.dayStarts.length));
    return this.dayStarts[d];
  }

  private computeDayStart(d: number): number {
    const date = new Date(this.startDateUtcMs + d * DAY_MS);
    return (this.localToEpochMs({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: 0, minute: 0, second: 0 }) - this.epochMs) / 1000;
  }

  /**
   * Simulated time of local clock time `secondsOfDay` on day `d` (times past 24:00 run into the next day).
   * Non-decreasing in the clock time: a time skipped by a spring-forward jump maps to the jump, a repeated
   * (autumn) time to its first occurrence.
   */
  at(d: number, secondsOfDay: number): number {
    const extraDays = Math.floor(secondsOfDay / 86400);
    const day = d + extraDays;
    const sod = secondsOfDay - extraDays * 86400;
    const base = this.dayStart(day);
    const next = this.dayStart(day + 1);
    const length = next - base;
    if (length === 86400) return base + sod;
    // A daylight-saving day: go through the zone so "09:00" means 09:00 on the wall clock.
    const date = new Date(this.startDateUtcMs + day * DAY_MS);
    const h = Math.floor(sod / 3600);
    const mi = Math.floor((sod % 3600) / 60);
    const s = sod % 60;
    return (this.localToEpochMs({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: h, minute: mi, second: s }) - this.epochMs) / 1000;
  }

  /** Day index containing simulated time t. */
  dayOf(t: number): number {
    let d = Math.floor((t - this.dayStart(0)) / 86400);
    while (this.dayStart(d + 1) <= t) d++;
    while (this.dayStart(d) > t) d--;
    return d;
  }

  /** Weekday of day d. */
  weekday(d: number): Weekday {
    return WEEKDAYS[this.weekdayIndex(d)];
  }

  /** Weekday of day d as an index into WEEKDAYS (sun = 0). */
  weekdayIndex(d: number): number {
    return new Date(this.startDateUtcMs + d * DAY_MS).getUTCDay();
  }

  /** Local wall-clock date-time of simulated time t as "YYYY-MM-DDTHH:MM:SS". */
  format(t: number): string {
    const p = this.partsAt(this.epochMs + Math.round(t * 1000));
    return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
  }

  /** ISO 8601 UTC instant of simulated time t. */
  toIso(t: number): string {
    return new Date(this.epochMs + Math.round(t * 1000)).toISOString();
  }

  private partsAt(epochMs: number): LocalParts {
    const out: LocalParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const part of this.fmt.formatToParts(new Date(epochMs))) {
      if (part.type in out) (out as unknown as Record<string, number>)[part.type] = Number(part.value);
    }
    return out;
  }

  /** UTC offset (ms) of the zone at an instant. */
  private offsetAt(epochMs: number): number {
    return utcOffsetMs(this.fmt, epochMs);
  }

  /**
   * Local wall-clock parts to an instant (`second` may carry a fraction). Monotone in the wall time, whatever the
   * sign of the zone's offset: a time the clock repeats (autumn) maps to its first occurrence, and a time the clock
   * skips (spring-forward gap) maps to the instant of the jump, so every skipped time of day lies at the
   * transition, between the times before and after it.
   */
  private localToEpochMs(p: LocalParts): number {
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) + p.second * 1000;
    // Offsets in force a day before and a day after bracket any transition near this wall time.
    const before = this.offsetAt(asUtc - DAY_MS);
    const after = this.offsetAt(asUtc + DAY_MS);
    const big = Math.max(before, after);
    const small = Math.min(before, after);
    const early = asUtc - big; // the reading with the larger offset is the earlier instant
    if (this.offsetAt(early) === big) return early;
    const late = asUtc - small;
    if (this.offsetAt(late) === small) return late;
    // Neither reading is consistent: a gap. The offset changes from `before` to `after` between the two readings;
    // find the transition (whole seconds) by bisection.
    let lo = Math.floor(early / 1000);
    let hi = Math.ceil(late / 1000);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.offsetAt(mid * 1000) === after) hi = mid;
      else lo = mid;
    }
    return hi * 1000;
  }
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A formatter of an instant's numeric wall-clock parts (24 h) in `timeZone`: how ccsim reads a zone's offset. */
export function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
}

/** UTC offset in milliseconds (local = utc + offset) of a zoneFormatter's zone at an instant, to the second. */
export function utcOffsetMs(fmt: Intl.DateTimeFormat, epochMs: number): number {
  const p = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of fmt.formatToParts(new Date(epochMs))) if (part.type in p) p[part.type as keyof typeof p] = Number(part.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(epochMs / 1000) * 1000;
}
