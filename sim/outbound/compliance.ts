/**
 * The abandoned-call rule of a compliance pack, measured the way the regulator does.
 *
 * rate = abandoned' / (abandoned' + connected), where abandoned' adds the dialer's own estimate of
 * AMD false positives when the pack counts them (UK): a center cannot observe them, so the
 * estimate is the AMD's stated false-positive share r of live answers, r/(1-r) × (connected +
 * abandoned). The world's true false positives are reported beside the estimate.
 *
 * Rolling windows (UK: any 24 h) are evaluated exactly, not on a grid: the rate over (t - W, t]
 * changes only when an event enters or an old one leaves, so every entry and every expiry (taken
 * in time order across connects and abandons) is a point where the window is evaluated. Only
 * windows that lie inside the campaign count, t from its start + W to its end: a "window" reaching
 * back before the first call or past the last holds a handful of calls and says nothing about the
 * campaign (a campaign shorter than W is measured as a whole). Fixed windows (US: each successive
 * 30-day period of the campaign) are counted per period.
 */
import type { CompliancePack } from '../../scenarios/outbound-schema.ts';

export interface ComplianceWindow {
  start: number;
  end: number;
  abandoned: number;
  connected: number;
  amdEstimate: number;
  rate: number | null;
}

export interface ComplianceViolation {
  from: number;
  to: number;
  peakRate: number;
}

export interface ComplianceSummary {
  abandoned: number;
  connected: number;
  amdEstimate: number;
  amdFalsePositives: number;
  /** Over the whole run, as the pack counts. */
  rate: number | null;
  /** Worst window (rolling: worst over every window; fixed: worst period). */
  worstRate: number | null;
  worstAt: number | null;
  headroom: number | null;
  windows: ComplianceWindow[];
  violations: ComplianceViolation[];
}

/** A growable FIFO of times (a ring would do; events only append and expire from the front). */
class TimeQueue {
  private buf = new Float64Array(256);
  private head = 0;
  private tail = 0;
  get length(): number {
    return this.tail - this.head;
  }
  push(t: number): void {
    if (this.tail === this.buf.length) {
      if (this.head > this.buf.length / 2) {
        this.buf.copyWithin(0, this.head, this.tail);
      } else {
        const next = new Float64Array(this.buf.length * 2);
        next.set(this.buf.subarray(this.head, this.tail));
        this.buf = next;
      }
      this.tail -= this.head;
      this.head = 0;
    }
    this.buf[this.tail++] = t;
  }
  first(): number {
    return this.head < this.tail ? this.buf[this.head] : Infinity;
  }
  shift(): void {
    this.head++;
  }
}

export class ComplianceTracker {
  readonly pack: CompliancePack;
  private readonly windowSeconds: number;
  private readonly estimateFactor: number;
  private readonly clock: { readonly now: number };
  // Whole-run counts.
  private abandoned = 0;
  private connected = 0;
  amdFalsePositives = 0;
  // Current rolling window (or current fixed period).
  private readonly connects = new TimeQueue();
  private readonly abandons = new TimeQueue();
  winAbandoned = 0;
  winConnected = 0;
  private periodStart = 0;
  // Worst window and violations.
  private worstRate = -1;
  private worstAt = NaN;
  private violationFrom = NaN;
  private violationPeak = 0;
  private readonly violations: ComplianceViolation[] = [];
  private readonly windows: ComplianceWindow[] = [];
  // Daily (or period) report windows for rolling packs.
  private reportStart = 0;
  private reportAbandoned = 0;
  private reportConnected = 0;
  /** Rolling packs: whether the first full window (ending at start + W) has been reached. */
  private fullWindows = false;
  /**
   * Time of changes not yet evaluated. Several changes can happen at the same instant (an abandon
   * and a connect, an expiry and an entry); the window is evaluated once all of them are applied,
   * when the clock moves past that instant, never in an in-between state no real window has.
   */
  private pendingT = NaN;

  constructor(pack: CompliancePack, amdFalsePositiveRate: number, clock: { readonly now: number }) {
    this.pack = pack;
    this.windowSeconds = pack.windowHours * 3600;
    this.estimateFactor = pack.countAmdEstimate && amdFalsePositiveRate < 1 ? amdFalsePositiveRate / (1 - amdFalsePositiveRate) : 0;
    this.clock = clock;
  }

  /** Abandoned count the window holds, with the AMD estimate where the pack counts it. */
  get windowAbandoned(): number {
    return this.winAbandoned + this.estimateFactor * (this.winAbandoned + this.winConnected);
  }

  /** The window's denominator: abandoned (with estimate) + connected. */
  get windowDenominator(): number {
    return this.windowAbandoned + this.winConnected;
  }

  recordConnect(): void {
    const t = this.clock.now;
    this.advance(t);
    this.settle(t);
    this.connected++;
    this.winConnected++;
    this.reportConnected++;
    if (this.pack.rolling) this.connects.push(t);
    this.pendingT = t;
  }

  recordAbandon(): void {
    const t = this.clock.now;
    this.advance(t);
    this.settle(t);
    this.abandoned++;
    this.winAbandoned++;
    this.reportAbandoned++;
    if (this.pack.rolling) this.abandons.push(t);
    this.pendingT = t;
  }

  /** The world's truth, for the report only (the dialer never learns it). */
  recordTrueFalsePositive(): void {
    this.amdFalsePositives++;
  }

  /** Brings the window up to time t (expiring events, closing periods); changes at t itself stay pending. */
  advance(t: number): void {
    if (this.pack.rolling) {
      if (!this.fullWindows && t >= this.windowSeconds) {
        // Nothing expires before start + W (events start at 0): the window ending at W is the first full one.
        this.settle(this.windowSeconds);
        this.fullWindows = true;
        this.pendingT = this.windowSeconds;
      }
      this.expire(t);
      while (t >= this.reportStart + 86400) this.closeReportWindow(this.reportStart + 86400);
    } else {
      while (t >= this.periodStart + this.windowSeconds) {
        const end = this.periodStart + this.windowSeconds;
        this.closePeriod(end);
      }
    }
  }

  /** Rolling packs: drops events older than the window at t, oldest first; the window is evaluated between instants. */
  private expire(t: number): void {
    const w = this.windowSeconds;
    for (;;) {
      const c = this.connects.first();
      const a = this.abandons.first();
      const oldest = c <= a ? c : a;
      if (oldest > t - w) break;
      const at = oldest + w;
      this.settle(at);
      if (c <= a) {
        this.connects.shift();
        this.winConnected--;
      } else {
        this.abandons.shift();
        this.winAbandoned--;
      }
      this.pendingT = at;
    }
  }

  /** Evaluates the changes pending at an earlier instant, now that the clock has reached `t` beyond it. */
  private settle(t: number): void {
    if (this.pendingT < t) {
      this.evaluate(this.pendingT);
      this.pendingT = NaN;
    }
  }

  private rateOf(abandoned: number, connected: number): number | null {
    const a = abandoned + this.estimateFactor * (abandoned + connected);
    const d = a + connected;
    return d > 0 ? a / d : null;
  }

  /** Rolling packs: the window just changed at time t. */
  private evaluate(t: number): void {
    if (!this.pack.rolling || !this.fullWindows) return;
    const rate = this.rateOf(this.winAbandoned, this.winConnected) ?? 0;
    if (rate > this.worstRate) {
      this.worstRate = rate;
      this.worstAt = t;
    }
    const over = rate > this.pack.threshold;
    if (over && Number.isNaN(this.violationFrom)) {
      this.violationFrom = t;
      this.violationPeak = rate;
    } else if (over) {
      if (rate > this.violationPeak) this.violationPeak = rate;
    } else if (!Number.isNaN(this.violationFrom)) {
      this.violations.push({ from: this.violationFrom, to: t, peakRate: this.violationPeak });
      this.violationFrom = NaN;
    }
  }

  private closeReportWindow(end: number): void {
    this.windows.push(this.window(this.reportStart, end, this.reportAbandoned, this.reportConnected));
    this.reportStart = end;
    this.reportAbandoned = 0;
    this.reportConnected = 0;
  }

  private closePeriod(end: number): void {
    const w = this.window(this.periodStart, end, this.winAbandoned, this.winConnected);
    this.windows.push(w);
    if (w.rate !== null && w.rate > this.worstRate) {
      this.worstRate = w.rate;
      this.worstAt = end;
    }
    if (w.rate !== null && w.rate > this.pack.threshold) this.violations.push({ from: this.periodStart, to: end, peakRate: w.rate });
    this.periodStart = end;
    this.winAbandoned = 0;
    this.winConnected = 0;
  }

  private window(start: number, end: number, abandoned: number, connected: number): ComplianceWindow {
    return { start, end, abandoned, connected, amdEstimate: this.estimateFactor * (abandoned + connected), rate: this.rateOf(abandoned, connected) };
  }

  /** Closes the books at the end of the campaign (time t). */
  finish(t: number): ComplianceSummary {
    this.advance(t);
    if (this.pendingT <= t) {
      this.evaluate(this.pendingT);
      this.pendingT = NaN;
    }
    if (this.pack.rolling) {
      if (this.reportAbandoned + this.reportConnected > 0) this.closeReportWindow(Math.max(t, this.reportStart));
      if (!Number.isNaN(this.violationFrom)) this.violations.push({ from: this.violationFrom, to: t, peakRate: this.violationPeak });
      if (!this.fullWindows) {
        // Shorter than one window: the campaign as a whole is the only window.
        const whole = this.rateOf(this.abandoned, this.connected);
        if (whole !== null) {
          this.worstRate = whole;
          this.worstAt = t;
          if (whole > this.pack.threshold) this.violations.push({ from: 0, to: t, peakRate: whole });
        }
      }
    } else if (this.winAbandoned + this.winConnected > 0 || this.windows.length === 0) {
      // A campaign shorter than the period (or its last, partial period) is measured over what ran.
      this.closePeriod(Math.max(t, this.periodStart));
    }
    const rate = this.rateOf(this.abandoned, this.connected);
    const worst = this.worstRate >= 0 ? this.worstRate : null;
    return {
      abandoned: this.abandoned,
      connected: this.connected,
      amdEstimate: this.estimateFactor * (this.abandoned + this.connected),
      amdFalsePositives: this.amdFalsePositives,
      rate,
      worstRate: worst,
      worstAt: worst === null ? null : this.worstAt,
      headroom: worst === null ? null : this.pack.threshold - worst,
      windows: this.windows,
      violations: this.violations,
    };
  }
}
