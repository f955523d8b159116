/**
 * ComplianceTracker (sim/outbound/compliance.ts) driven by a fake clock, against brute force:
 *
 * - UK (rolling 24 h): the rate over (t - W, t] is piecewise constant, changing only when an event
 *   enters (t = its time) or leaves (t = its time + W). The brute force counts every window (t - W, t]
 *   from scratch at each such point (and at W itself) with W <= t <= the end, and takes the maximum;
 *   the spans where it exceeds the threshold are the violations. Event times are continuous random
 *   doubles, so no two change points coincide. (Simultaneous changes are not covered: the tracker evaluates
 *   after each single change, so an expiry and an entry at the same instant, or an abandon and a connect
 *   recorded at the same instant, are evaluated in a transient state no window (t - W, t] has.)
 * - US (fixed 30-day periods): each period's counts from scratch.
 * - The rate formula: abandoned' / (abandoned' + connected), abandoned' = abandoned + r/(1-r)·(abandoned +
 *   connected) when the pack counts the AMD estimate (r the AMD's stated false-positive rate).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveCompliance, type ComplianceSpecInput } from '../../../scenarios/outbound-schema.ts';
import { ComplianceTracker, type ComplianceSummary } from '../../../sim/outbound/compliance.ts';

const HOUR = 3600;
const DAY = 86400;

interface Ev {
  t: number;
  abandon: boolean;
}

function pack(c: Partial<ComplianceSpecInput> & { pack: 'us' | 'uk' }) {
  return resolveCompliance(c as ComplianceSpecInput);
}

/** Runs the tracker over the events (with extra `advance` calls as a dialer makes) and closes it at `end`. */
function track(p: ReturnType<typeof pack>, r: number, events: Ev[], end: number, advances: number[] = []): { tracker: ComplianceTracker; summary: ComplianceSummary } {
  const clock = { now: 0 };
  const tracker = new ComplianceTracker(p, r, clock);
  const ticks = [...advances].sort((a, b) => a - b);
  let k = 0;
  for (const e of events) {
    while (k < ticks.length && ticks[k] < e.t) {
      clock.now = ticks[k++];
      tracker.advance(clock.now);
    }
    clock.now = e.t;
    if (e.abandon) tracker.recordAbandon();
    else tracker.recordConnect();
  }
  clock.now = end;
  return { tracker, summary: tracker.finish(end) };
}

function rateOf(abandoned: number, connected: number, factor: number): number | null {
  const a = abandoned + factor * (abandoned + connected);
  return a + connected > 0 ? a / (a + connected) : null;
}

function countIn(events: Ev[], from: number, to: number, leftOpen: boolean): { a: number; c: number } {
  let a = 0;
  let c = 0;
  for (const e of events) {
    const inside = (leftOpen ? e.t > from : e.t >= from) && (leftOpen ? e.t <= to : e.t < to);
    if (!inside) continue;
    if (e.abandon) a++;
    else c++;
  }
  return { a, c };
}

/** Brute force of a rolling pack: every window (t - W, t], W <= t <= end, at every change point. */
function bruteRolling(events: Ev[], end: number, W: number, factor: number, threshold: number) {
  if (end < W) {
    // shorter than one window: the campaign as a whole
    const all = countIn(events, -Infinity, Infinity, true);
    const whole = rateOf(all.a, all.c, factor);
    return { worst: whole, worstAt: whole === null ? null : end, violations: whole !== null && whole > threshold ? [{ from: 0, to: end, peakRate: whole }] : [] };
  }
  const points = new Set<number>([W]);
  for (const e of events) {
    if (e.t >= W && e.t <= end) points.add(e.t);
    if (e.t + W >= W && e.t + W <= end) points.add(e.t + W);
  }
  const ts = [...points].sort((a, b) => a - b);
  const rates = ts.map((t) => {
    let a = 0;
    let c = 0;
    for (const e of events) {
      if (e.t <= t && e.t + W > t) {
        if (e.abandon) a++;
        else c++;
      }
    }
    return rateOf(a, c, factor) ?? 0;
  });
  let worst = -1;
  let worstAt = NaN;
  rates.forEach((r, i) => {
    if (r > worst) {
      worst = r;
      worstAt = ts[i];
    }
  });
  // Maximal spans [from, to) over the threshold; a span still open at the end closes there.
  const violations: { from: number; to: number; peakRate: number }[] = [];
  let open: { from: number; peakRate: number } | null = null;
  rates.forEach((r, i) => {
    if (r > threshold) {
      if (open === null) open = { from: ts[i], peakRate: r };
      else open.peakRate = Math.max(open.peakRate, r);
    } else if (open !== null) {
      violations.push({ from: open.from, to: ts[i], peakRate: open.peakRate });
      open = null;
    }
  });
  if (open !== null) violations.push({ from: (open as { from: number }).from, to: end, peakRate: (open as { peakRate: number }).peakRate });
  return { worst, worstAt, violations };
}

/**
 * No two change points of the rolling window (event times, event times + W, the end) within a
 * millisecond: whether an event W before the end is still inside is then not a matter of rounding.
 */
function separated(events: Ev[], end: number, W: number): boolean {
  const points = [...events.map((e) => e.t), ...events.map((e) => e.t + W), end].sort((a, b) => a - b);
  for (let i = 1; i < points.length; i++) if (points[i] - points[i - 1] < 1e-3) return false;
  return true;
}

/** Random event sequences: strictly increasing continuous times from just after 0, a per-sequence abandon share. */
const eventSequence = (maxGap: number, maxLength: number) =>
  fc
    .record({
      gaps: fc.array(fc.double({ min: 1, max: maxGap, noNaN: true }), { minLength: 0, maxLength }),
      abandonShare: fc.double({ min: 0, max: 0.15, noNaN: true }),
      coins: fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: maxLength, maxLength }),
      tail: fc.double({ min: 0, max: 2 * DAY, noNaN: true }),
      advances: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }),
    })
    .map(({ gaps, abandonShare, coins, tail, advances }) => {
      // Each time gets an irrational offset shrinking cannot remove, so that no event falls exactly W
      // after another, nor the end exactly W after an event (ties are discussed in the header).
      let t = 0;
      const events: Ev[] = gaps.map((g, i) => {
        t += g + Math.SQRT2 * 1e-3;
        return { t, abandon: coins[i] < abandonShare };
      });
      const end = t + tail + Math.PI * 1e-3;
      return { events, end, advances: advances.map((u) => u * end) };
    });

describe('UK pack: rolling 24-hour windows', () => {
  it('the worst window equals the brute-force maximum over every window (t - W, t], W <= t <= end', () => {
    fc.assert(
      fc.property(
        eventSequence(3 * HOUR, 250),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        fc.boolean(),
        fc.double({ min: 0.01, max: 0.2, noNaN: true }),
        ({ events, end, advances }, r, countAmd, threshold) => {
          fc.pre(separated(events, end, 24 * HOUR));
          const p = pack({ pack: 'uk', countAmdEstimate: countAmd, threshold });
          const factor = countAmd ? r / (1 - r) : 0;
          const { summary } = track(p, r, events, end, advances);
          const want = bruteRolling(events, end, 24 * HOUR, factor, threshold);
          if (want.worst === null || want.worst < 0) {
            expect(summary.worstRate).toBeNull();
          } else {
            expect(summary.worstRate).not.toBeNull();
            expect(Math.abs(summary.worstRate! - want.worst)).toBeLessThanOrEqual(1e-12);
            expect(summary.worstAt).toBe(want.worstAt);
            expect(summary.headroom).toBeCloseTo(threshold - want.worst, 12);
          }
          expect(summary.violations.length).toBe(want.violations.length);
          summary.violations.forEach((v, i) => {
            expect(v.from).toBe(want.violations[i].from);
            expect(v.to).toBe(want.violations[i].to);
            expect(Math.abs(v.peakRate - want.violations[i].peakRate)).toBeLessThanOrEqual(1e-12);
            expect(v.peakRate).toBeGreaterThan(threshold);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the window counts the dialer reads equal the counts of (t - W, t] at any time', () => {
    fc.assert(
      fc.property(eventSequence(3 * HOUR, 150), fc.double({ min: 0, max: 0.1, noNaN: true }), ({ events, end, advances }, r) => {
        fc.pre(separated([...events, ...advances.map((t) => ({ t, abandon: false }))], end, 24 * HOUR));
        const p = pack({ pack: 'uk' });
        const factor = r / (1 - r);
        const clock = { now: 0 };
        const tracker = new ComplianceTracker(p, r, clock);
        const probes = [...advances].sort((a, b) => a - b);
        let k = 0;
        const probe = (t: number) => {
          clock.now = t;
          tracker.advance(t);
          let a = 0;
          let c = 0;
          for (const e of events) {
            if (e.t <= t && e.t + 24 * HOUR > t) {
              if (e.abandon) a++;
              else c++;
            }
          }
          const est = a + factor * (a + c);
          expect(tracker.windowAbandoned).toBeCloseTo(est, 9);
          expect(tracker.windowDenominator).toBeCloseTo(est + c, 9);
        };
        for (const e of events) {
          while (k < probes.length && probes[k] < e.t) probe(probes[k++]);
          clock.now = e.t;
          if (e.abandon) tracker.recordAbandon();
          else tracker.recordConnect();
        }
        while (k < probes.length) probe(probes[k++]);
      }),
      { numRuns: 100 },
    );
  });

  it('an event leaves the window exactly W after it happened: the window is (t - W, t]', () => {
    const clock = { now: 0 };
    const tracker = new ComplianceTracker(pack({ pack: 'uk' }), 0, clock);
    clock.now = 1000;
    tracker.recordAbandon();
    clock.now = 5000;
    tracker.recordConnect();
    tracker.advance(1000 + DAY - 1);
    expect([tracker.windowAbandoned, tracker.windowDenominator]).toEqual([1, 2]);
    tracker.advance(1000 + DAY);
    expect([tracker.windowAbandoned, tracker.windowDenominator]).toEqual([0, 1]);
    tracker.advance(5000 + DAY);
    expect([tracker.windowAbandoned, tracker.windowDenominator]).toEqual([0, 0]);
  });

  it('windows before the first full window are not evaluated', () => {
    // An abandon at 00:01:40 makes the partial "window" ending then 100% abandoned; the first full
    // window (0, 24 h] also holds 999 connects.
    const events: Ev[] = [{ t: 100, abandon: true }];
    for (let i = 0; i < 999; i++) events.push({ t: 200 + i * 80, abandon: false });
    const { summary } = track(pack({ pack: 'uk' }), 0, events, 30 * HOUR);
    expect(summary.worstRate).toBeCloseTo(1 / 1000, 15);
    expect(summary.worstAt).toBe(24 * HOUR);
    expect(summary.violations).toEqual([]);
  });

  it('windows reaching past the end are not evaluated either', () => {
    // 1,000 connects on day 1, 2 abandons at 25 h; the campaign ends at 26 h. Windows ending at 25 h..26 h
    // hold the two abandons and most connects; a "window" ending after 26 h would hold almost only the
    // abandons and must not count.
    const events: Ev[] = [];
    for (let i = 0; i < 1000; i++) events.push({ t: 10 * HOUR + i * 36, abandon: false });
    events.push({ t: 25 * HOUR, abandon: true }, { t: 25 * HOUR + 1, abandon: true });
    const { summary } = track(pack({ pack: 'uk' }), 0, events, 26 * HOUR);
    expect(summary.worstRate).toBeCloseTo(2 / 1002, 15);
    expect(summary.worstAt).toBe(25 * HOUR + 1);
  });

  it('a campaign shorter than the window is measured as a whole', () => {
    const mk = (abandons: number, connects: number): Ev[] => {
      const ev: Ev[] = [];
      for (let i = 0; i < abandons + connects; i++) ev.push({ t: 60 + i * 300, abandon: i % 10 === 5 && i < 10 * abandons });
      return ev;
    };
    const under = mk(3, 97);
    expect(under.filter((e) => e.abandon).length).toBe(3);
    const a = track(pack({ pack: 'uk' }), 0, under, 10 * HOUR).summary;
    expect(a.worstRate).toBeCloseTo(0.03, 15);
    expect(a.worstAt).toBe(10 * HOUR);
    expect(a.violations).toEqual([]);
    const over = mk(4, 96);
    expect(over.filter((e) => e.abandon).length).toBe(4);
    const b = track(pack({ pack: 'uk' }), 0, over, 10 * HOUR).summary;
    expect(b.worstRate).toBeCloseTo(0.04, 15);
    expect(b.violations).toEqual([{ from: 0, to: 10 * HOUR, peakRate: b.worstRate }]);
    expect(b.rate).toBeCloseTo(0.04, 15);
    // Nothing happened at all: no rate.
    const none = track(pack({ pack: 'uk' }), 0, [], 10 * HOUR).summary;
    expect(none.worstRate).toBeNull();
    expect(none.rate).toBeNull();
    expect(none.headroom).toBeNull();
  });

  it('daily report windows partition the run and add up to the whole', () => {
    fc.assert(
      fc.property(eventSequence(2 * HOUR, 200), ({ events, end }) => {
        const { summary } = track(pack({ pack: 'uk' }), 0.02, events, end);
        let a = 0;
        let c = 0;
        let prevEnd = 0;
        summary.windows.forEach((w, i) => {
          expect(w.start).toBe(prevEnd);
          expect(w.end).toBeGreaterThan(w.start);
          // [start, end); the last window, closed at the end of the run, also holds an event at its end
          const want = countIn(events, w.start, i === summary.windows.length - 1 ? Infinity : w.end, false);
          expect([w.abandoned, w.connected]).toEqual([want.a, want.c]);
          a += w.abandoned;
          c += w.connected;
          prevEnd = w.end;
        });
        expect([a, c]).toEqual([summary.abandoned, summary.connected]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the rate formula and the AMD estimate', () => {
  it('adds r/(1-r) x (connected + abandoned) to abandoned when the pack counts the estimate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.constantFrom('us', 'uk') as fc.Arbitrary<'us' | 'uk'>,
        fc.option(fc.boolean(), { nil: undefined }),
        fc.integer({ min: 0, max: 40 }),
        (abandoned, connected, r, packName, countOverride, truthFp) => {
          const p = pack({ pack: packName, countAmdEstimate: countOverride });
          const counts = countOverride ?? packName === 'uk';
          expect(p.countAmdEstimate).toBe(counts);
          const events: Ev[] = [];
          for (let i = 0; i < abandoned + connected; i++) events.push({ t: 1 + i * 5, abandon: i < abandoned });
          const clock = { now: 0 };
          const tracker = new ComplianceTracker(p, r, clock);
          for (const e of events) {
            clock.now = e.t;
            if (e.abandon) tracker.recordAbandon();
            else tracker.recordConnect();
          }
          for (let i = 0; i < truthFp; i++) tracker.recordTrueFalsePositive();
          const end = events.length > 0 ? events[events.length - 1].t + 1 : 1;
          const s = tracker.finish(end);
          const factor = counts ? r / (1 - r) : 0;
          expect(s.abandoned).toBe(abandoned);
          expect(s.connected).toBe(connected);
          expect(s.amdEstimate).toBeCloseTo(factor * (abandoned + connected), 9);
          expect(s.amdFalsePositives).toBe(truthFp); // reported beside the estimate, never counted
          const want = rateOf(abandoned, connected, factor);
          if (want === null) expect(s.rate).toBeNull();
          else expect(s.rate!).toBeCloseTo(want, 12);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('pack defaults: UK 3% over rolling 24 h with the estimate and a 72-hour re-call block; US 3% per 30 days', () => {
    expect(pack({ pack: 'uk' })).toEqual({ pack: 'uk', threshold: 0.03, windowHours: 24, rolling: true, connectSeconds: 2, recallBlockHours: 72, countAmdEstimate: true, minRingSeconds: 15 });
    expect(pack({ pack: 'us' })).toEqual({ pack: 'us', threshold: 0.03, windowHours: 720, rolling: false, connectSeconds: 2, recallBlockHours: 0, countAmdEstimate: false, minRingSeconds: 15 });
  });
});

describe('US pack: fixed 30-day periods', () => {
  const W = 720 * HOUR;

  it('each period is counted on its own; the worst period and the violations follow', () => {
    fc.assert(
      fc.property(
        fc
          .record({
            gaps: fc.array(fc.double({ min: 1, max: 2 * DAY, noNaN: true }), { maxLength: 120 }),
            abandonShare: fc.double({ min: 0, max: 0.1, noNaN: true }),
            coins: fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 120, maxLength: 120 }),
            tail: fc.double({ min: 0, max: 40 * DAY, noNaN: true }),
          })
          .map(({ gaps, abandonShare, coins, tail }) => {
            let t = 0;
            const events = gaps.map((g, i) => ({ t: (t += g), abandon: coins[i] < abandonShare }));
            return { events, end: t + tail };
          }),
        fc.double({ min: 0.01, max: 0.1, noNaN: true }),
        ({ events, end }, threshold) => {
          const p = pack({ pack: 'us', threshold });
          const { summary } = track(p, 0.05, events, end); // r is ignored: the US pack does not count the estimate
          // Full periods [kW, (k+1)W) with (k+1)W <= end, then the last partial one if anything happened in it
          // (or if it is the only one).
          const expected: { start: number; end: number; a: number; c: number; rate: number | null }[] = [];
          let k = 0;
          for (; (k + 1) * W <= end; k++) {
            const { a, c } = countIn(events, k * W, (k + 1) * W, false);
            expected.push({ start: k * W, end: (k + 1) * W, a, c, rate: rateOf(a, c, 0) });
          }
          const last = countIn(events, k * W, Infinity, false);
          if (last.a + last.c > 0 || expected.length === 0) expected.push({ start: k * W, end: Math.max(end, k * W), a: last.a, c: last.c, rate: rateOf(last.a, last.c, 0) });
          expect(summary.windows.map((w) => [w.start, w.end, w.abandoned, w.connected, w.amdEstimate])).toEqual(expected.map((w) => [w.start, w.end, w.a, w.c, 0]));
          summary.windows.forEach((w, i) => {
            if (expected[i].rate === null) expect(w.rate).toBeNull();
            else expect(w.rate!).toBeCloseTo(expected[i].rate!, 12);
          });
          const rates = expected.map((w) => w.rate).filter((r): r is number => r !== null);
          if (rates.length === 0) expect(summary.worstRate).toBeNull();
          else expect(summary.worstRate!).toBeCloseTo(Math.max(...rates), 12);
          const over = expected.filter((w) => w.rate !== null && w.rate > threshold);
          expect(summary.violations.map((v) => [v.from, v.to])).toEqual(over.map((w) => [w.start, w.end]));
          summary.violations.forEach((v, i) => expect(v.peakRate).toBeCloseTo(over[i].rate!, 12));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a campaign shorter than 30 days is one period, measured over what ran', () => {
    const events: Ev[] = [];
    for (let i = 0; i < 200; i++) events.push({ t: 100 + i * 600, abandon: i % 25 === 0 });
    const { summary } = track(pack({ pack: 'us' }), 0.02, events, 5 * DAY);
    expect(summary.windows).toHaveLength(1);
    expect(summary.windows[0]).toMatchObject({ start: 0, end: 5 * DAY, abandoned: 8, connected: 192 });
    expect(summary.worstRate).toBeCloseTo(8 / 200, 15);
    expect(summary.rate).toBeCloseTo(8 / 200, 15);
    expect(summary.violations).toEqual([{ from: 0, to: 5 * DAY, peakRate: summary.worstRate }]);
  });

  it('an event exactly at a period boundary belongs to the next period', () => {
    const events: Ev[] = [
      { t: 10, abandon: false },
      { t: W, abandon: true },
      { t: W + 10, abandon: false },
    ];
    const { summary } = track(pack({ pack: 'us' }), 0, events, W + 100);
    expect(summary.windows.map((w) => [w.start, w.end, w.abandoned, w.connected])).toEqual([
      [0, W, 0, 1],
      [W, W + 100, 1, 1],
    ]);
  });
});

describe('simultaneous changes', () => {
  it('evaluates the window once every change at an instant is applied, never in between', () => {
    const clock = { now: 0 };
    const t = new ComplianceTracker(
      { pack: 'uk', threshold: 0.03, windowHours: 24, rolling: true, connectSeconds: 2, recallBlockHours: 72, countAmdEstimate: false, minRingSeconds: 15 },
      0,
      clock,
    );
    clock.now = 25 * 3600;
    for (let i = 0; i < 32; i++) t.recordConnect();
    clock.now = 30 * 3600;
    // An abandon and a connect at the same instant: the real windows hold 1/34 at worst.
    t.recordAbandon();
    t.recordConnect();
    const s = t.finish(31 * 3600);
    expect(s.worstRate).toBeCloseTo(1 / 34, 12);
    expect(s.violations).toEqual([]);
  });
});
