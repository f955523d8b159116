/**
 * Streaming statistics of one inbound replication: counters, time integrals, per-interval sums and
 * a wait histogram. Memory is flat in the number of calls: nothing is kept per call. Call outcomes
 * are attributed to the interval in which the call arrived (as WFM reports do); time integrals
 * (busy, staffed, on-shift agents, queue length) to the interval in which the time passed.
 *
 * Hot methods take call slots and read times from the call table and the clock: a double passed to
 * a function V8 did not inline is boxed on the heap, a slot number is not.
 */
import type { CallTable } from '../call-table.ts';

/** Anything with a clock (the event list). */
export interface Clock {
  readonly now: number;
}

/** Per-interval fields, stored with a stride in one growable array. */
export const IV = {
  offered: 0,
  answered: 1,
  abandoned: 2,
  blocked: 3,
  withinT: 4,
  sumWait: 5,
  busyArea: 6,
  staffedArea: 7,
  onShiftArea: 8,
  queueArea: 9,
  seconds: 10,
} as const;
export const IV_FIELDS = 11;

export interface InboundTotals {
  offered: number;
  answered: number;
  abandoned: number;
  blocked: number;
  waited: number;
  answeredWithinT: number;
  sumWaitAnswered: number;
  sumWaitAll: number;
  sumHandle: number;
  busyArea: number;
  staffedArea: number;
  onShiftArea: number;
  queueArea: number;
  windowSeconds: number;
  /** Agent time reserved for outbound attempts before a conversation (preview, dialing, ringing). */
  reservedArea: number;
  /** Talk time of conversations started in the window (inbound and outbound). */
  talkSeconds: number;
  /** Idle spells that ended in a call in the window: count and total seconds. */
  idleSpells: number;
  idleSpellSeconds: number;
}

export class InboundStats {
  // Levels. Their time integrals are kept without work per event: busy time is the handle time
  // committed at answer minus what is still to come (sum of busy agents' end times - busy * t);
  // queue time is the waits already over plus (queue * t - sum of waiting callers' arrival times);
  // staffed and on-shift levels change only at shift events and integrate there.
  busy = 0;
  reserved = 0;
  private reservedArea0 = 0;
  private wReserved = 0;
  private w0Reserved = 0;
  private ivStartReserved = 0;
  private measuring = false;

  /** True while the measurement window is open. */
  get isMeasuring(): boolean {
    return this.measuring;
  }
  private talkSeconds = 0;
  private idleSpells = 0;
  private idleSpellSeconds = 0;
  staffed = 0;
  onShift = 0;
  queue = 0;
  private busyCommitted = 0;
  private busyEndSum = 0;
  private queueCommitted = 0;
  private queueArrivalSum = 0;
  private staffedArea0 = 0;
  private onShiftArea0 = 0;
  private levelsT = 0;
  // Window snapshots (areas at window start), window length once closed.
  private w0Busy = 0;
  private w0Staffed = 0;
  private w0OnShift = 0;
  private w0Queue = 0;
  private windowStart = NaN;
  windowEnd = NaN;
  private wBusy = 0;
  private wStaffed = 0;
  private wOnShift = 0;
  private wQueue = 0;
  // Interval snapshot of areas at the start of the current interval.
  private ivStartBusy = 0;
  private ivStartStaffed = 0;
  private ivStartOnShift = 0;
  private ivStartQueue = 0;
  private ivStartT: number;
  /** Offset in `iv` of the current interval (the one the clock is in), kept so arrivals need no lookup. */
  private curOffset = 0;
  /** Intervals flushed so far. */
  intervalCount = 0;

  offered = 0;
  answered = 0;
  abandoned = 0;
  blocked = 0;
  waited = 0;
  answeredWithinT = 0;
  sumWaitAnswered = 0;
  sumWaitAll = 0;
  sumHandle = 0;

  iv: Float64Array;
  readonly histAnswered: Float64Array;
  readonly histAbandoned: Float64Array;

  private readonly sl: number;
  private readonly origin: number;
  private readonly invInterval: number;
  private readonly intervalSeconds: number;
  private readonly invBin: number;
  private readonly bins: number;
  private readonly series: boolean;
  /** Absolute index of the first recorded interval (the one containing t = 0); recorded ones count from it. */
  readonly firstInterval: number;

  private readonly clock: Clock;
  private readonly calls: CallTable;

  constructor(opts: { slSeconds: number; origin: number; intervalSeconds: number; binSeconds: number; maxSeconds: number; series: boolean }, clock: Clock, calls: CallTable) {
    this.clock = clock;
    this.calls = calls;
    this.sl = opts.slSeconds;
    this.origin = opts.origin;
    this.intervalSeconds = opts.intervalSeconds;
    this.invInterval = 1 / opts.intervalSeconds;
    this.invBin = 1 / opts.binSeconds;
    this.bins = Math.round(opts.maxSeconds / opts.binSeconds);
    this.series = opts.series;
    this.firstInterval = Math.floor(-opts.origin * this.invInterval);
    // The last bin collects everything at or beyond maxSeconds.
    this.histAnswered = new Float64Array(this.bins + 1);
    this.histAbandoned = new Float64Array(this.bins + 1);
    this.iv = new Float64Array(IV_FIELDS * 128);
    this.ivStartT = 0;
  }

  /** The call in `slot` is answered now; its handle time is already in the call table. */
  startBusy(slot: number): void {
    if (this.measuring) this.talkSeconds += this.calls.talk[slot];
    const handle = this.calls.handle[slot];
    this.busy++;
    this.busyCommitted += handle;
    this.busyEndSum += this.clock.now + handle;
  }

  /** An agent ends the call it started (the clock is at the call's end). */
  endBusy(): void {
    // Exactly zero when nobody is busy, so rounding never accumulates across idle spells.
    this.busyEndSum = --this.busy === 0 ? 0 : this.busyEndSum - this.clock.now;
  }

  /** The call in `slot` starts waiting now. */
  enqueue(slot: number): void {
    this.queue++;
    this.queueArrivalSum += this.calls.arrival[slot];
  }

  /** The call in `slot` leaves the queue now (answered or abandoned). */
  dequeue(slot: number): void {
    const arrival = this.calls.arrival[slot];
    this.queueCommitted += this.clock.now - arrival;
    this.queueArrivalSum = --this.queue === 0 ? 0 : this.queueArrivalSum - arrival;
  }

  /** Staffed (idle or busy) and on-shift agent counts change by the given amounts now. */
  changeStaffing(dStaffed: number, dOnShift: number): void {
    this.integrateStaffing(this.clock.now);
    this.staffed += dStaffed;
    this.onShift += dOnShift;
  }

  private integrateStaffing(t: number): void {
    const dt = t - this.levelsT;
    if (dt > 0) {
      this.staffedArea0 += this.staffed * dt;
      this.onShiftArea0 += this.onShift * dt;
      this.reservedArea0 += this.reserved * dt;
      this.levelsT = t;
    }
  }

  /** An agent starts working an outbound attempt before any conversation (counts as busy time). */
  startReserved(): void {
    this.integrateStaffing(this.clock.now);
    this.reserved++;
  }

  endReserved(): void {
    this.integrateStaffing(this.clock.now);
    this.reserved--;
  }

  /** An idle agent starts a call now after being idle since `idleSince` (read from the agent table by slot-free callers). */
  idleSpellEnds(agentIdleSince: Float64Array, agent: number): void {
    if (!this.measuring) return;
    this.idleSpells++;
    this.idleSpellSeconds += this.clock.now - agentIdleSince[agent];
  }

  private busyArea(t: number): number {
    return this.busyCommitted - (this.busyEndSum - this.busy * t);
  }

  private queueArea(t: number): number {
    return this.queueCommitted + (this.queue * t - this.queueArrivalSum);
  }

  /** Index of the interval containing time t (intervals start at the first day's local midnight). */
  intervalOf(t: number): number {
    return Math.floor((t - this.origin) * this.invInterval);
  }

  /** Start time of interval k. */
  intervalStart(k: number): number {
    return this.origin + k * this.intervalSeconds;
  }

  openWindow(): void {
    const t = this.clock.now;
    this.integrateStaffing(t);
    this.windowStart = t;
    this.measuring = true;
    this.w0Reserved = this.reservedArea0;
    this.w0Busy = this.busyArea(t);
    this.w0Staffed = this.staffedArea0;
    this.w0OnShift = this.onShiftArea0;
    this.w0Queue = this.queueArea(t);
  }

  closeWindow(): void {
    const t = this.clock.now;
    this.integrateStaffing(t);
    this.windowEnd = t;
    this.measuring = false;
    this.wReserved = this.reservedArea0 - this.w0Reserved;
    this.wBusy = this.busyArea(t) - this.w0Busy;
    this.wStaffed = this.staffedArea0 - this.w0Staffed;
    this.wOnShift = this.onShiftArea0 - this.w0OnShift;
    this.wQueue = this.queueArea(t) - this.w0Queue;
  }

  /** Records the time integrals of the interval ending at t (the current one) and starts the next. */
  flushInterval(): void {
    if (!this.series) return;
    const t = this.clock.now;
    this.integrateStaffing(t);
    const busy = this.busyArea(t);
    const queue = this.queueArea(t);
    const k = this.intervalCount++;
    const o = this.slot(k);
    const iv = this.iv;
    iv[o + IV.busyArea] = busy - this.ivStartBusy + (this.reservedArea0 - this.ivStartReserved);
    this.ivStartReserved = this.reservedArea0;
    iv[o + IV.staffedArea] = this.staffedArea0 - this.ivStartStaffed;
    iv[o + IV.onShiftArea] = this.onShiftArea0 - this.ivStartOnShift;
    iv[o + IV.queueArea] = queue - this.ivStartQueue;
    iv[o + IV.seconds] = t - this.ivStartT;
    this.ivStartBusy = busy;
    this.ivStartStaffed = this.staffedArea0;
    this.ivStartOnShift = this.onShiftArea0;
    this.ivStartQueue = queue;
    this.ivStartT = t;
    this.curOffset = this.slot(k + 1);
  }

  /** Offset in `iv` of the interval in which the call in `slot` arrived (takes the slot: a double argument would be boxed). */
  private offsetOfCall(slot: number): number {
    const arrival = this.calls.arrival[slot];
    return arrival >= this.ivStartT ? this.curOffset : this.slot(this.intervalOf(arrival) - this.firstInterval);
  }

  /** Offset of interval k's fields in `iv`, growing the array when needed. */
  private slot(k: number): number {
    const need = (k + 1) * IV_FIELDS;
    if (need > this.iv.length) {
      let cap = this.iv.length * 2;
      while (cap < need) cap *= 2;
      const next = new Float64Array(cap);
      next.set(this.iv);
      this.iv = next;
    }
    return k * IV_FIELDS;
  }

  /** A call arrives now (always in the current interval). */
  arrive(measured: boolean): void {
    if (measured) this.offered++;
    if (this.series) this.iv[this.curOffset + IV.offered]++;
  }

  /** The call in `slot` is answered now; its handle time is in the call table. */
  answer(slot: number, measured: boolean): void {
    const arrival = this.calls.arrival[slot];
    const wait = this.clock.now - arrival;
    const within = wait <= this.sl ? 1 : 0;
    if (measured) {
      this.answered++;
      this.sumWaitAnswered += wait;
      this.sumWaitAll += wait;
      this.sumHandle += this.calls.handle[slot];
      this.answeredWithinT += within;
      if (wait > 0) this.waited++;
      const b = Math.floor(wait * this.invBin); // inline: a call taking the double would box it
      this.histAnswered[b < this.bins ? b : this.bins]++;
    }
    if (this.series) {
      const o = this.offsetOfCall(slot);
      this.iv[o + IV.answered]++;
      this.iv[o + IV.withinT] += within;
      this.iv[o + IV.sumWait] += wait;
    }
  }

  /** The call in `slot` hangs up now. */
  abandon(slot: number, measured: boolean): void {
    const arrival = this.calls.arrival[slot];
    const wait = this.clock.now - arrival;
    if (measured) {
      this.abandoned++;
      this.sumWaitAll += wait;
      this.waited++;
      const b = Math.floor(wait * this.invBin);
      this.histAbandoned[b < this.bins ? b : this.bins]++;
    }
    if (this.series) this.iv[this.offsetOfCall(slot) + IV.abandoned]++;
  }

  /** A call arriving now finds the waiting room full. */
  block(measured: boolean): void {
    if (measured) this.blocked++;
    if (this.series) this.iv[this.curOffset + IV.blocked]++;
  }

  totals(): InboundTotals {
    return {
      offered: this.offered,
      answered: this.answered,
      abandoned: this.abandoned,
      blocked: this.blocked,
      waited: this.waited,
      answeredWithinT: this.answeredWithinT,
      sumWaitAnswered: this.sumWaitAnswered,
      sumWaitAll: this.sumWaitAll,
      sumHandle: this.sumHandle,
      busyArea: this.wBusy,
      staffedArea: this.wStaffed,
      onShiftArea: this.wOnShift,
      queueArea: this.wQueue,
      windowSeconds: this.windowEnd - this.windowStart,
      reservedArea: this.wReserved,
      talkSeconds: this.talkSeconds,
      idleSpells: this.idleSpells,
      idleSpellSeconds: this.idleSpellSeconds,
    };
  }
}
