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
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
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

  /** Simulated time of local clock time `secondsOfDay` on day `d` (times past 24:00 run into the next day). */
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
    const p = this.partsAt(epochMs);
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    return asUtc - Math.floor(epochMs / 1000) * 1000;
  }

  /** Local wall-clock parts to an instant; in a spring-forward gap the later offset wins. */
  private localToEpochMs(p: LocalParts): number {
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    let guess = asUtc - this.offsetAt(asUtc);
    const off2 = this.offsetAt(guess);
    guess = asUtc - off2;
    return guess;
  }
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
