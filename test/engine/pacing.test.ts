/**
 * The pacing policies (engine/pacing.ts) on hand-filled DialerSignals, each held to an oracle that
 * does not share its code: integer arithmetic for progressive and the fixed-buffer formula, a
 * line-by-line dynamic programme over the binomial for the marginal-risk rule, log-space sums for
 * its large-team branch and for E[(X - k)+]. Plus the layering rule: engine/ never imports sim/.
 *
 * Every check here is deterministic (no statistics): a failure is a disagreement with the oracle.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DIALER_EVENT,
  DialerSignals,
  expectedExcess,
  isAgentDriven,
  makePacingPolicy,
  marginalLines,
  PredictivePolicy,
  type PacingPolicy,
  type PacingSpec,
} from '../../engine/pacing.ts';
import { lgamma } from '../../sim/stats/special.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface SignalInit {
  loggedIn: number;
  free: number;
  busy?: number;
  dialing?: number;
  waiting?: number;
  abandoned?: number;
  denominator?: number;
}

function signals(i: SignalInit): DialerSignals {
  const s = new DialerSignals();
  s.agentsLoggedIn = i.loggedIn;
  s.agentsFree = i.free;
  s.agentsBusy = i.busy ?? 0;
  s.linesDialing = i.dialing ?? 0;
  s.connectsWaiting = i.waiting ?? 0;
  s.windowAbandoned = i.abandoned ?? 0;
  s.windowDenominator = i.denominator ?? 0;
  return s;
}

/** Tells a policy about `dials` dials of which exactly the listed ones (by index) were answered. */
function feed(policy: PacingPolicy, dials: number, answered: (i: number) => boolean): void {
  const s = new DialerSignals();
  for (let i = 0; i < dials; i++) {
    policy.observe(DIALER_EVENT.dial, s);
    if (answered(i)) {
      s.lastRingSeconds = 12;
      policy.observe(DIALER_EVENT.answered, s);
    } else {
      policy.observe(DIALER_EVENT.noAnswer, s);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Oracles

/**
 * The marginal-risk rule by brute force: the largest n <= cap such that every line k = 1..n is
 * abandoned with probability P(Binomial(k - 1, p) >= free) <= theta. The distribution of the
 * number of answers among k - 1 lines is built line by line (mass at >= free lumped in the last
 * cell), and lines are added while each, in turn, passes.
 */
function bruteMarginalLines(free: number, p: number, theta: number, cap: number): number {
  if (free <= 0) return 0;
  const pmf = new Float64Array(free + 1);
  pmf[0] = 1; // answers among 0 lines
  let n = 0;
  while (n < cap) {
    const risk = pmf[free]; // line n + 1 is abandoned when >= free of the n before it answer
    if (risk > theta) break;
    n++;
    pmf[free] += pmf[free - 1] * p;
    for (let x = free - 1; x >= 1; x--) pmf[x] = pmf[x] * (1 - p) + pmf[x - 1] * p;
    pmf[0] *= 1 - p;
  }
  return n;
}

function logBinomPmf(m: number, p: number, x: number): number {
  return lgamma(m + 1) - lgamma(x + 1) - lgamma(m - x + 1) + x * Math.log(p) + (m - x) * Math.log1p(-p);
}

/** P(Binomial(m, p) >= f), summing pmf terms in log space outwards from the larger end (large m). */
function binomTail(m: number, p: number, f: number): number {
  if (f <= 0) return 1;
  if (f > m) return 0;
  const mode = Math.floor((m + 1) * p);
  let sum = 0;
  if (f > mode) {
    // right of the mode: terms decrease from f upwards
    for (let x = f; x <= m; x++) {
      const t = Math.exp(logBinomPmf(m, p, x));
      sum += t;
      if (t < sum * 1e-17) break;
    }
    return sum;
  }
  // the tail holds the mode: 1 - P(X <= f - 1), terms decreasing from f - 1 downwards
  for (let x = f - 1; x >= 0; x--) {
    const t = Math.exp(logBinomPmf(m, p, x));
    sum += t;
    if (t < sum * 1e-17) break;
  }
  return 1 - sum;
}

/**
 * The same rule for large teams: the k-th line's risk P(Binomial(k - 1, p) >= free) grows with k
 * (checked on the way), so the largest passing n is found by bisection on exact tails.
 */
function bruteMarginalLinesLarge(free: number, p: number, theta: number): number {
  const risk = (n: number) => binomTail(n - 1, p, free);
  let good = free; // the first `free` lines carry no risk
  let bad = Math.ceil((free / p) * 3) + 1000;
  expect(risk(bad)).toBeGreaterThan(theta);
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (risk(mid) <= theta) good = mid;
    else bad = mid;
  }
  expect(risk(good)).toBeLessThanOrEqual(risk(good + 1));
  return good;
}

/** E[(X - k)+] for X ~ Binomial(n, p), the pmf built by dynamic programming and summed exactly. */
function exactExcess(n: number, p: number, k: number): number {
  let pmf = new Float64Array(n + 1);
  pmf[0] = 1;
  for (let m = 1; m <= n; m++) {
    const next = new Float64Array(n + 1);
    for (let x = 0; x < m; x++) {
      next[x] += pmf[x] * (1 - p);
      next[x + 1] += pmf[x] * p;
    }
    pmf = next;
  }
  let sum = 0;
  for (let x = 0; x <= n; x++) if (x > k) sum += (x - k) * pmf[x];
  return sum;
}

// ---------------------------------------------------------------------------------------------

describe('progressive', () => {
  it('dials floor(ratio x free agents) lines, whatever else the signals say', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }), // ratio in hundredths: 0.01 .. 5
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 50 }),
        (hundredths, free, dialing, waiting) => {
          const policy = makePacingPolicy({ policy: 'progressive', ratio: hundredths / 100 });
          const s = signals({ loggedIn: free + 10, free, dialing, waiting, denominator: 100, abandoned: 50 });
          // floor(ratio × free) in exact integer arithmetic
          expect(policy.linesWanted(s)).toBe(Math.floor((hundredths * free) / 100));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('learns nothing: outcomes do not change its decision', () => {
    const policy = makePacingPolicy({ policy: 'progressive', ratio: 1.5 });
    const s = signals({ loggedIn: 10, free: 4 });
    expect(policy.linesWanted(s)).toBe(6);
    feed(policy, 1000, (i) => i % 2 === 0);
    for (let i = 0; i < 100; i++) policy.observe(DIALER_EVENT.abandon, s);
    expect(policy.linesWanted(s)).toBe(6);
  });
});

describe('agent-driven policies (preview, manual)', () => {
  it('place no calls of their own', () => {
    for (const spec of [
      { policy: 'preview', previewSeconds: 20 },
      { policy: 'manual', dialSeconds: 25 },
    ] as PacingSpec[]) {
      expect(isAgentDriven(spec)).toBe(true);
      const policy = makePacingPolicy(spec);
      expect(policy.linesWanted(signals({ loggedIn: 10, free: 10, denominator: 1000 }))).toBe(0);
    }
    expect(isAgentDriven({ policy: 'progressive', ratio: 1 })).toBe(false);
    expect(isAgentDriven({ policy: 'predictive', targetAbandonRate: 0.03, safetyMargin: 0.005, maxLinesPerAgent: 3, initialAnswerRate: 0.2 })).toBe(false);
  });
});

describe('fixed-buffer formula', () => {
  const spec = (buffer: number, maxLinesPerAgent: number, initialAnswerRate: number): PacingSpec => ({
    policy: 'fixed-buffer',
    buffer,
    maxLinesPerAgent,
    initialAnswerRate,
  });

  it('before any outcome: min(ceil(free / prior rate x (1 + buffer)), maxLinesPerAgent x logged in)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 100 }), // prior answer rate in hundredths
        fc.integer({ min: 0, max: 100 }), // buffer in hundredths
        fc.integer({ min: 1, max: 5 }), // max lines per agent
        fc.integer({ min: 0, max: 60 }), // free
        fc.integer({ min: 0, max: 60 }), // busy or on other work
        (rate, buffer, maxLines, free, others) => {
          const policy = makePacingPolicy(spec(buffer / 100, maxLines, rate / 100));
          const loggedIn = free + others;
          const s = signals({ loggedIn, free, dialing: others });
          // free / (rate/100) × (100 + buffer)/100 = free × (100 + buffer) / rate, ceiling in integers
          const formula = Math.ceil((free * (100 + buffer)) / rate);
          expect(policy.linesWanted(s)).toBe(free === 0 ? 0 : Math.min(formula, maxLines * loggedIn));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the cap binds: maxLinesPerAgent x logged-in agents', () => {
    const policy = makePacingPolicy(spec(0.2, 3, 0.05));
    // 5 free / 0.05 × 1.2 = 120 lines wanted; 3 × 7 logged in = 21
    expect(policy.linesWanted(signals({ loggedIn: 7, free: 5 }))).toBe(21);
    expect(policy.linesWanted(signals({ loggedIn: 7, free: 0 }))).toBe(0);
  });

  it('learns the answer rate from dial and answered events only', () => {
    // Prior 0.2; the list answers exactly one dial in four.
    const policy = makePacingPolicy(spec(0.2, 15, 0.2));
    const s = signals({ loggedIn: 100, free: 10 });
    expect(policy.linesWanted(s)).toBe(60); // 10 / 0.2 × 1.2
    // Other events carry no information for the formula.
    for (const e of [DIALER_EVENT.noAnswer, DIALER_EVENT.busy, DIALER_EVENT.invalid, DIALER_EVENT.amdHangup, DIALER_EVENT.connect, DIALER_EVENT.abandon, DIALER_EVENT.callEnd]) {
      for (let i = 0; i < 200; i++) policy.observe(e, s);
    }
    expect(policy.linesWanted(s)).toBe(60);
    feed(policy, 20_000, (i) => i % 4 === 3);
    // 10 / 0.25 × 1.2 = 48; the exponentially weighted estimate sits within a few tenths of a
    // percent of 0.25 after 40 half-lives, so the ceiling is 48 or 49.
    const learned = policy.linesWanted(s);
    expect(learned).toBeGreaterThanOrEqual(48);
    expect(learned).toBeLessThanOrEqual(49);
    // A list that now answers one dial in two: the estimate moves there (10 / 0.5 × 1.2 = 24).
    feed(policy, 20_000, (i) => i % 2 === 1);
    const relearned = policy.linesWanted(s);
    expect(relearned).toBeGreaterThanOrEqual(24);
    expect(relearned).toBeLessThanOrEqual(25);
  });

  it('dials more as answers get rarer and fewer as they get commoner', () => {
    const rare = makePacingPolicy(spec(0.2, 15, 0.2));
    const common = makePacingPolicy(spec(0.2, 15, 0.2));
    feed(rare, 3000, (i) => i % 10 === 0);
    feed(common, 3000, (i) => i % 10 < 5);
    const s = signals({ loggedIn: 100, free: 7 });
    expect(rare.linesWanted(s)).toBeGreaterThan(60);
    expect(common.linesWanted(s)).toBeLessThan(20);
  });
});

describe('marginalLines (the predictive rule)', () => {
  it('equals the brute-force rule exactly for small teams (free <= 40)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 1e-4, max: 0.9, noNaN: true }),
        fc.integer({ min: 0, max: 400 }),
        (free, p, theta, cap) => {
          const got = marginalLines(free, p, theta, cap);
          // A tail within 1e-9 (relative) of theta may round either way.
          const lo = bruteMarginalLines(free, p, theta * (1 - 1e-9), cap);
          const hi = bruteMarginalLines(free, p, theta * (1 + 1e-9), cap);
          expect(got).toBeGreaterThanOrEqual(lo);
          expect(got).toBeLessThanOrEqual(hi);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('hand-checked values', () => {
    // One free agent, p = 0.5: line 2 is abandoned if line 1 answers (0.5). theta 0.4 -> 1 line; 0.6 -> 2 lines
    // (line 3's risk P(Bin(2, 0.5) >= 1) = 0.75).
    expect(marginalLines(1, 0.5, 0.4, 100)).toBe(1);
    expect(marginalLines(1, 0.5, 0.6, 100)).toBe(2);
    expect(marginalLines(1, 0.5, 0.8, 100)).toBe(3);
    // Two free agents, p = 0.2: line 3's risk 0.04, line 4's 1 - 0.8^3 - 3·0.2·0.8^2 = 0.104.
    expect(marginalLines(2, 0.2, 0.05, 100)).toBe(3);
    expect(marginalLines(2, 0.2, 0.11, 100)).toBe(4);
    expect(marginalLines(0, 0.5, 0.5, 100)).toBe(0);
    expect(marginalLines(5, 0.2, 0.5, 3)).toBe(3);
  });

  it('larger teams (41..1000 free agents): within two lines of brute force', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 41, max: 1000 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.double({ min: 1e-3, max: 0.5, noNaN: true }),
        (free, p, theta) => {
          const got = marginalLines(free, p, theta, 1 << 24);
          const want = bruteMarginalLinesLarge(free, p, theta);
          expect(Math.abs(got - want), `free ${free}, p ${p}, theta ${theta}: ${got} lines, brute force ${want}`).toBeLessThanOrEqual(2);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('very large teams (normal approximation above 1000 free agents): within 2 lines + 1.5 answers\' worth (1.5 / p lines)', () => {
    // The normal tail ignores the binomial's skew, so "a line or two" holds only at middling p and theta.
    // Measured on a grid (free 1001..3000, p 0.05..0.95, theta 0.001..0.5): worst 24 lines of 18,170 at
    // p = 0.05, theta = 0.001 (1.2 answers' worth) and 3 lines of 1,060 at p = 0.92 (2.8 answers' worth, 0.3%).
    fc.assert(
      fc.property(
        fc.integer({ min: 1001, max: 3000 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.double({ min: 1e-3, max: 0.5, noNaN: true }),
        (free, p, theta) => {
          const got = marginalLines(free, p, theta, 1 << 24);
          const want = bruteMarginalLinesLarge(free, p, theta);
          expect(Math.abs(got - want), `free ${free}, p ${p}, theta ${theta}: ${got} lines, brute force ${want}`).toBeLessThanOrEqual(2 + 1.5 / p);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('large teams at typical answer rates: no underflow to "every line is safe"', () => {
    // Regression: the exact recurrence starts from p^(free-1), which underflows for a few hundred free
    // agents; the rule then saw zero risk and returned the cap.
    for (const [free, p] of [
      [470, 0.2],
      [600, 0.28],
      [900, 0.3],
      [1000, 0.25],
    ]) {
      const got = marginalLines(free, p, 0.1, 1 << 24);
      const want = bruteMarginalLinesLarge(free, p, 0.1);
      expect(Math.abs(got - want), `free ${free}, p ${p}: ${got} lines, brute force ${want}`).toBeLessThanOrEqual(2);
    }
  });
});

describe('expectedExcess', () => {
  it('equals the exact sum for n <= 40', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0, max: 45, noNaN: true }),
        (n, p, k) => {
          const want = exactExcess(n, p, k);
          expect(Math.abs(expectedExcess(n, p, k) - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, want));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('n > 40 (normal approximation): within 0.05 + 5% of the exact sum', () => {
    // Measured worst case over this domain is far inside the bound; what matters for pacing is that
    // the guard's expected abandons are right to a fraction of a call.
    fc.assert(
      fc.property(
        fc.integer({ min: 41, max: 400 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, p, kShare) => {
          const k = kShare * n;
          const want = exactExcess(n, p, k);
          expect(Math.abs(expectedExcess(n, p, k) - want), `n ${n}, p ${p}, k ${k}`).toBeLessThanOrEqual(0.05 + 0.05 * want);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is 0 when n <= k', () => {
    expect(expectedExcess(5, 0.9, 5)).toBe(0);
    expect(expectedExcess(0, 0.5, 0)).toBe(0);
  });
});

describe('predictive policy', () => {
  const target = 0.03;
  const margin = 0.005;
  const guard = target - margin / 2; // documented: halfway between the feedback's aim and the rule
  const make = (maxLinesPerAgent = 3, initialAnswerRate = 0.2) =>
    makePacingPolicy({ policy: 'predictive', targetAbandonRate: target, safetyMargin: margin, maxLinesPerAgent, initialAnswerRate }) as PredictivePolicy;

  /** A policy with some history: a run of dials, answers, connects and abandons. */
  const history = fc.record({
    dials: fc.integer({ min: 0, max: 3000 }),
    answerEvery: fc.integer({ min: 1, max: 10 }),
    outcomes: fc.array(fc.boolean(), { maxLength: 400 }), // true: abandon
  });
  const withHistory = (h: { dials: number; answerEvery: number; outcomes: boolean[] }, maxLines = 3) => {
    const policy = make(maxLines);
    feed(policy, h.dials, (i) => i % h.answerEvery === 0);
    const s = new DialerSignals();
    for (const a of h.outcomes) policy.observe(a ? DIALER_EVENT.abandon : DIALER_EVENT.connect, s);
    return policy;
  };

  const state = fc
    .record({
      loggedIn: fc.integer({ min: 1, max: 120 }),
      freeShare: fc.double({ min: 0, max: 1, noNaN: true }),
      dialing: fc.integer({ min: 0, max: 400 }),
      waiting: fc.integer({ min: 0, max: 5 }),
      denominator: fc.integer({ min: 0, max: 5000 }),
      abandonShare: fc.double({ min: 0, max: 0.2, noNaN: true }),
      maxLines: fc.integer({ min: 1, max: 5 }),
    })
    .map((r) => {
      const free = Math.floor(r.freeShare * r.loggedIn);
      const abandoned = r.abandonShare * r.denominator;
      return { ...r, free, abandoned };
    });

  it('never returns fewer than min(progressive, lines dialing) lines, nor more than the cap', () => {
    fc.assert(
      fc.property(history, state, (h, st) => {
        const policy = withHistory(h, st.maxLines);
        const s = signals({ loggedIn: st.loggedIn, free: st.free, dialing: st.dialing, waiting: st.waiting, denominator: st.denominator, abandoned: st.abandoned });
        const lines = policy.linesWanted(s);
        expect(Number.isInteger(lines)).toBe(true);
        expect(lines).toBeGreaterThanOrEqual(Math.min(st.free, st.dialing));
        expect(lines).toBeLessThanOrEqual(st.maxLines * st.loggedIn);
      }),
      { numRuns: 300 },
    );
  });

  it('falls back to progressive (one line per free agent) when the window headroom is <= 1 call', () => {
    fc.assert(
      fc.property(
        history,
        fc.integer({ min: 1, max: 120 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (h, loggedIn, freeShare, dialing, maxLines, denominator, excess) => {
          const policy = withHistory(h, maxLines);
          const free = Math.floor(freeShare * loggedIn);
          // headroom = guard × denominator - abandoned <= 1
          const abandoned = Math.max(0, guard * denominator - 1 + excess * 10);
          const s = signals({ loggedIn, free, dialing, denominator, abandoned });
          const progressive = Math.min(maxLines * loggedIn, Math.max(dialing, free));
          expect(policy.linesWanted(s)).toBe(progressive);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('at the start of a campaign (empty window) dials one line per free agent', () => {
    const policy = make();
    expect(policy.linesWanted(signals({ loggedIn: 10, free: 6 }))).toBe(6);
    // 35 connects: headroom 0.0275 × 35 = 0.96 <= 1 -> still progressive
    expect(policy.linesWanted(signals({ loggedIn: 10, free: 6, denominator: 35 }))).toBe(6);
  });

  it('dials ahead of free agents once the window has headroom (the prior answer rate 0.2, theta 0.1)', () => {
    const policy = make();
    const s = signals({ loggedIn: 10, free: 6, denominator: 2000, abandoned: 10 });
    const lines = policy.linesWanted(s);
    expect(lines).toBeGreaterThan(6);
    expect(lines).toBe(Math.min(30, marginalLines(6, 0.2, policy.theta, 1 << 20)));
  });

  it('is monotone in free agents', () => {
    fc.assert(
      fc.property(history, state, (h, st) => {
        const policy = withHistory(h, st.maxLines);
        let prev = -1;
        for (let free = 0; free <= st.loggedIn; free++) {
          const s = signals({ loggedIn: st.loggedIn, free, dialing: st.dialing, waiting: st.waiting, denominator: st.denominator, abandoned: st.abandoned });
          const lines = policy.linesWanted(s);
          expect(lines, `free ${free}`).toBeGreaterThanOrEqual(prev);
          prev = lines;
        }
      }),
      { numRuns: 150 },
    );
  });

  it('feedback: a run of abandons lowers theta (and the lines dialed); a run of connects raises them', () => {
    const s = signals({ loggedIn: 40, free: 12, denominator: 100_000, abandoned: 0 });
    const down = make();
    const theta0 = down.theta;
    const lines0 = down.linesWanted(s);
    for (let i = 0; i < 200; i++) down.observe(DIALER_EVENT.abandon, s);
    expect(down.theta).toBeLessThan(theta0);
    // At most e^-0.5 per correction of 50 answers (documented), and 4 corrections happened.
    expect(down.theta).toBeGreaterThanOrEqual(theta0 * Math.exp(-0.5 * 4) * (1 - 1e-12));
    expect(down.linesWanted(s)).toBeLessThan(lines0);

    const up = make();
    for (let i = 0; i < 200; i++) up.observe(DIALER_EVENT.connect, s);
    expect(up.theta).toBeGreaterThan(theta0);
    expect(up.theta).toBeLessThanOrEqual(theta0 * Math.exp(0.2 * 4) * (1 + 1e-12));
    expect(up.linesWanted(s)).toBeGreaterThan(lines0);
  });

  it('feedback settles where the recent abandon rate meets the limit (target - margin)', () => {
    // An abandon rate right at the limit (2.5%: one in forty) moves theta by less than at either side.
    const at = make();
    const over = make();
    const under = make();
    const s = new DialerSignals();
    for (let i = 0; i < 2000; i++) {
      at.observe(i % 40 === 0 ? DIALER_EVENT.abandon : DIALER_EVENT.connect, s);
      over.observe(i % 10 === 0 ? DIALER_EVENT.abandon : DIALER_EVENT.connect, s);
      under.observe(i % 400 === 0 ? DIALER_EVENT.abandon : DIALER_EVENT.connect, s);
    }
    expect(over.theta).toBeLessThan(at.theta);
    expect(under.theta).toBeGreaterThan(at.theta);
    expect(Math.abs(at.recentAbandonRate - 0.025)).toBeLessThan(0.005);
  });
});

describe('layering', () => {
  const importRe = /(?:\bimport\s*(?:[\w*{}\s,]*?\s*from\s*)?|\bexport\s*[\w*{}\s,]*?\s*from\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)['"`]([^'"`]+)['"`]/g;
  const importsOf = (text: string): string[] => [...text.matchAll(importRe)].map((m) => m[1]);
  const isSimImport = (spec: string): boolean => /(^|\/)sim(\/|$)/.test(spec);

  it('the scanner finds the import forms it must catch (so the next test can fail)', () => {
    const sample = [
      "import { Center } from '../sim/center.ts';",
      'import type { Model } from "../sim/model.ts";',
      "export { x } from '../sim/x.ts';",
      "const m = await import('../sim/replication.ts');",
      "import '../sim/side-effect.ts';",
      "import { a } from './observations.ts';",
    ].join('\n');
    expect(importsOf(sample).filter(isSimImport)).toEqual(['../sim/center.ts', '../sim/model.ts', '../sim/x.ts', '../sim/replication.ts', '../sim/side-effect.ts']);
  });

  it('no file under engine/ imports sim/', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(join(ROOT, 'engine'));
    expect(files.length).toBeGreaterThan(0);
    const offenders: string[] = [];
    for (const f of files) {
      for (const spec of importsOf(readFileSync(f, 'utf8'))) if (isSimImport(spec)) offenders.push(`${relative(ROOT, f)} imports ${spec}`);
    }
    expect(offenders).toEqual([]);
  });
});
