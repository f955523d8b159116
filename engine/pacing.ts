/**
 * Pacing: how many lines should be dialing now. Several policies behind one interface, chosen and
 * parametrised in the scenario. A policy sees only what a production dialer sees (agent counts,
 * lines in progress, the outcomes of its own attempts, the compliance window's counts) through a
 * `DialerSignals` object the caller fills, and learns its estimates online from the outcomes it is
 * told about. It never sees a lead's hidden answer behaviour.
 *
 * Allocation-free by design: the caller updates the signals' fields in place and passes integer
 * event codes; every policy keeps O(1) state and decides in O(1) (no scan over agents or leads).
 */

/** Outcomes and happenings a dialer observes. */
export const DIALER_EVENT = {
  dial: 0,
  noAnswer: 1,
  busy: 2,
  invalid: 3,
  /** AMD classified the answer as a machine and hung up (a true machine or a false positive: the dialer cannot tell). */
  amdHangup: 4,
  /** A live answer (or an undetected machine) passed to the connect step; `lastRingSeconds` holds its time to answer. */
  answered: 5,
  /** Connected to an agent; `lastWaitSeconds` holds the wait after the greeting. */
  connect: 6,
  /** No agent within the connect limit: abandoned. */
  abandon: 7,
  /** An outbound conversation ended; `lastHandleSeconds` holds talk + wrap. */
  callEnd: 8,
} as const;

/** What the dialer knows now. The caller updates these fields in place before each call. */
export class DialerSignals {
  now = 0;
  /** Agents logged in for outbound (on shift, not on break). */
  agentsLoggedIn = 0;
  /** Idle agents the dialer may use (above any inbound reserve). */
  agentsFree = 0;
  /** Agents busy on outbound conversations. */
  agentsBusy = 0;
  /** Attempts dialing or ringing (not yet answered or failed). */
  linesDialing = 0;
  /** Answered calls waiting for an agent right now (inside the connect limit). */
  connectsWaiting = 0;
  /** Seconds from dial to answer of the attempt just reported (for `answered`). */
  lastRingSeconds = 0;
  /** Talk + wrap seconds of the conversation just reported (for `callEnd`). */
  lastHandleSeconds = 0;
  /** Compliance window as the rule pack counts it: abandoned (with any AMD estimate) and the denominator. */
  windowAbandoned = 0;
  windowDenominator = 0;
}

export interface PacingPolicy {
  readonly name: string;
  /** Tells the policy what happened (an event code from DIALER_EVENT). */
  observe(event: number, s: DialerSignals): void;
  /** Total lines that should be dialing now (the caller dials the difference to `linesDialing`). */
  linesWanted(s: DialerSignals): number;
}

export type PacingSpec =
  | { policy: 'preview'; previewSeconds: number }
  | { policy: 'manual'; dialSeconds: number }
  | { policy: 'progressive'; ratio: number }
  | { policy: 'fixed-buffer'; buffer: number; maxLinesPerAgent: number; initialAnswerRate: number }
  | { policy: 'predictive'; targetAbandonRate: number; safetyMargin: number; maxLinesPerAgent: number; initialAnswerRate: number };

/** True for policies where an agent places each call (and is attached to it from the dial). */
export function isAgentDriven(spec: PacingSpec): boolean {
  return spec.policy === 'preview' || spec.policy === 'manual';
}

export function makePacingPolicy(spec: PacingSpec): PacingPolicy {
  switch (spec.policy) {
    case 'preview':
    case 'manual':
      return new AgentDrivenPolicy(spec.policy);
    case 'progressive':
      return new ProgressivePolicy(spec.ratio);
    case 'fixed-buffer':
      return new FixedBufferPolicy(spec.buffer, spec.maxLinesPerAgent, spec.initialAnswerRate);
    case 'predictive':
      return new PredictivePolicy(spec.targetAbandonRate, spec.safetyMargin, spec.maxLinesPerAgent, spec.initialAnswerRate);
  }
}

/** Preview and manual dialing: each agent dials for themselves; the dialer places no calls of its own. */
class AgentDrivenPolicy implements PacingPolicy {
  constructor(readonly name: string) {}
  observe(): void {}
  linesWanted(): number {
    return 0;
  }
}

/** Progressive: lines = ratio × free agents. */
export class ProgressivePolicy implements PacingPolicy {
  readonly name = 'progressive';
  constructor(private readonly ratio: number) {}
  observe(): void {}
  linesWanted(s: DialerSignals): number {
    return Math.floor(this.ratio * s.agentsFree + 1e-9);
  }
}

/**
 * Exponentially weighted answer rate (answers / dials) over recent attempts, starting from a
 * prior worth `priorWeight` dials so the first decisions are not made on nothing.
 */
export class AnswerRateEstimate {
  private dials: number;
  private answers: number;
  private readonly decay: number;
  constructor(initialRate: number, priorWeight = 50, halfLifeDials = 500) {
    this.dials = priorWeight;
    this.answers = initialRate * priorWeight;
    this.decay = Math.pow(0.5, 1 / halfLifeDials);
  }
  recordDial(): void {
    this.dials = this.dials * this.decay + 1;
    this.answers *= this.decay;
  }
  recordAnswer(): void {
    this.answers += 1;
  }
  get rate(): number {
    return Math.min(1, Math.max(1e-3, this.answers / this.dials));
  }
}

/**
 * The formula in common use: lines = ceil(free agents × (1 / observed live-answer rate) × (1 + buffer))
 * (the caller subtracts lines already dialing), capped at maxLinesPerAgent per logged-in agent.
 */
export class FixedBufferPolicy implements PacingPolicy {
  readonly name = 'fixed-buffer';
  private readonly answerRate: AnswerRateEstimate;
  constructor(private readonly buffer: number, private readonly maxLinesPerAgent: number, initialAnswerRate: number) {
    this.answerRate = new AnswerRateEstimate(initialAnswerRate);
  }
  observe(event: number): void {
    if (event === DIALER_EVENT.dial) this.answerRate.recordDial();
    else if (event === DIALER_EVENT.answered) this.answerRate.recordAnswer();
  }
  linesWanted(s: DialerSignals): number {
    if (s.agentsFree <= 0) return 0;
    const lines = Math.ceil((s.agentsFree / this.answerRate.rate) * (1 + this.buffer) - 1e-9);
    return Math.min(lines, Math.floor(this.maxLinesPerAgent * s.agentsLoggedIn));
  }
}

/**
 * Adaptive predictive pacing: maximise agent talk time while keeping the abandon rate over the
 * rule's window at or under a target.
 *
 * Decision: with F agents free and answers arriving with the learned probability p, the k-th line
 * in flight is abandoned when at least F of the other k - 1 lines answer, which happens with
 * probability P(Binomial(k - 1, p) >= F). The policy keeps dialing lines while that marginal
 * abandon probability is at most a price theta. The first F lines are free of risk; the rule then
 * adds lines in order of increasing risk, which is what maximises connects for a given expected
 * number of abandons, and it handles the whole-line effects that dominate small teams (one free
 * agent: one line or two?) where a ratio rounded up or down either wastes or over-dials.
 *
 * Feedback sets theta: every 50 answers it moves (multiplicatively, by at most e^0.2 up and e^-0.5
 * down: an abandon costs more than an idle second) towards the value whose recent abandon rate
 * (exponentially weighted, half-life 300 answers) sits at `limit` = target - safety margin. The
 * snapshot assumes the answers in flight arrive at once with nobody freeing up meanwhile: right for
 * a small team, pessimistic for a large one, where agents free up all through the ring time. So
 * once theta reaches 0.5 the same control scales the free agents the rule counts on instead. The
 * policy thus finds the point of the talk-time/abandonment frontier where the limit binds, whatever
 * the team size, answer rate or handle times, which a fixed buffer cannot (it overshoots the rule
 * with small teams and leaves talk time unused with large ones).
 *
 * Measured and rejected: dialing ahead for busy agents expected to finish (from the learned handle
 * and ring times). Under a 2-second connect rule an answer must meet an agent who is free within
 * two seconds, and finishing agents rarely are at the right moment: those lines turn into
 * abandons, and the feedback then starves the free agents (talk share fell from 73% to 64% at the
 * same abandon rate). The learned ring and handle times are kept for reports and future policies.
 *
 * Guards: the compliance window's headroom (guard × denominator - abandoned, with the AMD
 * estimate where the pack counts it; the guard rate sits halfway between the feedback's aim and
 * the rule) must exceed one call, else one line per free agent (progressive); and E[(X - free)+]
 * with X ~ Binomial(lines, p), the expected abandons of the lines in flight, may not exceed that
 * headroom. In steady state the guard does not bind; it catches bursts the feedback is too slow for.
 */
/** A line count no decision reaches (the per-agent cap is applied separately). */
const UNCAPPED = 1 << 20;
/** Highest price of risk; the feedback scales free agents beyond it. */
const THETA_MAX = 0.5;

export class PredictivePolicy implements PacingPolicy {
  readonly name = 'predictive';
  private readonly answerRate: AnswerRateEstimate;
  /** Learned mean ring (to answer) and handle times, seconds. */
  meanRing = 15;
  meanHandle = 180;
  private handleWeight = 0;
  private ringWeight = 0;
  /**
   * The feedback's control, in log units. Up to THETA_MAX it sets the price of risk theta (dial a
   * line while its chance of being abandoned is at most theta); beyond it, it scales the free agents
   * the snapshot counts on (large teams free agents up continuously during the ring time, which a
   * snapshot cannot see).
   */
  control = Math.log(0.1);

  get theta(): number {
    return Math.min(THETA_MAX, Math.exp(this.control));
  }

  /** Multiplier on free agents (1 until theta reaches THETA_MAX). */
  get agentGain(): number {
    return Math.max(1, Math.exp(this.control - Math.log(THETA_MAX)));
  }
  private recentAbandons = 0;
  private recentAnswers = 0;
  private sinceCorrection = 0;
  private readonly limit: number;
  /** Abandon rate the window guard protects. */
  private readonly target: number;
  private static readonly correctEvery = 50;
  private static readonly recentDecay = Math.pow(0.5, 1 / 300);

  constructor(
    target: number,
    margin: number,
    private readonly maxLinesPerAgent: number,
    initialAnswerRate: number,
  ) {
    this.answerRate = new AnswerRateEstimate(initialAnswerRate);
    this.limit = Math.max(0, target - margin);
    // The guard sits halfway between the feedback's aim and the rule.
    this.target = Math.max(0, target - margin / 2);
  }

  observe(event: number, s: DialerSignals): void {
    switch (event) {
      case DIALER_EVENT.dial:
        this.answerRate.recordDial();
        break;
      case DIALER_EVENT.answered:
        this.answerRate.recordAnswer();
        this.ringWeight = Math.min(this.ringWeight + 1, 200);
        this.meanRing += (s.lastRingSeconds - this.meanRing) / this.ringWeight;
        break;
      case DIALER_EVENT.connect:
        this.recordOutcome(0);
        break;
      case DIALER_EVENT.abandon:
        this.recordOutcome(1);
        break;
      case DIALER_EVENT.callEnd:
        this.handleWeight = Math.min(this.handleWeight + 1, 500);
        this.meanHandle += (s.lastHandleSeconds - this.meanHandle) / this.handleWeight;
        break;
    }
  }

  // The marginal rule's answer depends only on (free, p, theta): cached per free-agent count and
  // recomputed when theta changes or p drifts by more than 0.01 (about 2% of a typical rate, a line
  // or less on a 50-line decision), so a decision is O(1) amortised.
  private readonly cache = new Int32Array(256).fill(-1);
  private cacheP = -1;
  private cacheTheta = -1;

  private linesFor(free: number, p: number, cap: number): number {
    // The cap (lines per logged-in agent) moves with every break and rarely binds: applied outside the cache.
    if (free >= this.cache.length) return Math.min(cap, marginalLines(free, p, this.theta, UNCAPPED));
    if (this.theta !== this.cacheTheta || Math.abs(p - this.cacheP) > 0.01) {
      this.cache.fill(-1);
      this.cacheTheta = this.theta;
      this.cacheP = p;
    }
    let n = this.cache[free];
    if (n < 0) {
      n = marginalLines(free, this.cacheP, this.theta, UNCAPPED);
      this.cache[free] = n;
    }
    return Math.min(cap, n);
  }

  /** Recent abandon rate (NaN before any answer). */
  get recentAbandonRate(): number {
    return this.recentAbandons / this.recentAnswers;
  }

  private recordOutcome(abandoned: number): void {
    const d = PredictivePolicy.recentDecay;
    this.recentAbandons = this.recentAbandons * d + abandoned;
    this.recentAnswers = this.recentAnswers * d + 1;
    if (++this.sinceCorrection < PredictivePolicy.correctEvery) return;
    this.sinceCorrection = 0;
    const error = (this.limit - this.recentAbandonRate) / Math.max(this.limit, 1e-3);
    const step = error > 0 ? Math.min(0.2, 0.2 * error) : Math.max(-0.5, 0.2 * error);
    this.control = Math.min(Math.log(THETA_MAX) + Math.log(4), Math.max(Math.log(1e-4), this.control + step));
  }

  linesWanted(s: DialerSignals): number {
    const cap = Math.floor(this.maxLinesPerAgent * s.agentsLoggedIn);
    const progressive = Math.min(cap, Math.max(s.linesDialing, Math.floor(s.agentsFree)));
    const headroom = this.target * s.windowDenominator - s.windowAbandoned;
    if (headroom <= 1) return progressive;
    const ready = s.agentsFree - s.connectsWaiting;
    if (ready <= 0) return Math.min(progressive, s.linesDialing);
    const p = this.answerRate.rate;
    let n = Math.min(cap, this.linesFor(Math.floor(ready * this.agentGain), p, cap));
    if (n > progressive && expectedExcess(n, p, ready) > headroom) {
      // Largest n above progressive whose expected abandons the window can take (binary search).
      let good = progressive;
      let bad = n;
      while (bad - good > 1) {
        const mid = (good + bad) >> 1;
        if (expectedExcess(mid, p, ready) > headroom) bad = mid;
        else good = mid;
      }
      n = good;
    }
    return Math.max(n, Math.min(progressive, s.linesDialing));
  }
}

/**
 * The largest n such that each of the n lines, taken in turn, is abandoned with probability at most
 * theta: the k-th line (k = 1..n) is abandoned when at least `free` of the other k - 1 lines answer,
 * P(Binomial(k - 1, p) >= free). The first `free` lines can never be. Exact, O(1) per line through
 * P(X_{m+1} >= F) = P(X_m >= F) + p P(X_m = F - 1) and P(X_m = F - 1) = P(X_{m-1} = F - 1) m (1-p) / (m - F + 1);
 * a normal approximation with a binary search for teams above a thousand free agents.
 */
export function marginalLines(free: number, p0: number, theta: number, cap: number): number {
  if (free <= 0) return 0;
  if (free >= cap) return cap;
  const p = Math.min(Math.max(p0, 1e-6), 1 - 1e-6);
  if (free > 1000) {
    // P(X_n >= free) <= theta  <=>  (free - 0.5 - n p) / sqrt(n p (1-p)) >= Phi^{-1}(1 - theta)
    const tail = (n: number) => 1 - normalCdf((free - 0.5 - n * p) / Math.sqrt(n * p * (1 - p)));
    let good = free;
    let bad = cap + 1;
    if (tail(cap) <= theta) return cap;
    while (bad - good > 1) {
      const mid = (good + bad) >> 1;
      if (tail(mid) <= theta) good = mid;
      else bad = mid;
    }
    return good;
  }
  // q = P(X_m = F - 1), tail = P(X_m >= F), starting at m = F: q = F p^{F-1} (1-p), tail = p^F.
  let q = free * Math.pow(p, free - 1) * (1 - p);
  let tail = Math.pow(p, free);
  let n = free;
  let m = free;
  if (q < 1e-290) {
    // p^{F-1} underflows (a few hundred free agents): while q is that small the tail it feeds stays
    // negligible against theta, so q is carried in log space until it is a normal double again.
    let logQ = Math.log(free) + (free - 1) * Math.log(p) + Math.log1p(-p);
    for (; logQ < -667 && tail <= theta && n < cap; m++) {
      n++;
      logQ += Math.log(((m + 1) * (1 - p)) / (m + 2 - free));
    }
    q = Math.exp(logQ);
  }
  for (; tail <= theta && n < cap; m++) {
    n++; // line m + 1 is abandoned with probability tail(m) <= theta: dial it
    tail += p * q;
    q *= ((m + 1) * (1 - p)) / (m + 2 - free);
  }
  return n;
}

/**
 * E[(X - k)+] for X ~ Binomial(n, p), k real >= 0: the pmf summed exactly for small n, the normal
 * approximation above (a decision stays O(1)).
 */
export function expectedExcess(n: number, p0: number, k: number): number {
  if (n <= k) return 0;
  const p = Math.min(Math.max(p0, 1e-6), 1 - 1e-6);
  if (n > 40) {
    const mu = n * p;
    const sd = Math.sqrt(n * p * (1 - p));
    const z = (k - mu) / sd;
    return sd * (normalPdf(z) - z * (1 - normalCdf(z)));
  }
  let pmf = Math.pow(1 - p, n);
  let sum = 0;
  for (let x = 0; x <= n; x++) {
    if (x > k) sum += (x - k) * pmf;
    pmf = (pmf * (n - x) * p) / ((x + 1) * (1 - p));
  }
  return sum;
}

function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** Abramowitz–Stegun 7.1.26 erf: enough for a pacing decision. */
function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(z * z) / 2);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}
