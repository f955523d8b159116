import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EVENT_LIST_LIMITS, EventList, MAX_LANES, NO_EVENT } from '../../../sim/kernel/event-list.ts';

// ---------------------------------------------------------------------------------------------------------------
// Oracle: a plain array of pending events, the next one found by a linear scan on (time, priority, sequence).

interface OEvent {
  time: number;
  /** Effective priority: the list clamps to 0..MAX_PRIORITY. */
  prio: number;
  seq: number;
  kind: number;
  data: number;
  /** Heap handle, or -1 for a lane entry. */
  handle: number;
  lane: number;
}

const MAX_PRIORITY = EVENT_LIST_LIMITS.maxPriority;

class Oracle {
  now = 0;
  seq = 0;
  pending: OEvent[] = [];
  lanes: (OEvent | null)[] = new Array(MAX_LANES).fill(null);

  private effective(priority: number): number {
    return priority > 0 ? Math.min(priority, MAX_PRIORITY) : 0;
  }

  schedule(time: number, kind: number, data: number, priority: number): OEvent {
    const e: OEvent = { time, prio: this.effective(priority), seq: this.seq++, kind, data, handle: -1, lane: -1 };
    this.pending.push(e);
    return e;
  }

  setLane(lane: number, time: number, kind: number, data: number, priority: number): void {
    this.lanes[lane] = { time, prio: this.effective(priority), seq: this.seq++, kind, data, handle: -1, lane };
  }

  clearLane(lane: number): boolean {
    const had = this.lanes[lane] !== null;
    this.lanes[lane] = null;
    return had;
  }

  live(): OEvent[] {
    return [...this.pending, ...this.lanes.filter((e): e is OEvent => e !== null)];
  }

  next(): OEvent | undefined {
    let best: OEvent | undefined;
    for (const e of this.live()) {
      if (!best || e.time < best.time || (e.time === best.time && (e.prio < best.prio || (e.prio === best.prio && e.seq < best.seq)))) best = e;
    }
    return best;
  }

  pop(): OEvent | undefined {
    const e = this.next();
    if (!e) return undefined;
    if (e.lane >= 0) this.lanes[e.lane] = null;
    else this.pending.splice(this.pending.indexOf(e), 1);
    this.now = e.time;
    return e;
  }

  isPending(e: OEvent): boolean {
    return this.pending.includes(e);
  }

  cancel(e: OEvent): boolean {
    const i = this.pending.indexOf(e);
    if (i < 0) return false;
    this.pending.splice(i, 1);
    return true;
  }

  clear(): void {
    this.now = 0;
    this.seq = 0;
    this.pending = [];
    this.lanes.fill(null);
  }
}

/** Throws (failing the property) when `ok` is false; cheaper than expect() in the inner loops. */
function check(ok: boolean, what: () => string): void {
  if (!ok) throw new Error(what());
}

/** Checks the observable summary (length, isEmpty, peekTime, lane times) against the oracle. */
function expectSameSummary(el: EventList, o: Oracle): void {
  const live = o.live();
  const peek = live.length === 0 ? Infinity : o.next()!.time;
  check(el.length === live.length, () => `length ${el.length}, oracle ${live.length}`);
  check(el.isEmpty() === (live.length === 0), () => `isEmpty ${el.isEmpty()}, oracle has ${live.length}`);
  const got = el.peekTime();
  check(got === peek, () => `peekTime ${got}, oracle ${peek}`);
  for (let l = 0; l < MAX_LANES; l++) {
    const want = o.lanes[l]?.time ?? Infinity;
    check(el.laneAt(l) === want, () => `laneAt(${l}) ${el.laneAt(l)}, oracle ${want}`);
  }
}

/** Pops once from both and checks they agree (event identity, clock, exposed kind/data). */
function expectSamePop(el: EventList, o: Oracle): OEvent | undefined {
  const before = el.now;
  const want = o.pop();
  const got = el.pop();
  if (!want) {
    expect(got).toBe(NO_EVENT);
    expect(el.now).toBe(before);
    return undefined;
  }
  check(
    got === want.kind && el.now === want.time && el.kind === want.kind && el.data === want.data,
    () => `popped kind ${got} data ${el.data} at ${el.now}, oracle kind ${want.kind} data ${want.data} at ${want.time}`,
  );
  check(el.now >= before, () => `clock went back from ${before} to ${el.now}`);
  return want;
}

function drainAndCompare(el: EventList, o: Oracle): void {
  for (;;) {
    const e = expectSamePop(el, o);
    expectSameSummary(el, o);
    if (!e) break;
  }
  expect(el.pop()).toBe(NO_EVENT);
}

// ---------------------------------------------------------------------------------------------------------------
// Operation generators. Time offsets favour small integers so equal times (and equal priorities) are common.

const dtArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(0, 0, 1, 2, 3) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 30 }) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 50, noNaN: true }) },
);
const prioArb = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(0, 0, 1, 2) }, { weight: 1, arbitrary: fc.constantFrom(-3, 255, 1000) });

type Op =
  | { t: 'sched'; dt: number; prio: number; viaAt: boolean }
  | { t: 'pop' }
  | { t: 'cancel'; pick: number }
  | { t: 'lane'; lane: number; dt: number; prio: number; viaAt: boolean }
  | { t: 'clearLane'; lane: number }
  | { t: 'bad'; dt: number }
  | { t: 'clear' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 50, arbitrary: fc.record({ t: fc.constant('sched' as const), dt: dtArb, prio: prioArb, viaAt: fc.boolean() }) },
  { weight: 30, arbitrary: fc.constant({ t: 'pop' as const }) },
  { weight: 20, arbitrary: fc.record({ t: fc.constant('cancel' as const), pick: fc.nat() }) },
  {
    weight: 15,
    arbitrary: fc.record({ t: fc.constant('lane' as const), lane: fc.integer({ min: 0, max: MAX_LANES - 1 }), dt: dtArb, prio: prioArb, viaAt: fc.boolean() }),
  },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('clearLane' as const), lane: fc.integer({ min: 0, max: MAX_LANES - 1 }) }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('bad' as const), dt: fc.oneof(fc.double({ min: 1e-9, max: 10, noNaN: true }), fc.constant(Infinity), fc.constant(NaN)) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'clear' as const }) },
);

/**
 * Runs the ops on both an EventList and the oracle, checking every answer. Ids (data) are unique; kinds repeat.
 * Handles of every event ever scheduled are kept, so cancels also hit fired, cancelled and stale handles (slots are
 * reused LIFO, so a stale handle usually points at a slot that holds a newer event). Fewer than 512 releases happen
 * per run, so generations never wrap (the documented aliasing limit).
 */
function runOps(ops: Op[], capacity: number): number {
  let peak = 0;
  const el = new EventList(capacity);
  const o = new Oracle();
  const issued: { handle: number; ev: OEvent }[] = [];
  let id = 0;
  for (const op of ops) {
    switch (op.t) {
      case 'sched': {
        const time = o.now + op.dt;
        const data = id++;
        const kind = data % 7;
        let h: number;
        if (op.viaAt) {
          el.at[0] = time;
          h = el.scheduleAt(kind, data);
        } else h = el.schedule(time, kind, data, op.prio);
        const ev = o.schedule(time, kind, data, op.viaAt ? 0 : op.prio);
        expect(h).toBeGreaterThanOrEqual(0);
        expect(el.isScheduled(h)).toBe(true);
        expect(el.timeOf(h)).toBe(time);
        issued.push({ handle: h, ev });
        break;
      }
      case 'pop':
        expectSamePop(el, o);
        break;
      case 'cancel': {
        if (issued.length === 0) break;
        const { handle, ev } = issued[op.pick % issued.length];
        const live = o.isPending(ev);
        expect(el.isScheduled(handle)).toBe(live);
        if (live) expect(el.timeOf(handle)).toBe(ev.time);
        else expect(el.timeOf(handle)).toBeNaN();
        expect(el.cancel(handle)).toBe(o.cancel(ev));
        expect(el.isScheduled(handle)).toBe(false);
        expect(el.cancel(handle)).toBe(false);
        break;
      }
      case 'lane': {
        const time = o.now + op.dt;
        const data = id++;
        const kind = data % 7;
        if (op.viaAt) {
          el.at[0] = time;
          el.setLaneAt(op.lane, kind, data);
        } else el.setLane(op.lane, time, kind, data, op.prio);
        o.setLane(op.lane, time, kind, data, op.viaAt ? 0 : op.prio);
        break;
      }
      case 'clearLane':
        expect(el.clearLane(op.lane)).toBe(o.clearLane(op.lane));
        break;
      case 'bad': {
        const time = o.now - op.dt; // in the past, or NaN / -Infinity (from Infinity)
        expect(() => el.schedule(time, 1, -1)).toThrow(RangeError);
        expect(() => el.setLane(0, time, 1, -1)).toThrow(RangeError);
        if (op.dt === Infinity) {
          expect(() => el.schedule(Infinity, 1, -1)).toThrow(RangeError);
          expect(() => el.setLane(1, Infinity, 1, -1)).toThrow(RangeError);
        }
        break;
      }
      case 'clear':
        el.clear();
        o.clear();
        expect(el.now).toBe(0);
        break;
    }
    expectSameSummary(el, o);
    peak = Math.max(peak, el.length);
  }
  drainAndCompare(el, o);
  // Once everything fired, every handle ever issued is dead.
  for (const { handle } of issued) {
    expect(el.isScheduled(handle)).toBe(false);
    expect(el.cancel(handle)).toBe(false);
  }
  return peak;
}

describe('EventList: order against an array oracle', () => {
  it('pops in stable (time, priority, sequence) order with interleaved schedules, pops, cancels and lanes', () => {
    // Half the runs start with a burst of 65..200 schedules, so the list always outgrows its initial capacity
    // (16 or 64; 1 is raised to 16) there, through one or more doublings, before the random mix continues.
    const schedArb = fc.record({ t: fc.constant('sched' as const), dt: dtArb, prio: prioArb, viaAt: fc.boolean() });
    const prefixArb = fc.oneof(fc.array(schedArb, { maxLength: 10 }), fc.array(schedArb, { minLength: 65, maxLength: 200, size: 'max' }));
    fc.assert(
      fc.property(prefixArb, fc.array(opArb, { maxLength: 300, size: 'max' }), fc.constantFrom(1, 16, 64), (prefix, ops, cap) => {
        const peak = runOps([...prefix, ...ops], cap);
        if (prefix.length > 64) expect(peak).toBeGreaterThanOrEqual(prefix.length);
      }),
      { numRuns: 100 },
    );
  });

  it('orders a batch of same-time events by priority, then FIFO, and grows past the initial capacity', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ time: fc.constantFrom(0, 1, 2, 2.5), prio: fc.constantFrom(0, 1, 2) }), { minLength: 1, maxLength: 300, size: 'max' }),
        (evs) => {
          const el = new EventList(16);
          evs.forEach((e, i) => el.schedule(e.time, i % 3, i, e.prio));
          const want = evs
            .map((e, i) => ({ ...e, i }))
            .sort((a, b) => a.time - b.time || a.prio - b.prio || a.i - b.i) // Array.prototype.sort is stable; i breaks ties anyway
            .map((e) => e.i);
          const got: number[] = [];
          while (el.pop() !== NO_EVENT) got.push(el.data);
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps exact order under heavy cancellation (compaction path)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 40, max: 400 }),
        fc.double({ min: 0.5, max: 0.98, noNaN: true }),
        fc.integer({ min: 0, max: 20 }),
        fc.infiniteStream(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 9 }), fc.constantFrom(0, 1))),
        (n, cancelShare, popsBetween, rnd) => {
          const el = new EventList(16);
          const o = new Oracle();
          const src = rnd[Symbol.iterator]();
          const issued: { h: number; ev: OEvent }[] = [];
          for (let i = 0; i < n; i++) {
            const [, t, p] = src.next().value;
            const h = el.schedule(t, i % 5, i, p);
            issued.push({ h, ev: o.schedule(t, i % 5, i, p) });
          }
          // Cancel a large share, popping a few events now and then.
          for (let i = 0; i < n; i++) {
            const [u] = src.next().value;
            if (u < cancelShare) {
              const { h, ev } = issued[i];
              expect(el.cancel(h)).toBe(o.cancel(ev));
            }
            if (popsBetween > 0 && i % (popsBetween + 7) === 0) expectSamePop(el, o);
            if (i % 8 === 0) expectSameSummary(el, o);
          }
          // Schedule some more after compaction (reusing released slots) and drain.
          for (let i = 0; i < 30; i++) {
            const [, t, p] = src.next().value;
            const time = o.now + t;
            el.schedule(time, 3, n + i, p);
            o.schedule(time, 3, n + i, p);
          }
          expectSameSummary(el, o);
          drainAndCompare(el, o);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('compacts once tombstones exceed 32 and half the heap (white-box check that the path is taken)', () => {
    const el = new EventList(16);
    const hs: number[] = [];
    for (let i = 0; i < 100; i++) hs.push(el.schedule(100 - i, 0, i)); // times 100..1, reversed
    const internals = el as unknown as { size: number; dead: number };
    for (let i = 0; i < 50; i++) expect(el.cancel(hs[2 * i])).toBe(true); // cancel every even id
    // 50 tombstones out of 100 is not more than half; one more tips it over.
    expect(internals.size).toBe(100);
    expect(internals.dead).toBe(50);
    expect(el.cancel(hs[1])).toBe(true);
    expect(internals.size).toBe(49);
    expect(internals.dead).toBe(0);
    expect(el.length).toBe(49);
    const got: number[] = [];
    while (el.pop() !== NO_EVENT) got.push(el.data);
    const want: number[] = [];
    for (let i = 99; i >= 3; i -= 2) want.push(i);
    expect(got).toEqual(want);
  });

  it('clamps priorities to 0..MAX_PRIORITY', () => {
    const el = new EventList();
    el.schedule(5, 1, 0, 1000); // same rank as 255, scheduled first
    el.schedule(5, 1, 1, 255);
    el.schedule(5, 1, 2, -7); // same rank as 0
    el.schedule(5, 1, 3, 0);
    el.schedule(5, 1, 4, 254);
    const got: number[] = [];
    while (el.pop() !== NO_EVENT) got.push(el.data);
    expect(got).toEqual([2, 3, 4, 0, 1]);
  });
});

describe('EventList: cancel and handles', () => {
  it('a cancelled event never fires, and cancel is false for fired, cancelled and stale handles', () => {
    const el = new EventList(16);
    const a = el.schedule(1, 1, 10);
    const b = el.schedule(2, 1, 11);
    expect(el.cancel(a)).toBe(true);
    expect(el.cancel(a)).toBe(false); // already cancelled
    expect(el.isScheduled(a)).toBe(false);
    expect(el.timeOf(a)).toBeNaN();
    expect(el.pop()).toBe(1);
    expect(el.data).toBe(11);
    expect(el.now).toBe(2);
    expect(el.cancel(b)).toBe(false); // fired
    expect(el.pop()).toBe(NO_EVENT);
    expect(el.now).toBe(2);
  });

  it('a stale handle never cancels the event that reuses its slot', () => {
    const el = new EventList(16);
    let old = el.schedule(0, 1, 0);
    const slot = old & (EVENT_LIST_LIMITS.slots - 1);
    // Reuse the same slot over and over (LIFO free list); every earlier handle stays dead.
    const stale: number[] = [];
    for (let i = 1; i < 400; i++) {
      el.pop();
      stale.push(old);
      const h = el.schedule(el.now + 1, 1, i);
      expect(h & (EVENT_LIST_LIMITS.slots - 1)).toBe(slot); // the slot really is reused
      expect(h).not.toBe(old);
      old = h;
    }
    for (const h of stale) {
      expect(el.isScheduled(h)).toBe(false);
      expect(el.cancel(h)).toBe(false);
    }
    expect(el.isScheduled(old)).toBe(true);
    expect(el.length).toBe(1);
    expect(el.pop()).toBe(1);
    expect(el.data).toBe(399);
  });

  it('rejects nonsense handles', () => {
    const el = new EventList(16);
    el.schedule(1, 1, 1);
    for (const h of [-1, -(2 ** 31), NaN, 2 ** 31 - 1, 1 << 21, 12345]) {
      expect(el.isScheduled(h)).toBe(false);
      expect(el.cancel(h)).toBe(false);
    }
    expect(el.length).toBe(1);
  });

  it('cancelling the top updates peekTime and length', () => {
    const el = new EventList();
    const a = el.schedule(3, 1, 0);
    el.schedule(7, 1, 1);
    expect(el.peekTime()).toBe(3);
    el.cancel(a);
    expect(el.length).toBe(1);
    expect(el.peekTime()).toBe(7);
    expect(el.pop()).toBe(1);
    expect(el.now).toBe(7);
  });
});

describe('EventList: lanes', () => {
  it('interleaves lane entries with heap events by (time, priority, sequence of the setLane call)', () => {
    const el = new EventList();
    el.schedule(5, 1, 100); // seq 0
    el.setLane(0, 5, 2, 200); // seq 1: after the heap event at the same time
    el.schedule(5, 1, 101); // seq 2
    el.setLane(1, 5, 2, 201, 0); // seq 3
    el.schedule(4, 1, 102, 1); // earlier time wins despite priority
    el.setLane(2, 5, 2, 202, 1); // priority 1: after all priority-0 events at 5
    const got: number[] = [];
    while (el.pop() !== NO_EVENT) got.push(el.data);
    expect(got).toEqual([102, 100, 200, 101, 201, 202]);
  });

  it('setLane replaces the pending entry (the old one never fires) and takes a fresh sequence number', () => {
    const el = new EventList();
    el.setLane(0, 5, 2, 1);
    el.schedule(5, 1, 2);
    el.setLane(0, 5, 2, 3); // replaces data 1; now sequenced after data 2
    expect(el.length).toBe(2);
    el.pop();
    expect(el.data).toBe(2);
    el.pop();
    expect(el.data).toBe(3);
    expect(el.pop()).toBe(NO_EVENT);
  });

  it('clearLane empties a lane and reports whether it held an event', () => {
    const el = new EventList();
    expect(el.clearLane(0)).toBe(false);
    el.setLane(3, 1, 2, 9);
    expect(el.laneAt(3)).toBe(1);
    expect(el.length).toBe(1);
    expect(el.clearLane(3)).toBe(true);
    expect(el.clearLane(3)).toBe(false);
    expect(el.laneAt(3)).toBe(Infinity);
    expect(el.length).toBe(0);
    expect(el.pop()).toBe(NO_EVENT);
  });

  it('rejects lanes outside 0..MAX_LANES-1 without corrupting the list', () => {
    const el = new EventList();
    el.setLane(0, 1, 2, 7);
    for (const lane of [-1, MAX_LANES, 99]) {
      expect(() => el.setLane(lane, 1, 2, 8)).toThrow(RangeError);
      expect(() => el.clearLane(lane)).toThrow(RangeError);
    }
    expect(el.length).toBe(1);
    expect(el.pop()).toBe(2);
    expect(el.data).toBe(7);
  });
});

describe('EventList: clock', () => {
  it('never goes back, and rejects times before now, at Infinity and NaN', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 200 }), (ts) => {
        const el = new EventList(16);
        for (const t of ts) el.schedule(t, 1, 0);
        let last = -Infinity;
        while (el.pop() !== NO_EVENT) {
          expect(el.now).toBeGreaterThanOrEqual(last);
          last = el.now;
          expect(() => el.schedule(last - 1e-9, 1, 0)).toThrow(RangeError);
          expect(() => el.schedule(Infinity, 1, 0)).toThrow(RangeError);
          expect(() => el.schedule(NaN, 1, 0)).toThrow(RangeError);
          el.at[0] = last - 1;
          expect(() => el.scheduleAt(1, 0)).toThrow(RangeError);
          expect(() => el.setLaneAt(0, 1, 0)).toThrow(RangeError);
        }
        expect(last).toBe(Math.max(...ts));
        expect(el.length).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('accepts an event at exactly now', () => {
    const el = new EventList();
    el.schedule(4, 1, 0);
    el.pop();
    el.schedule(4, 1, 1);
    el.setLane(0, 4, 2, 2);
    expect(el.pop()).toBe(1);
    expect(el.pop()).toBe(2);
    expect(el.now).toBe(4);
  });

  it('clear drops everything, resets the clock and the counter, and keeps old handles dead', () => {
    const el = new EventList(16);
    const hs: number[] = [];
    for (let i = 0; i < 40; i++) hs.push(el.schedule(10 + i, 1, i));
    el.cancel(hs[3]);
    el.setLane(1, 12, 2, 99);
    el.pop();
    expect(el.popped).toBe(1);
    el.clear();
    expect({ now: el.now, length: el.length, empty: el.isEmpty(), peek: el.peekTime(), popped: el.popped }).toEqual({
      now: 0,
      length: 0,
      empty: true,
      peek: Infinity,
      popped: 0,
    });
    expect(el.laneAt(1)).toBe(Infinity);
    const fresh = el.schedule(0, 5, 1000);
    for (const h of hs) {
      expect(el.isScheduled(h)).toBe(false);
      expect(el.cancel(h)).toBe(false);
    }
    expect(el.isScheduled(fresh)).toBe(true);
    expect(el.pop()).toBe(5);
    expect(el.data).toBe(1000);
    expect(el.pop()).toBe(NO_EVENT);
  });
});
