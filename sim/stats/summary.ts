// Summary statistics for replications. One-pass Welford updates: the textbook Σx² - n·mean² cancels badly
// for KPIs like waits in seconds with tiny spread, and replication outputs can be long arrays.

import { studentTQuantile } from './special.ts';

/** [lo, hi]. */
export type Interval = [number, number];

interface Moments {
  n: number;
  mean: number;
  /** Σ (x - mean)². */
  m2: number;
}

function moments(xs: ArrayLike<number>): Moments {
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < xs.length; i++) {
    const d = xs[i] - mean;
    mean += d / (i + 1);
    m2 += d * (xs[i] - mean);
  }
  return { n: xs.length, mean, m2 };
}

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
}

/** Arithmetic mean (running update, no overflow for large values); NaN when empty. */
export function mean(xs: ArrayLike<number>): number {
  return xs.length === 0 ? NaN : moments(xs).mean;
}

/** Unbiased sample variance (divisor n - 1); NaN for fewer than 2 values. */
export function sampleVariance(xs: ArrayLike<number>): number {
  if (xs.length < 2) return NaN;
  const m = moments(xs);
  return m.m2 / (m.n - 1);
}

/** Student-t half width for the mean; Infinity for fewer than 2 values (nothing is known yet). */
export function halfWidth(xs: ArrayLike<number>, level = 0.95): number {
  checkLevel(level);
  if (xs.length < 2) return Infinity;
  const m = moments(xs);
  return tHalfWidth(m.m2 / (m.n - 1) / m.n, m.n - 1, level);
}

function tHalfWidth(varianceOfMean: number, df: number, level: number): number {
  if (varianceOfMean === 0) return 0;
  return studentTQuantile(0.5 + level / 2, df) * Math.sqrt(varianceOfMean);
}

/** Student-t confidence interval for the mean; null for fewer than 2 values, zero width if all are equal. */
export function confidenceInterval(xs: ArrayLike<number>, level = 0.95): Interval | null {
  checkLevel(level);
  if (xs.length < 2) return null;
  const m = moments(xs);
  const h = tHalfWidth(m.m2 / (m.n - 1) / m.n, m.n - 1, level);
  return [m.mean - h, m.mean + h];
}

/**
 * Welch interval for mean(ys) - mean(xs) from independent samples, with Welch–Satterthwaite degrees of
 * freedom. Null when either sample has fewer than 2 values.
 */
export function welchInterval(xs: ArrayLike<number>, ys: ArrayLike<number>, level = 0.95): Interval | null {
  checkLevel(level);
  if (xs.length < 2 || ys.length < 2) return null;
  const a = moments(xs);
  const b = moments(ys);
  const va = a.m2 / (a.n - 1) / a.n;
  const vb = b.m2 / (b.n - 1) / b.n;
  const v = va + vb;
  const diff = b.mean - a.mean;
  if (v === 0) return [diff, diff];
  const df = (v * v) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const h = tHalfWidth(v, df, level);
  return [diff - h, diff + h];
}

/**
 * Paired interval for the mean of ys[i] - xs[i] (common random numbers: replication i of both arms shares
 * its streams). Null for fewer than 2 pairs; throws if the lengths differ.
 */
export function pairedInterval(xs: ArrayLike<number>, ys: ArrayLike<number>, level = 0.95): Interval | null {
  checkLevel(level);
  if (xs.length !== ys.length) throw new RangeError(`paired samples differ in length: ${xs.length} vs ${ys.length}`);
  const n = xs.length;
  if (n < 2) return null;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const x = ys[i] - xs[i];
    const d = x - mean;
    mean += d / (i + 1);
    m2 += d * (x - mean);
  }
  const h = tHalfWidth(m2 / (n - 1) / n, n - 1, level);
  return [mean - h, mean + h];
}

/**
 * Quantile with linear interpolation between order statistics (R type 7, the default of R and NumPy):
 * h = (n - 1)p, q = x[⌊h⌋] + (h - ⌊h⌋)(x[⌊h⌋+1] - x[⌊h⌋]). Sorts a copy unless the input is already
 * ascending; never mutates it. NaN for an empty input.
 */
export function quantile(xs: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be in [0, 1], got ${p}`);
  const n = xs.length;
  if (n === 0) return NaN;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = xs[i - 1] <= xs[i];
  const s: ArrayLike<number> = sorted ? xs : Float64Array.from(xs).sort();
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const frac = h - lo;
  if (frac === 0) return s[lo];
  return s[lo] + frac * (s[lo + 1] - s[lo]);
}
