/**
 * Survival analysis of right-censored durations, for caller patience: an abandoned caller's wait
 * is their patience, an answered caller's wait is a censored observation of it (they would have
 * waited at least that long). The naive mean of abandoned waits only sees the impatient and is
 * biased low; the Kaplan–Meier curve and the censored maximum-likelihood fits use every caller.
 */
import { chiSquareSf, fitWeibullCensored, type ParamEstimate, type WeibullFit } from './fit.ts';
import { normalQuantile } from './special.ts';
import { confidenceInterval, mean, type Interval } from './summary.ts';

export interface KmPoint {
  t: number;
  survival: number;
  /** Pointwise 95% interval (Greenwood variance on the log(-log) scale). */
  ci95: Interval;
  atRisk: number;
}

export interface KaplanMeier {
  /** One point per distinct event time (the curve steps there). */
  points: KmPoint[];
  events: number;
  censored: number;
  /** First time the curve is at or below 0.5, or null when it never gets there. */
  median: number | null;
}

/** Kaplan–Meier estimate with Greenwood's variance; censored ties are placed after events. */
export function kaplanMeier(times: Float64Array, event: Uint8Array): KaplanMeier {
  const n = times.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => times[a] - times[b] || event[b] - event[a]);
  const z = normalQuantile(0.975);
  let atRisk = n;
  let s = 1;
  let greenwood = 0;
  let events = 0;
  let median: number | null = null;
  const points: KmPoint[] = [];
  for (let i = 0; i < n; ) {
    const t = times[order[i]];
    let d = 0;
    let c = 0;
    while (i < n && times[order[i]] === t) {
      if (event[order[i]]) d++;
      else c++;
      i++;
    }
    if (d > 0) {
      s *= 1 - d / atRisk;
      if (atRisk > d) greenwood += d / (atRisk * (atRisk - d));
      events += d;
      let ci: Interval = [s, s];
      if (s > 0 && s < 1) {
        const se = Math.sqrt(greenwood) / Math.abs(Math.log(s));
        ci = [Math.pow(s, Math.exp(z * se)), Math.pow(s, Math.exp(-z * se))];
      }
      points.push({ t, survival: s, ci95: ci, atRisk });
      if (median === null && s <= 0.5) median = t;
    }
    atRisk -= d + c;
  }
  return { points, events, censored: n - events, median };
}

/** S(t) of a Kaplan–Meier curve (right-continuous step function). */
export function kmSurvivalAt(km: KaplanMeier, t: number): number {
  let lo = 0;
  let hi = km.points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (km.points[mid].t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 1 : km.points[lo - 1].survival;
}

export interface CensoredExponential {
  mean: ParamEstimate;
  logLik: number;
  events: number;
}

/** Exponential MLE with censoring: mean = total exposure / events; var(ln mean) = 1/events. */
export function fitExponentialCensored(times: Float64Array, event: Uint8Array): CensoredExponential {
  let exposure = 0;
  let r = 0;
  for (let i = 0; i < times.length; i++) {
    exposure += times[i];
    r += event[i];
  }
  if (r === 0) throw new RangeError('fitExponentialCensored: no events');
  const m = exposure / r;
  const se = 1 / Math.sqrt(r);
  const z95 = normalQuantile(0.975);
  const z99 = normalQuantile(0.995);
  return {
    mean: { name: 'mean', value: m, ci95: [m * Math.exp(-z95 * se), m * Math.exp(z95 * se)], ci99: [m * Math.exp(-z99 * se), m * Math.exp(z99 * se)] },
    logLik: -r * Math.log(m) - r,
    events: r,
  };
}

export interface PatienceFit {
  observations: number;
  events: number;
  censored: number;
  km: KaplanMeier;
  exponential: CensoredExponential;
  weibull: WeibullFit | null;
  /** Likelihood-ratio test of the exponential (Weibull shape 1): statistic, p (chi-square, 1 df). */
  lrTest: { statistic: number; p: number } | null;
  chosen: { dist: 'exponential'; mean: number } | { dist: 'weibull'; shape: number; scale: number };
  reason: string;
  /** Largest gap between the Kaplan–Meier curve and the chosen law's survival, over the event times. */
  maxKmGap: number;
  /** The naive estimate: mean wait of those who abandoned (biased low: it ignores the censored). */
  naive: { mean: number; ci95: Interval | null; ci99: Interval | null };
}

/**
 * Patience from waits: Kaplan–Meier, censored exponential and Weibull fits, the exponential kept
 * unless the likelihood-ratio test rejects it at `alpha`. Waits of 0 that were censored carry no
 * information and are left out of the Weibull fit (its likelihood needs t > 0).
 */
export function fitPatience(waits: Float64Array, abandoned: Uint8Array, alpha = 0.01): PatienceFit {
  const km = kaplanMeier(waits, abandoned);
  const exponential = fitExponentialCensored(waits, abandoned);
  const keep: number[] = [];
  for (let i = 0; i < waits.length; i++) if (waits[i] > 0) keep.push(i);
  let weibull: WeibullFit | null = null;
  let lrTest: PatienceFit['lrTest'] = null;
  const tw = Float64Array.from(keep, (i) => waits[i]);
  const ew = Uint8Array.from(keep, (i) => abandoned[i]);
  if (ew.reduce((s, v) => s + v, 0) >= 2) {
    weibull = fitWeibullCensored(tw, ew);
    // The exponential's log-likelihood over the same observations (zero waits add nothing to either).
    const statistic = Math.max(0, 2 * (weibull.logLik - exponentialLogLik(tw, ew)));
    lrTest = { statistic, p: chiSquareSf(statistic, 1) };
  }
  const useWeibull = weibull !== null && lrTest !== null && lrTest.p < alpha;
  const chosen: PatienceFit['chosen'] = useWeibull
    ? { dist: 'weibull', shape: weibull!.shape, scale: weibull!.scale }
    : { dist: 'exponential', mean: exponential.mean.value };
  const reason = lrTest === null
    ? 'exponential (too few abandonments to test a Weibull shape)'
    : useWeibull
      ? `weibull: the likelihood-ratio test rejects an exponential (shape 1), LR ${lrTest.statistic.toFixed(2)}, p ${lrTest.p < 1e-4 ? '< 0.0001' : lrTest.p.toFixed(4)} < ${alpha}`
      : `exponential: the likelihood-ratio test does not reject shape 1 (LR ${lrTest.statistic.toFixed(2)}, p ${lrTest.p.toFixed(4)} >= ${alpha})`;
  const survival = (t: number) => (chosen.dist === 'exponential' ? Math.exp(-t / chosen.mean) : Math.exp(-Math.pow(t / chosen.scale, chosen.shape)));
  let maxKmGap = 0;
  for (const p of km.points) maxKmGap = Math.max(maxKmGap, Math.abs(p.survival - survival(p.t)));
  const abandonedWaits: number[] = [];
  for (let i = 0; i < waits.length; i++) if (abandoned[i]) abandonedWaits.push(waits[i]);
  return {
    observations: waits.length,
    events: km.events,
    censored: km.censored,
    km,
    exponential,
    weibull,
    lrTest,
    chosen,
    reason,
    maxKmGap,
    naive: { mean: mean(abandonedWaits), ci95: confidenceInterval(abandonedWaits, 0.95), ci99: confidenceInterval(abandonedWaits, 0.99) },
  };
}

function exponentialLogLik(t: Float64Array, e: Uint8Array): number {
  let exposure = 0;
  let r = 0;
  for (let i = 0; i < t.length; i++) {
    exposure += t[i];
    r += e[i];
  }
  const m = exposure / r;
  return -r * Math.log(m) - exposure / m;
}
