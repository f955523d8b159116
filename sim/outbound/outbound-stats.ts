/**
 * Counters of an outbound campaign over the measurement window, plus a per-interval pacing trace
 * (dials, live answers, connects, abandons) on the same intervals as the inbound series. Methods
 * take no doubles (the hot path passes nothing that would be boxed).
 */

export const OB = {
  dials: 0,
  liveAnswers: 1,
  connects: 2,
  abandoned: 3,
} as const;
export const OB_FIELDS = 4;

export interface OutboundTotals {
  dials: number;
  /** A person picked up (world truth, including those AMD hung up on). */
  liveAnswers: number;
  /** Live answers connected to an agent. */
  liveConnects: number;
  /** All connects to an agent (live, and machines AMD missed). */
  connects: number;
  rightPartyContacts: number;
  /** Live persons not connected within the connect limit (world truth, AMD false positives apart). */
  abandonedLive: number;
  /** Answers the dialer abandoned (what it observes: live persons and machines AMD missed). */
  abandonedObserved: number;
  amdFalsePositives: number;
  amdFalseNegatives: number;
  machinesDetected: number;
  noAnswer: number;
  busy: number;
  invalid: number;
  leads: number;
  leadsDialable: number;
  leadsReached: number;
  leadsAttempted: number;
}

export class OutboundStats {
  measuring = false;
  dials = 0;
  liveAnswers = 0;
  liveConnects = 0;
  connects = 0;
  rightPartyContacts = 0;
  abandonedLive = 0;
  abandonedObserved = 0;
  amdFalsePositives = 0;
  amdFalseNegatives = 0;
  machinesDetected = 0;
  noAnswer = 0;
  busy = 0;
  invalid = 0;
  /** Per-interval trace, stride OB_FIELDS, interval k at k * OB_FIELDS (same numbering as the inbound series). */
  iv = new Float64Array(OB_FIELDS * 128);
  private cur = 0;
  intervalCount = 0;
  private readonly series: boolean;

  constructor(series: boolean) {
    this.series = series;
  }

  /** The current interval ended: later counts go to the next one. */
  flushInterval(): void {
    if (!this.series) return;
    this.intervalCount++;
    const need = (this.intervalCount + 1) * OB_FIELDS;
    if (need > this.iv.length) {
      const next = new Float64Array(Math.max(need, this.iv.length * 2));
      next.set(this.iv);
      this.iv = next;
    }
    this.cur = this.intervalCount * OB_FIELDS;
  }

  dial(): void {
    if (this.measuring) this.dials++;
    if (this.series) this.iv[this.cur + OB.dials]++;
  }

  liveAnswer(): void {
    if (this.measuring) this.liveAnswers++;
    if (this.series) this.iv[this.cur + OB.liveAnswers]++;
  }

  connect(live: boolean, rightParty: boolean): void {
    if (this.measuring) {
      this.connects++;
      if (live) this.liveConnects++;
      if (live && rightParty) this.rightPartyContacts++;
    }
    if (this.series) this.iv[this.cur + OB.connects]++;
  }

  abandon(live: boolean): void {
    if (this.measuring) {
      this.abandonedObserved++;
      if (live) this.abandonedLive++;
    }
    if (this.series) this.iv[this.cur + OB.abandoned]++;
  }
}
