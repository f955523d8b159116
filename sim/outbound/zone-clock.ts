/**
 * Local time of a lead's time zone: its hour and weekday at a simulated time, and the next moment
 * inside its calling window. One clock per zone (lists hold a handful of zones); each caches the
 * hour starts of the day it was last asked about, so the hot question "what hour is it there?"
 * costs a comparison or two, and daylight-saving days stay exact (hour starts come from the zone's
 * calendar, never from "seconds since midnight / 3600").
 */
import { Calendar, utcOffsetMs, zoneFormatter } from '../calendar.ts';

export class ZoneClock {
  readonly zone: string;
  private readonly cal: Calendar;
  private day = Number.NaN;
  private readonly hourStart = new Float64Array(25);
  private weekday = 0;
  // The calling window of the day last asked about.
  private winDayStart = Infinity;
  private winDayEnd = -Infinity;
  private winOpen = 0;
  private winClose = 0;
  private winFrom = -1;
  private winTo = -1;

  /** `epochMs` is the UTC instant of simulated time 0 (shared by every zone). */
  constructor(zone: string, epochMs: number) {
    this.zone = zone;
    this.cal = new Calendar(localStartString(epochMs, zone), zone);
    if (this.cal.epochMs !== epochMs) throw new Error(`zone clock for ${zone} misaligned by ${this.cal.epochMs - epochMs} ms`);
  }

  /** Local hour (0..23) at simulated time t. */
  hourAt(t: number): number {
    this.moveTo(t);
    const hs = this.hourStart;
    let h = Math.min(23, Math.floor((t - hs[0]) / 3600));
    while (h < 23 && hs[h + 1] <= t) h++;
    while (h > 0 && hs[h] > t) h--;
    return h;
  }

  /** Local weekday (index like WEEKDAYS, sun = 0) at simulated time t. */
  weekdayAt(t: number): number {
    this.moveTo(t);
    return this.weekday;
  }

  /**
   * Earliest time >= t inside the daily window [from, to) (seconds after local midnight; `to` may be
   * 24 h). Returns t itself when t is inside.
   */
  nextInWindow(t: number, from: number, to: number): number {
    // Fast path: t on the day whose window was computed last (a dialer asks about "now" over and over).
    if (t >= this.winDayStart && t < this.winDayEnd && from === this.winFrom && to === this.winTo) {
      if (t < this.winClose) return t >= this.winOpen ? t : this.winOpen;
    }
    let d = this.cal.dayOf(t);
    this.winDayStart = this.cal.dayStart(d);
    this.winDayEnd = this.cal.dayStart(d + 1);
    this.winOpen = this.cal.at(d, from);
    this.winClose = this.cal.at(d, to);
    this.winFrom = from;
    this.winTo = to;
    for (let i = 0; i < 3; i++, d++) {
      const open = this.cal.at(d, from);
      const close = this.cal.at(d, to);
      if (t < close) return t >= open ? t : open;
    }
    throw new Error(`no calling window found after t=${t} in ${this.zone}`);
  }

  /** True when t lies inside the daily window [from, to). */
  inWindow(t: number, from: number, to: number): boolean {
    return this.nextInWindow(t, from, to) === t;
  }

  private moveTo(t: number): void {
    if (t >= this.hourStart[0] && t < this.hourStart[24] && !Number.isNaN(this.day)) return;
    const d = this.cal.dayOf(t);
    this.day = d;
    for (let h = 0; h <= 24; h++) this.hourStart[h] = this.cal.at(d, h * 3600);
    this.weekday = this.cal.weekdayIndex(d);
  }
}

/** The local wall-clock date-time ("YYYY-MM-DDTHH:MM:SS") of an instant in a zone. */
function localStartString(epochMs: number, zone: string): string {
  return new Date(epochMs + utcOffsetMs(zoneFormatter(zone), epochMs)).toISOString().slice(0, 19);
}
