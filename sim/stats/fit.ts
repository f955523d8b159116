/**
 * Maximum-likelihood fits of duration distributions (lognormal, gamma, Weibull, exponential) with
 * the fitted parameters' confidence intervals and goodness of fit. Parameters are reported in the
 * scenario format's own terms (lognormal/gamma: mean and cv; Weibull: shape and scale; exponential:
 * mean), so an interval can be compared with a scenario's value directly. Intervals come from the
 * inverse Fisher information (delta method), taken on the log scale so they stay positive.
 *
 * Goodness of fit: Pearson's chi-square over equiprobable bins of the fitted law (Moore's rule for
 * the bin count), with B - 1 - p degrees of freedom (Chernoff–Lehmann: with ungrouped MLEs the true
 * null law lies between chi-square(B-1-p) and chi-square(B-1), so the p-value is slightly small, i.e.
 * conservative for "passes"), and the Kolmogorov–Smirnov distance as a readable size of the misfit.
 */
import { betaInc, gammaP, gammaQ, lgamma, normalCdf, normalQuantile } from './special.ts';
import type { Interval } from './summary.ts';

export type FitKind = 'lognormal' | 'gamma' | 'weibull' | 'exponential';
export const FIT_KINDS: readonly FitKind[] = ['lognormal', 'gamma', 'weibull', 'exponential'];

/** A fitted law in the scenario's distribution format. */
export type FittedDist =
  | { dist: 'lognormal'; mean: number; cv: number }
  | { dist: 'gamma'; mean: number; cv: number }
  | { dist: 'weibull'; shape: number; scale: number }
  | { dist: 'exponential'; mean: number };

export interface ParamEstimate {
  name: string;
  value: number;
  ci95: Interval;
  ci99: Interval;
}

export interface GoodnessOfFit {
  chiSquare: number;
  df: number;
  /** Upper tail of chi-square(df) at the statistic. */
  p: number;
  bins: number;
  /** Kolmogorov–Smirnov distance sup |F_n - F|. */
  ks: number;
}

export interface DistFit {
  kind: FitKind;
  dist: FittedDist;
  params: ParamEstimate[];
  n: number;
  logLik: number;
  aic: number;
  gof: GoodnessOfFit;
}

const Z95 = normalQuantile(0.975);
const Z99 = normalQuantile(0.995);

/** Interval for a positive quantity from its log-scale standard error. */
function logInterval(value: number, seLog: number, z: number): Interval {
  return [value * Math.exp(-z * seLog), value * Math.exp(z * seLog)];
}

function positiveParam(name: string, value: number, seLog: number): ParamEstimate {
  return { name, value, ci95: logInterval(value, seLog, Z95), ci99: logInterval(value, seLog, Z99) };
}

// ---------------------------------------------------------------- special functions for the gamma MLE

/** ψ(x), the digamma function, for x > 0: recurrence up to 10, then the asymptotic series. */
export function digamma(x: number): number {
  let r = 0;
  while (x < 10) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/** ψ'(x), the trigamma function, for x > 0. */
export function trigamma(x: number): number {
  let r = 0;
  while (x < 10) {
    r += 1 / (x * x);
    x += 1;
  }
  const f = 1 / (x * x);
  return r + 1 / x + f / 2 + (f / x) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f / 30)));
}

/** The p-quantile of chi-square(df), by bisection on the regularised incomplete gamma. */
export function chiSquareQuantile(p: number, df: number): number {
  let lo = 0;
  let hi = Math.max(1, df);
  while (gammaP(df / 2, hi / 2) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (gammaP(df / 2, mid / 2) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Upper tail of Fisher's F(df1, df2). */
export function fDistSf(f: number, df1: number, df2: number): number {
  return f <= 0 ? 1 : betaInc(df2 / 2, df1 / 2, df2 / (df2 + df1 * f));
}

/** Upper tail of chi-square(df). */
export function chiSquareSf(x: number, df: number): number {
  return x <= 0 ? 1 : gammaQ(df / 2, x / 2);
}

// ---------------------------------------------------------------- CDFs

export function fittedCdf(d: FittedDist, x: number): number {
  if (x <= 0) return 0;
  switch (d.dist) {
    case 'exponential':
      return -Math.expm1(-x / d.mean);
    case 'weibull':
      return -Math.expm1(-Math.pow(x / d.scale, d.shape));
    case 'lognormal': {
      const s2 = Math.log1p(d.cv * d.cv);
      const mu = Math.log(d.mean) - s2 / 2;
      return normalCdf((Math.log(x) - mu) / Math.sqrt(s2));
    }
    case 'gamma': {
      const k = 1 / (d.cv * d.cv);
      return gammaP(k, (x * k) / d.mean);
    }
  }
}

/** The mean of a fitted law. */
export function fittedMean(d: FittedDist): number {
  return d.dist === 'weibull' ? d.scale * Math.exp(lgamma(1 + 1 / d.shape)) : d.mean;
}

// ---------------------------------------------------------------- fits

function sumLog(xs: Float64Array): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += Math.log(xs[i]);
  return s;
}

function sum(xs: Float64Array): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
}

function fitLognormal(xs: Float64Array): Omit<DistFit, 'gof' | 'aic'> {
  const n = xs.length;
  const m = sumLog(xs) / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (Math.log(xs[i]) - m) ** 2;
  const s2 = ss / n;
  const s = Math.sqrt(s2);
  const mean = Math.exp(m + s2 / 2);
  const cv = Math.sqrt(Math.expm1(s2));
  // var(m) = s²/n, var(s) = s²/(2n), independent.
  const varM = s2 / n;
  const varS = s2 / (2 * n);
  const seLogMean = Math.sqrt(varM + s2 * varS); // d(m + s²/2)/ds = s
  const seLogCv = Math.sqrt(((s * Math.exp(s2)) / (cv * cv)) ** 2 * varS);
  const logLik = -n * (m + 0.5 * Math.log(2 * Math.PI * s2) + 0.5);
  return {
    kind: 'lognormal',
    dist: { dist: 'lognormal', mean, cv },
    params: [positiveParam('mean', mean, seLogMean), positiveParam('cv', cv, seLogCv)],
    n,
    logLik,
  };
}

function fitGamma(xs: Float64Array): Omit<DistFit, 'gof' | 'aic'> {
  const n = xs.length;
  const xbar = sum(xs) / n;
  const lbar = sumLog(xs) / n;
  const s = Math.log(xbar) - lbar;
  let k = (3 - s + Math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s);
  for (let i = 0; i < 100; i++) {
    const f = Math.log(k) - digamma(k) - s;
    const step = f / (1 / k - trigamma(k));
    let next = k - step;
    if (!(next > 0)) next = k / 2;
    if (Math.abs(next - k) < 1e-12 * k) {
      k = next;
      break;
    }
    k = next;
  }
  const theta = xbar / k;
  // Fisher information per observation for (k, θ): [[ψ'(k), 1/θ], [1/θ, k/θ²]]; invert and divide by n.
  const a = trigamma(k);
  const det = a * (k / (theta * theta)) - 1 / (theta * theta);
  const varK = k / (theta * theta) / det / n;
  const varT = a / det / n;
  const covKT = -(1 / theta) / det / n;
  // log mean = log k + log θ; log cv = -log(k)/2.
  const seLogMean = Math.sqrt(varK / (k * k) + varT / (theta * theta) + (2 * covKT) / (k * theta));
  const seLogCv = Math.sqrt(varK / (4 * k * k));
  const logLik = n * (-lgamma(k) - k * Math.log(theta) + (k - 1) * lbar - xbar / theta);
  return {
    kind: 'gamma',
    dist: { dist: 'gamma', mean: k * theta, cv: 1 / Math.sqrt(k) },
    params: [positiveParam('mean', k * theta, seLogMean), positiveParam('cv', 1 / Math.sqrt(k), seLogCv)],
    n,
    logLik,
  };
}

function fitExponential(xs: Float64Array): Omit<DistFit, 'gof' | 'aic'> {
  const n = xs.length;
  const mean = sum(xs) / n;
  return {
    kind: 'exponential',
    dist: { dist: 'exponential', mean },
    params: [positiveParam('mean', mean, 1 / Math.sqrt(n))],
    n,
    logLik: -n * (Math.log(mean) + 1),
  };
}

function fitWeibullComplete(xs: Float64Array): Omit<DistFit, 'gof' | 'aic'> {
  const w = fitWeibullCensored(xs, new Uint8Array(xs.length).fill(1));
  return {
    kind: 'weibull',
    dist: { dist: 'weibull', shape: w.shape, scale: w.scale },
    params: [w.params[0], w.params[1]],
    n: xs.length,
    logLik: w.logLik,
  };
}

// ---------------------------------------------------------------- Weibull with right censoring

export interface WeibullFit {
  shape: number;
  scale: number;
  params: [ParamEstimate, ParamEstimate];
  logLik: number;
  events: number;
}

/**
 * Weibull MLE from right-censored data (`event[i]` 1 = observed, 0 = censored at times[i]; times
 * > 0). The scale has a closed form given the shape, λ^k = Σ t^k / r, so the shape maximises the
 * profile likelihood, whose derivative r/k + Σ_events ln t - r Σ t^k ln t / Σ t^k is decreasing in
 * k: bisection on its sign. Times are scaled by their geometric mean first so t^k neither
 * overflows nor underflows. Intervals from the observed information of (ln k, ln λ), numerically.
 */
export function fitWeibullCensored(times: Float64Array, event: Uint8Array): WeibullFit {
  const n = times.length;
  let r = 0;
  let g = 0;
  for (let i = 0; i < n; i++) {
    g += Math.log(times[i]);
    r += event[i];
  }
  if (r === 0) throw new RangeError('fitWeibullCensored: no events');
  g = Math.exp(g / n);
  const t = new Float64Array(n);
  const lt = new Float64Array(n);
  let sumLogEvents = 0;
  for (let i = 0; i < n; i++) {
    t[i] = times[i] / g;
    lt[i] = Math.log(t[i]);
    if (event[i]) sumLogEvents += lt[i];
  }
  const slope = (k: number): number => {
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      const p = Math.exp(k * lt[i]);
      a += p;
      b += p * lt[i];
    }
    return r / k + sumLogEvents - (r * b) / a;
  };
  let lo = Math.log(1e-3);
  let hi = Math.log(100);
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (slope(Math.exp(mid)) > 0) lo = mid;
    else hi = mid;
  }
  const k = Math.exp((lo + hi) / 2);
  const logLikScaled = (lk: number, ll: number): number => {
    const kk = Math.exp(lk);
    let s = r * (lk - kk * ll) + (kk - 1) * sumLogEvents;
    for (let i = 0; i < n; i++) s -= Math.exp(kk * (lt[i] - ll));
    return s;
  };
  let sumPow = 0;
  for (let i = 0; i < n; i++) sumPow += Math.exp(k * lt[i]);
  const llam = Math.log(sumPow / r) / k;
  // Observed information of (ln k, ln λ) by central differences.
  const h = 1e-4;
  const f = (a: number, b: number) => logLikScaled(Math.log(k) + a, llam + b);
  const f0 = f(0, 0);
  const haa = (f(h, 0) - 2 * f0 + f(-h, 0)) / (h * h);
  const hbb = (f(0, h) - 2 * f0 + f(0, -h)) / (h * h);
  const hab = (f(h, h) - f(h, -h) - f(-h, h) + f(-h, -h)) / (4 * h * h);
  const det = haa * hbb - hab * hab;
  const varLk = -hbb / det;
  const varLl = -haa / det;
  const scale = Math.exp(llam) * g;
  // Back to unscaled times: the density picks up a Jacobian 1/g per event.
  const logLik = f0 - r * Math.log(g);
  return {
    shape: k,
    scale,
    params: [positiveParam('shape', k, Math.sqrt(varLk)), positiveParam('scale', scale, Math.sqrt(varLl))],
    logLik,
    events: r,
  };
}

// ---------------------------------------------------------------- goodness of fit

/** Moore's rule, 2 n^(2/5) equiprobable bins, kept between 5 and 100 and at >= 5 expected per bin. */
function binCount(n: number): number {
  return Math.max(5, Math.min(100, Math.round(2 * Math.pow(n, 0.4)), Math.floor(n / 5)));
}

export function goodnessOfFit(sorted: Float64Array, d: FittedDist, nParams: number): GoodnessOfFit {
  const n = sorted.length;
  const bins = binCount(n);
  const counts = new Float64Array(bins);
  let ks = 0;
  for (let i = 0; i < n; i++) {
    const F = fittedCdf(d, sorted[i]);
    ks = Math.max(ks, Math.abs((i + 1) / n - F), Math.abs(F - i / n));
    counts[Math.min(bins - 1, Math.floor(F * bins))]++;
  }
  const e = n / bins;
  let chi = 0;
  for (let b = 0; b < bins; b++) chi += (counts[b] - e) ** 2 / e;
  const df = Math.max(1, bins - 1 - nParams);
  return { chiSquare: chi, df, p: chiSquareSf(chi, df), bins, ks };
}

const FITTERS: Record<FitKind, (xs: Float64Array) => Omit<DistFit, 'gof' | 'aic'>> = {
  lognormal: fitLognormal,
  gamma: fitGamma,
  weibull: fitWeibullComplete,
  exponential: fitExponential,
};

/** Fits every candidate to positive values; AIC and goodness of fit for each. */
export function fitCandidates(values: Float64Array, kinds: readonly FitKind[] = FIT_KINDS): DistFit[] {
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] > 0)) throw new RangeError(`fitCandidates: values must be > 0, found ${values[i]} at ${i}`);
  }
  if (values.length < 2) throw new RangeError('fitCandidates: at least 2 values needed');
  const sorted = Float64Array.from(values).sort();
  return kinds.map((kind) => {
    const f = FITTERS[kind](sorted);
    const p = f.params.length;
    return { ...f, aic: 2 * p - 2 * f.logLik, gof: goodnessOfFit(sorted, f.dist, p) };
  });
}

export interface FitChoice {
  chosen: DistFit | null;
  candidates: DistFit[];
  /** Why the chosen law (or none) was chosen. */
  reason: string;
}

/**
 * The choice rule: candidates whose chi-square test does not reject at `alpha` pass; among those
 * the lowest AIC wins. When none passes, `chosen` is null (the caller falls back to the empirical
 * distribution) and the reason names the closest candidate.
 */
export function chooseFit(candidates: DistFit[], alpha = 0.01): FitChoice {
  const byAic = [...candidates].sort((a, b) => a.aic - b.aic);
  const passing = byAic.filter((c) => c.gof.p >= alpha);
  if (passing.length > 0) {
    const c = passing[0];
    const others = passing.length > 1 ? `; lowest AIC of the ${passing.length} that pass` : '; the only one that passes';
    return { chosen: c, candidates, reason: `${c.kind}: chi-square p = ${formatP(c.gof.p)} >= ${alpha}${others}` };
  }
  const best = byAic[0];
  return { chosen: null, candidates, reason: `no candidate passes the chi-square test at ${alpha} (closest by AIC: ${best.kind}, p = ${formatP(best.gof.p)}, KS ${best.gof.ks.toFixed(4)})` };
}

export function formatP(p: number): string {
  return p < 1e-4 ? '< 0.0001' : p.toFixed(4);
}
