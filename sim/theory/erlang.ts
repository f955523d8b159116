// Closed forms for M/M/c/c (Erlang B), M/M/c (Erlang C) and M/M/c+M (Erlang A, Garnett–Mandelbaum–Reiman
// 2002). Everything is carried as logarithms or as ratios of positive series: for thousands of agents a^c/c!
// overflows, B(c, a) underflows, and the textbook difference 1/(ρA) + 1 - 1/ρ cancels catastrophically as
// patience grows (A → 1/(1-ρ)), so that form is used only in overload, where it has no cancellation.

import {
  log1mExp,
  log1pExp,
  logExpm1,
  logGammaP,
  logGammaQ,
  logGammaQFraction,
  logGammaSeries,
  logPoissonTerm,
} from '../stats/special.ts';

/** M/M/c inputs. Times in seconds, rates per second. */
export interface ErlangCParams {
  /** c, number of agents (integer >= 1). */
  agents: number;
  /** λ, calls per second. */
  arrivalRatePerSecond: number;
  /** 1/μ, mean handle time (talk + hold + wrap-up). */
  meanHandleSeconds: number;
  /** T, service-level threshold. */
  slSeconds: number;
}

/** M/M/c+M inputs: exponential patience with mean 1/θ. Infinity means Erlang C. */
export interface ErlangAParams extends ErlangCParams {
  meanPatienceSeconds: number;
}

/** Staffing inputs: the agent count is what is searched for; no patience (or Infinity) means Erlang C. */
export type StaffingParams = Omit<ErlangCParams, 'agents'> & { meanPatienceSeconds?: number };

export interface StaffingTarget {
  /** Minimum share of offered calls answered within slSeconds. */
  serviceLevel?: number;
  /** Maximum share of offered calls that abandon. */
  maxAbandon?: number;
  /** Maximum mean wait of answered calls, seconds. */
  maxAsa?: number;
}

/**
 * Stationary KPIs. Probabilities are per offered call (PASTA). For an unstable Erlang C (ρ >= 1) no
 * stationary law exists; the fields then hold the long-run limits of the diverging queue: waitProbability 1,
 * asa / meanWait / meanQueueLength Infinity, serviceLevel 0, occupancy 1, piC 0.
 */
export interface QueueMetrics {
  stable: boolean;
  /** a = λ/μ, Erlangs. */
  offeredLoad: number;
  /** a / c. */
  rho: number;
  /** P(W > 0). */
  waitProbability: number;
  /** P(abandon); 0 for Erlang C. */
  abandonProbability: number;
  /** P(abandon | W > 0). */
  abandonGivenWait: number;
  /** Mean wait of answered calls, seconds. */
  asa: number;
  /** Mean time in queue of all calls (abandoned ones until they hang up), seconds. */
  meanWait: number;
  /** P(answered and W <= T): answered within T over offered. */
  serviceLevel: number;
  /** P(W <= T | answered). */
  serviceLevelAnswered: number;
  /** Served load / c. */
  occupancy: number;
  /** Mean number waiting, λ·meanWait (Little). */
  meanQueueLength: number;
  /** Probability of exactly c in system. */
  piC: number;
}

export interface WaitCdf {
  /** P(W <= t) over all offered calls (W = time in queue, ended by answer or abandonment). */
  waitAtMost: number;
  /** P(answered and W <= t). */
  answeredWithin: number;
}

// ---------------------------------------------------------------- Erlang B

/**
 * ln(1/B(c, a)) by the recursion 1/B(k) = 1 + (k/a)/B(k-1), carried as r·e^s with r rescaled before it
 * overflows. All terms are positive, so the relative error grows at most linearly in c; a pure
 * log1p(exp(·)) recursion would instead carry an absolute error proportional to ln(1/B) at each step.
 */
export function logInverseErlangB(c: number, a: number): number {
  if (!Number.isInteger(c) || c < 0) throw new RangeError(`erlangB: agents must be an integer >= 0, got ${c}`);
  if (!(a >= 0) || a === Infinity) throw new RangeError(`erlangB: load must be finite and >= 0, got ${a}`);
  if (c === 0) return 0;
  if (a === 0) return Infinity;
  const RESCALE = 1e250;
  const LN_RESCALE = Math.log(RESCALE);
  let r = 1;
  let s = 0;
  let one = 1; // the "+1" expressed in units of e^s
  for (let k = 1; k <= c; k++) {
    r = one + (k / a) * r;
    if (r > RESCALE) {
      r /= RESCALE;
      one /= RESCALE;
      s += LN_RESCALE;
    }
  }
  return Math.log(r) + s;
}

/** Erlang B blocking probability B(c, a); underflows to 0 only when B < 5e-324. */
export function erlangB(c: number, a: number): number {
  return Math.exp(-logInverseErlangB(c, a));
}

// ---------------------------------------------------------------- shared helpers

/** e^u - 1 - u without cancellation near 0. */
function expm1mx(u: number): number {
  if (Math.abs(u) > 0.5) return Math.expm1(u) - u;
  let term = u * u * 0.5;
  let sum = term;
  for (let k = 3; k < 40; k++) {
    term *= u / k;
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum;
}

/** log[γ(a, y·e^{-s}) / γ(a, y)] for s >= 0. */
function logLowerGammaRatio(a: number, y: number, s: number): number {
  if (s === 0) return 0;
  const y2 = y * Math.exp(-s);
  if (y < a + 1) {
    // Both in the series region: the Poisson-term prefactors differ by (y - a)s - y·(e^{-s} - 1 + s),
    // which is formed directly instead of as the difference of two huge logarithms.
    return (y - a) * s - y * expm1mx(-s) + logGammaSeries(a, y2) - logGammaSeries(a, y);
  }
  return logGammaP(a, y2) - logGammaP(a, y);
}

/**
 * log[1 - γ(a, y·e^{-s}) / γ(a, y)] for s >= 0. When both points lie in the upper tail (heavy overload) the
 * ratio is 1 - O(tiny), so the complement is formed from upper incomplete gammas instead.
 */
function logUpperFraction(a: number, y: number, s: number): number {
  if (s === 0) return -Infinity;
  const y2 = y * Math.exp(-s);
  // min(·, 0): for s near 0 rounding can push a log-ratio of ~0 above 0, where log(1 - e^r) is undefined.
  if (y2 < a + 1) return log1mExp(Math.min(logLowerGammaRatio(a, y, s), 0));
  // ln Q(a, y) - ln Q(a, y2): Poisson-term part taken analytically, continued fractions for the rest.
  const logQRatio = (a - y) * s + y * expm1mx(-s) + logGammaQFraction(a, y) - logGammaQFraction(a, y2);
  return logGammaQ(a, y2) + log1mExp(Math.min(logQRatio, 0)) - logGammaP(a, y);
}

interface Rates {
  c: number;
  lambda: number;
  mu: number;
  theta: number; // 0 means infinite patience
  t: number;
}

function readRates(p: ErlangCParams, meanPatienceSeconds: number): Rates {
  const c = p.agents;
  if (!Number.isInteger(c) || c < 1) throw new RangeError(`agents must be an integer >= 1, got ${c}`);
  const lambda = p.arrivalRatePerSecond;
  if (!(lambda >= 0) || lambda === Infinity) throw new RangeError(`arrivalRatePerSecond must be finite >= 0`);
  if (!(p.meanHandleSeconds > 0) || p.meanHandleSeconds === Infinity) {
    throw new RangeError(`meanHandleSeconds must be finite > 0`);
  }
  if (!(meanPatienceSeconds > 0)) throw new RangeError(`meanPatienceSeconds must be > 0 (Infinity for Erlang C)`);
  if (!(p.slSeconds >= 0)) throw new RangeError(`slSeconds must be >= 0`);
  return { c, lambda, mu: 1 / p.meanHandleSeconds, theta: 1 / meanPatienceSeconds, t: p.slSeconds };
}

function idleMetrics(c: number): QueueMetrics {
  return {
    stable: true, offeredLoad: 0, rho: 0, waitProbability: 0, abandonProbability: 0, abandonGivenWait: 0,
    asa: 0, meanWait: 0, serviceLevel: 1, serviceLevelAnswered: 1, occupancy: 0, meanQueueLength: 0,
    piC: c === 0 ? 1 : 0,
  };
}

// ---------------------------------------------------------------- Erlang C

interface CCore {
  a: number;
  rho: number;
  stable: boolean;
  pWait: number;
  decay: number; // cμ - λ
}

function erlangCCore(r: Rates): CCore {
  const a = r.lambda / r.mu;
  const rho = a / r.c;
  if (rho >= 1) return { a, rho, stable: false, pWait: 1, decay: 0 };
  // 1/C = 1 + (1 - ρ)(1/B - 1), with 1/B - 1 kept as a logarithm.
  const L = logInverseErlangB(r.c, a);
  const pWait = Math.exp(-log1pExp(Math.log1p(-rho) + logExpm1(L)));
  return { a, rho, stable: true, pWait, decay: r.c * r.mu - r.lambda };
}

function erlangCFromRates(r: Rates): QueueMetrics {
  if (r.lambda === 0) return idleMetrics(r.c);
  const k = erlangCCore(r);
  if (!k.stable) {
    return {
      stable: false, offeredLoad: k.a, rho: k.rho, waitProbability: 1, abandonProbability: 0, abandonGivenWait: 0,
      asa: Infinity, meanWait: Infinity, serviceLevel: 0, serviceLevelAnswered: 0, occupancy: 1,
      meanQueueLength: Infinity, piC: 0,
    };
  }
  const meanWait = k.pWait / k.decay;
  const sl = 1 - k.pWait * Math.exp(-k.decay * r.t);
  return {
    stable: true, offeredLoad: k.a, rho: k.rho, waitProbability: k.pWait, abandonProbability: 0,
    abandonGivenWait: 0, asa: meanWait, meanWait, serviceLevel: sl, serviceLevelAnswered: sl, occupancy: k.rho,
    meanQueueLength: r.lambda * meanWait, piC: k.pWait * (1 - k.rho),
  };
}

/** Erlang C (M/M/c). For ρ >= 1 returns stable: false with the limits documented on QueueMetrics. */
export function erlangC(params: ErlangCParams): QueueMetrics {
  return erlangCFromRates(readRates(params, Infinity));
}

// ---------------------------------------------------------------- Erlang A

interface ACore {
  a: number;
  rho: number;
  x: number; // cμ/θ
  y: number; // λ/θ
  logPWait: number;
  log1mPWait: number;
  abandonGivenWait: number;
  servedGivenWait: number; // 1 - abandonGivenWait, formed without cancellation
  logA: number;
}

function erlangACore(r: Rates): ACore {
  const a = r.lambda / r.mu;
  const rho = a / r.c;
  const x = (r.c * r.mu) / r.theta;
  const y = r.lambda / r.theta;
  let logA: number;
  let abandonGivenWait: number;
  let servedGivenWait: number;
  if (y < x + 1) {
    // A(x, y) = Σ t_n, t_n = y^n / ((x+1)...(x+n)); P(abandon | wait) = Σ t_n (n+1)/(x+n+1) / Σ t_n is the
    // same quantity as 1/(ρA) + 1 - 1/ρ but as a ratio of positive sums, exact as θ → 0.
    let t = 1;
    let sum = 1;
    let ab = 1 / (x + 1);
    let sv = x / (x + 1);
    for (let n = 1; ; n++) {
      t *= y / (x + n);
      sum += t;
      ab += (t * (n + 1)) / (x + n + 1);
      sv += (t * x) / (x + n + 1);
      if (t <= 1e-17 * sum) break;
    }
    logA = Math.log(sum);
    abandonGivenWait = ab / sum;
    servedGivenWait = sv / sum;
  } else {
    // Overload side (ρ > 1): both terms of 1 - 1/ρ + 1/(ρA) are >= 0.
    logA = logGammaP(x, y) - logPoissonTerm(x, y);
    const invA = Math.exp(-logA);
    abandonGivenWait = 1 - 1 / rho + invA / rho;
    servedGivenWait = -Math.expm1(-logA) / rho;
  }
  // P(wait) = 1 / (1 + (1/B - 1)/A); π_c = P(wait)/A.
  const z = logExpm1(logInverseErlangB(r.c, a)) - logA;
  return {
    a, rho, x, y, logA, abandonGivenWait, servedGivenWait,
    logPWait: -log1pExp(z),
    log1mPWait: -log1pExp(-z),
  };
}

/** P(answered and W <= t) for Erlang A. */
function answeredWithin(k: ACore, theta: number, t: number): number {
  const pWait = Math.exp(k.logPWait);
  // Served callers who waited: W = ln(y/U)/θ with U ~ Gamma(x+1) truncated to (0, y), so
  // P(W > t | served, waited) = γ(x+1, y e^{-θt}) / γ(x+1, y).
  const done = t === Infinity ? 1 : Math.exp(logUpperFraction(k.x + 1, k.y, theta * t));
  return Math.exp(k.log1mPWait) + pWait * k.servedGivenWait * done;
}

/** P(W <= t) for Erlang A, from P(W > t | wait) = e^{-θt} γ(x, y e^{-θt}) / γ(x, y). */
function waitAtMost(k: ACore, theta: number, t: number): number {
  const pWait = Math.exp(k.logPWait);
  if (t === Infinity) return 1;
  const s = theta * t;
  return Math.exp(k.log1mPWait) - pWait * Math.expm1(-s + logLowerGammaRatio(k.x, k.y, s));
}

function erlangAFromRates(r: Rates): QueueMetrics {
  if (r.theta === 0) return erlangCFromRates(r);
  if (r.lambda === 0) return idleMetrics(r.c);
  const k = erlangACore(r);
  const pWait = Math.exp(k.logPWait);
  const pAbandon = pWait * k.abandonGivenWait;
  const pServed = Math.exp(k.log1mPWait) + pWait * k.servedGivenWait;
  const meanWait = pAbandon / r.theta;
  // E[W; served] = P(waited and served) · E[ln(y/U)]/θ, U ~ Gamma(x+1) truncated to (0, y): the same
  // quantity as DOMAIN.md's π_c (x/θ) e^y y^{-(x+1)} ∫_0^y ln(y/u) u^x e^{-u} du, without the huge factors.
  const waitServed = (pWait * k.servedGivenWait * meanLogRatio(k.x, k.y)) / r.theta;
  const sl = answeredWithin(k, r.theta, r.t);
  return {
    stable: true, offeredLoad: k.a, rho: k.rho, waitProbability: pWait, abandonProbability: pAbandon,
    abandonGivenWait: k.abandonGivenWait, asa: waitServed / pServed, meanWait, serviceLevel: sl,
    serviceLevelAnswered: sl / pServed, occupancy: k.rho * pServed, meanQueueLength: r.lambda * meanWait,
    piC: Math.exp(k.logPWait - k.logA),
  };
}

/** Erlang A (M/M/c+M); always stable. meanPatienceSeconds = Infinity gives Erlang C. */
export function erlangA(params: ErlangAParams): QueueMetrics {
  return erlangAFromRates(readRates(params, params.meanPatienceSeconds));
}

/** Waiting-time distribution at t seconds (params.slSeconds is ignored). Infinite patience gives Erlang C. */
export function erlangAWaitCdf(params: ErlangAParams, t: number): WaitCdf {
  const r = readRates({ ...params, slSeconds: 0 }, params.meanPatienceSeconds);
  if (!(t >= 0)) throw new RangeError(`t must be >= 0, got ${t}`);
  if (r.lambda === 0) return { waitAtMost: 1, answeredWithin: 1 };
  if (r.theta === 0) {
    const k = erlangCCore(r);
    if (!k.stable) return { waitAtMost: 0, answeredWithin: 0 };
    const v = 1 - k.pWait * Math.exp(-k.decay * t);
    return { waitAtMost: v, answeredWithin: v };
  }
  const k = erlangACore(r);
  return { waitAtMost: waitAtMost(k, r.theta, t), answeredWithin: answeredWithin(k, r.theta, t) };
}

// ---------------------------------------------------------------- E[ln(y/U)] by quadrature

const GL_N = 20;
const [GL_X, GL_W] = gaussLegendre(GL_N);

/** Nodes and weights on [-1, 1] (Newton on P_n, as in Numerical Recipes gauleg). */
function gaussLegendre(n: number): [Float64Array, Float64Array] {
  const xs = new Float64Array(n);
  const ws = new Float64Array(n);
  for (let i = 0; i < (n + 1) >> 1; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      dp = (n * (z * p1 - p2)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    xs[i] = -z;
    xs[n - 1 - i] = z;
    ws[i] = ws[n - 1 - i] = 2 / ((1 - z * z) * dp * dp);
  }
  return [xs, ws];
}

/**
 * E[ln(y/U)] for U ~ Gamma(x+1, 1) truncated to (0, y), i.e. ∫_0^y ln(y/u) u^x e^{-u} du / γ(x+1, y).
 * With s = ln(y/u) the integrand is s·e^{h(s)}, h(s) = -(x+1)s - y e^{-s}, which is concave with its
 * peak at s0 = max(0, ln(y/(x+1))). Both integrals are taken relative to e^{h(s0)} (so nothing overflows
 * for x in the millions), over the range where h is within 45 of its peak, with composite 20-point
 * Gauss–Legendre split at the peak, and the mean is s0 + E[s - s0] so the small offset is not lost.
 */
export function meanLogRatio(x: number, y: number): number {
  const b = x + 1;
  const s0 = y > b ? Math.log(y / b) : 0;
  const k = y > b ? b : y; // y·e^{-s0}
  // h(s0 + d) - h(s0), written without cancellation near d = 0.
  const g = (d: number): number => (k - b) * d - k * expm1mx(-d);
  const DROP = -45;
  let hi = 1 / (Math.abs(k - b) + Math.sqrt(k) + 1);
  while (g(hi) > DROP) hi *= 2;
  hi = bisectDrop(g, 0, hi, DROP);
  const lo = g(-s0) > DROP ? -s0 : bisectDrop(g, 0, -s0, DROP);
  let mass = 0;
  let first = 0;
  for (const [from, to] of [[lo, 0], [0, hi]] as const) {
    const panels = 32;
    const width = (to - from) / panels;
    for (let p = 0; p < panels; p++) {
      const mid = from + (p + 0.5) * width;
      for (let i = 0; i < GL_N; i++) {
        const d = mid + 0.5 * width * GL_X[i];
        const w = 0.5 * width * GL_W[i] * Math.exp(g(d));
        mass += w;
        first += w * d;
      }
    }
  }
  return s0 + first / mass;
}

/** Point between `inside` (g > level) and `outside` (g <= level) where g crosses level. */
function bisectDrop(g: (d: number) => number, inside: number, outside: number, level: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (inside + outside);
    if (mid === inside || mid === outside) break;
    if (g(mid) > level) inside = mid;
    else outside = mid;
  }
  return outside;
}

// ---------------------------------------------------------------- staffing

/**
 * Smallest agent count meeting every given target, under Erlang A (Erlang C when no finite patience is
 * given). Each KPI improves monotonically with c, so a doubling search then bisection suffices. Throws a
 * RangeError for targets no finite c meets (serviceLevel >= 1, maxAbandon or maxAsa <= 0), or when no count
 * up to 10^7 does.
 */
export function minAgents(params: StaffingParams, target: StaffingTarget): number {
  const { serviceLevel, maxAbandon, maxAsa } = target;
  // SL < 1, P(abandon) > 0 and ASA > 0 for every finite c, so these bounds could only be "met" by underflow.
  if (serviceLevel !== undefined && !(serviceLevel >= 0 && serviceLevel < 1)) {
    throw new RangeError(`minAgents: serviceLevel target must be in [0, 1), got ${serviceLevel}`);
  }
  if (maxAbandon !== undefined && !(maxAbandon > 0)) throw new RangeError('minAgents: maxAbandon must be > 0');
  if (maxAsa !== undefined && !(maxAsa > 0)) throw new RangeError('minAgents: maxAsa must be > 0');
  const patience = params.meanPatienceSeconds ?? Infinity;
  const meets = (c: number): boolean => {
    const m = erlangA({ ...params, agents: c, meanPatienceSeconds: patience });
    if (!m.stable) return false;
    if (serviceLevel !== undefined && !(m.serviceLevel >= serviceLevel)) return false;
    if (maxAbandon !== undefined && !(m.abandonProbability <= maxAbandon)) return false;
    if (maxAsa !== undefined && !(m.asa <= maxAsa)) return false;
    return true;
  };
  const load = params.arrivalRatePerSecond * params.meanHandleSeconds;
  let lo = patience === Infinity ? Math.max(1, Math.floor(load) + 1) : 1;
  if (meets(lo)) return lo;
  const CAP = 10_000_000;
  let hi = lo;
  while (!meets(hi)) {
    lo = hi;
    if (hi >= CAP) throw new RangeError('minAgents: targets not met by any agent count up to 10^7');
    hi = Math.min(CAP, hi * 2);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (meets(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
