/**
 * Tests on proportions for the insights report: Wilson intervals, the two-proportion z-test (one
 * group against the rest), Pearson's chi-square test of homogeneity, and the Benjamini–Hochberg
 * and Holm adjustments for many tests.
 */
import { gammaQ, normalCdf, normalQuantile } from '../../sim/stats/special.ts';

/** Wilson score interval of x successes in n trials at the given confidence level. */
export function wilsonInterval(x: number, n: number, level = 0.95): [number, number] | null {
  if (n <= 0) return null;
  const z = normalQuantile(1 - (1 - level) / 2);
  const p = x / n;
  const z2 = z * z;
  const den = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / den;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export interface TwoProportionTest {
  /** p1 - p2. */
  difference: number;
  /** Wald interval of the difference (unpooled standard error). */
  ci95: [number, number];
  z: number;
  /** Two-sided p-value (pooled standard error under the null of equal rates). */
  p: number;
}

/** Two-sided two-proportion z-test of x1/n1 against x2/n2. */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): TwoProportionTest | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se0 = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = se0 > 0 ? (p1 - p2) / se0 : 0;
  const p = se0 > 0 ? 2 * normalCdf(-Math.abs(z)) : 1;
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  const zc = normalQuantile(0.975);
  return { difference: p1 - p2, ci95: [p1 - p2 - zc * se, p1 - p2 + zc * se], z, p };
}

export interface ChiSquareTest {
  statistic: number;
  df: number;
  p: number;
}

/** Pearson's chi-square test that k groups (successes x[i] of n[i]) share one rate. */
export function chiSquareHomogeneity(x: readonly number[], n: readonly number[]): ChiSquareTest | null {
  const k = x.length;
  const N = n.reduce((s, v) => s + v, 0);
  const X = x.reduce((s, v) => s + v, 0);
  if (k < 2 || N <= 0 || X === 0 || X === N) return k < 2 ? null : { statistic: 0, df: k - 1, p: 1 };
  const p = X / N;
  let stat = 0;
  for (let i = 0; i < k; i++) {
    const e1 = n[i] * p;
    const e0 = n[i] * (1 - p);
    stat += (x[i] - e1) ** 2 / e1 + (n[i] - x[i] - e0) ** 2 / e0;
  }
  const df = k - 1;
  return { statistic: stat, df, p: gammaQ(df / 2, stat / 2) };
}

/** Benjamini–Hochberg adjusted p-values (q-values), in the input order. */
export function benjaminiHochberg(ps: readonly number[]): number[] {
  const m = ps.length;
  const order = ps.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const q = new Array<number>(m);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const [p, i] = order[r];
    running = Math.min(running, (p * m) / (r + 1));
    q[i] = Math.min(1, running);
  }
  return q;
}

/** Holm's step-down adjusted p-values, in the input order. */
export function holm(ps: readonly number[]): number[] {
  const m = ps.length;
  const order = ps.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const adj = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], r) => {
    running = Math.max(running, Math.min(1, (m - r) * p));
    adj[i] = running;
  });
  return adj;
}
