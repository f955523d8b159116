/**
 * Timestamps of imported records: ISO 8601 text with or without a UTC offset ("2026-03-02T09:15:04.250+00:00",
 * "2026-03-02 09:15:04+01", "2026-03-02T08:15:04Z", "2026-03-02 09:15"), read as instants; a time without an
 * offset is the center's local wall-clock time. Local date, time of day and weekday in the center's time
 * zone come from one Intl lookup per quarter hour (offsets change on quarter hours at most), cached.
 */
import { utcOffsetMs, zoneFormatter } from '../../sim/calendar.ts';

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const QUARTER_MS = 900_000;
const DAY_MS = 86_400_000;

export class ZoneClock {
  readonly timeZone: string;
  private readonly fmt: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(timeZone: string) {
    this.timeZone = timeZone;
    this.fmt = zoneFormatter(timeZone);
  }

  /** UTC offset in milliseconds (local = utc + offset) at an instant. */
  offsetMs(epochMs: number): number {
    const key = Math.floor(epochMs / QUARTER_MS);
    let off = this.offsets.get(key);
    if (off === undefined) {
      off = utcOffsetMs(this.fmt, key * QUARTER_MS);
      this.offsets.set(key, off);
    }
    return off;
  }

  /** Local wall-clock milliseconds (as if UTC) of an instant. */
  wallMs(epochMs: number): number {
    return epochMs + this.offsetMs(epochMs);
  }

  /** The instant of a local wall-clock time (the earlier one when the clock repeats an hour). */
  epochOfWall(wallMs: number): number {
    const guess = wallMs - this.offsetMs(wallMs);
    return wallMs - this.offsetMs(guess);
  }
}

/**
 * Parses a timestamp to epoch milliseconds; NaN when it is not one. A timestamp without an offset is
 * local time of `clock`'s zone.
 */
export function parseTimestamp(text: string, clock: ZoneClock): number {
  const m = ISO.exec(text.trim());
  if (!m) return NaN;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const s = m[6] ? Number(m[6]) : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return NaN;
  const frac = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s) + frac;
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return NaN;
  const zone = m[8];
  if (zone === undefined) return clock.epochOfWall(wall);
  if (zone === 'Z' || zone === 'z') return wall;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offMin = Number(digits.slice(0, 2)) * 60 + (digits.length > 2 ? Number(digits.slice(2, 4)) : 0);
  return wall - sign * offMin * 60_000;
}

/** Local calendar day number (days since 1970-01-01 on the wall clock) of an instant. */
export function localDayNumber(clock: ZoneClock, epochMs: number): number {
  return Math.floor(clock.wallMs(epochMs) / DAY_MS);
}

/** "YYYY-MM-DD" of a local day number. */
export function dayLabel(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** Weekday of a local day number, 0 = Monday .. 6 = Sunday (the scenario format's order). */
export function weekdayOf(dayNumber: number): number {
  return (new Date(dayNumber * DAY_MS).getUTCDay() + 6) % 7;
}

export const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
