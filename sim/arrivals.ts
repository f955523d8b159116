/**
 * Non-homogeneous Poisson arrivals with a piecewise-constant rate in local time, a weekday factor
 * and an optional gamma day multiplier (doubly stochastic daily volumes). Arrival i consumes one
 * unit exponential E_i (keyed by i on the "arrivals" stream) and is placed where the cumulative
 * rate has grown by E_i since arrival i-1: exact inversion, no thinning. The E_i come in order from
 * a sequential stream (no policy can change that order) and the day multipliers from a keyed
 * stream by day, so arrival times are a function of (seed, replication) alone, identical under any
 * policy.
 */
import type { Calendar } from './calendar.ts';
import type { ArrivalModel } from './model.ts';
import type { KeyedStream, SequentialStream } from './random/stream.ts';

/** With no arrivals for this long, the rate is taken to be zero for good. */
const EMPTY_SPAN_SECONDS = 8 * 86400;

export class ArrivalProcess {
  private readonly m: ArrivalModel;
  private readonly cal: Calendar;
  private readonly stream: SequentialStream;
  private readonly dayStream: KeyedStream;
  private readonly stopAt: number;
  /** Current segment: [segStart, segEnd) at rate segRate per second. */
  private segEnd = -Infinity;
  private segRate = 0;
  private day = -1;
  private segIndex = 0;
  private dayFactor = 0;
  /** Arrivals generated so far (the id of the next one). */
  count = 0;
  /** Time of the arrival generated last (Infinity once arrivals are over). Read it after `advance`. */
  nextTime = 0;
  /** Time of the last arrival generated. */
  private t = 0;

  constructor(m: ArrivalModel, cal: Calendar, stream: SequentialStream, dayStream: KeyedStream, stopAt: number) {
    this.m = m;
    this.cal = cal;
    this.stream = stream;
    this.dayStream = dayStream;
    this.stopAt = stopAt;
    this.day = cal.dayOf(0) - 1;
    this.segIndex = m.fromSeconds.length; // forces a day change on first use
  }

  /**
   * Generates the next arrival; its time is left in `nextTime` (a field, not a return value: a
   * returned double would be boxed on every call). Returns false when arrivals are over (past the
   * stop time, or no rate left).
   */
  advance(): boolean {
    // Once over, stay over (advancing from t = Infinity would look for a segment past Infinity forever).
    if (this.t === Infinity) return false;
    // Unit exponential from the raw 32-bit draw, converted here (see SequentialStream.nextInt32).
    let e = -Math.log(((this.stream.nextInt32() >>> 0) + 0.5) * 2.3283064365386963e-10);
    let t = this.t;
    let idle = 0;
    for (;;) {
      if (t >= this.segEnd) this.advanceSegment(t);
      const rate = this.segRate;
      const span = this.segEnd - t;
      if (rate > 0) {
        const dt = e / rate;
        if (dt < span) {
          t += dt;
          break;
        }
        e -= rate * span;
        idle = 0;
      } else {
        idle += span;
        if (idle > EMPTY_SPAN_SECONDS) return this.finish();
      }
      t = this.segEnd;
      if (t >= this.stopAt) return this.finish();
    }
    if (t >= this.stopAt) return this.finish();
    this.t = t;
    this.nextTime = t;
    this.count++;
    return true;
  }

  private finish(): boolean {
    this.t = Infinity;
    this.nextTime = Infinity;
    return false;
  }

  /** Moves to the segment containing time t (crossing days as needed). */
  private advanceSegment(t: number): void {
    const m = this.m;
    const n = m.fromSeconds.length;
    for (;;) {
      this.segIndex++;
      if (this.segIndex >= n) {
        this.day++;
        this.segIndex = -1; // the stretch before the first profile entry
        const wi = this.cal.weekdayIndex(this.day);
        const mult = m.dailyVolume ? m.dailyVolume.sample(this.dayStream, this.day + 0x40000000) : 1;
        this.dayFactor = m.weekdayFactors[wi] * mult;
      }
      const startSod = this.segIndex < 0 ? 0 : m.fromSeconds[this.segIndex];
      const endSod = this.segIndex + 1 < n ? m.fromSeconds[this.segIndex + 1] : 86400;
      const segEnd = this.cal.at(this.day, endSod);
      if (endSod <= startSod || segEnd <= t) continue;
      this.segEnd = segEnd;
      this.segRate = this.segIndex < 0 ? 0 : m.ratePerSecond[this.segIndex] * this.dayFactor;
      return;
    }
  }
}
