// Special functions for the closed-form checks. Everything that can overflow (factorials, powers of the
// load, incomplete gammas for thousands of agents) is computed as a logarithm; the Loader/Stirling
// decomposition is used wherever two huge logarithms would otherwise cancel.

const LN_2PI = Math.log(2 * Math.PI);
const EPS = 1e-17;
const TINY = 1e-300;

// ---------------------------------------------------------------- log-space helpers

/** log(e^a + e^b) without overflow. */
export function logSumExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** log(1 + e^x) (Mächler 2012 cut-offs). */
export function log1pExp(x: number): number {
  if (x <= -37) return Math.exp(x);
  if (x <= 18) return Math.log1p(Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x;
}

/** log(1 - e^x) for x <= 0 (Mächler 2012: expm1 near 0, log1p in the tail). */
export function log1mExp(x: number): number {
  if (x > 0) return NaN;
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/** log(e^x - 1) for x >= 0; stays finite for x in the thousands. */
export function logExpm1(x: number): number {
  if (x < 0) return NaN;
  return x <= Math.LN2 ? Math.log(Math.expm1(x)) : x + Math.log1p(-Math.exp(-x));
}

/** d - log(1 + d), accurate for small |d| where the two terms nearly cancel. */
export function dMinusLog1p(d: number): number {
  if (Math.abs(d) >= 0.5) return d - Math.log1p(d);
  // log(1+d) = 2 atanh(v), v = d/(2+d), and d - 2v = d v: no cancellation left.
  const v = d / (2 + d);
  const v2 = v * v;
  let term = 2 * v * v2;
  let sum = d * v;
  for (let k = 3; ; k += 2) {
    const t = term / k;
    sum -= t;
    if (Math.abs(t) <= Math.abs(sum) * EPS) break;
    term *= v2;
  }
  return sum;
}

// ---------------------------------------------------------------- gamma and beta

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** Stirling series remainder: lgamma(x) - [(x - 1/2) ln x - x + ln(2π)/2], for x >= 10. */
export function stirlingCorrection(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  return (
    r *
    (1 / 12 +
      r2 *
        (-1 / 360 +
          r2 *
            (1 / 1260 +
              r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156 + (r2 * -3617) / 122400)))))))
  );
}

/** ln Γ(x); Infinity at the poles. Lanczos (g = 7) below 10, Stirling series above. */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x < 0.5) {
    // Reflection: Γ(x) Γ(1-x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  }
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + 0.5 * LN_2PI + stirlingCorrection(x);
  const z = x - 1;
  let a = LANCZOS[0];
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * LN_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln B(a, b), keeping lgamma(p) - lgamma(p+q) free of cancellation when p is large. */
export function lbeta(a: number, b: number): number {
  const p = Math.max(a, b);
  const q = Math.min(a, b);
  if (p < 10) return lgamma(a) + lgamma(b) - lgamma(a + b);
  // lgamma(p) - lgamma(p+q) via Stirling, with the difference of the (x - 1/2) ln x terms taken exactly.
  const diff =
    -(p - 0.5) * Math.log1p(q / p) - q * Math.log(p + q) + q + stirlingCorrection(p) - stirlingCorrection(p + q);
  return lgamma(q) + diff;
}

/**
 * ln(m^k e^{-m} / Γ(k+1)): the Poisson log-probability, for real k >= 0. For large k it is computed as
 * -stirling(k) - ln(2πk)/2 - k·(d - log1p d), d = (m-k)/k (Loader 2000), because k ln m, m and
 * lgamma(k+1) are each far larger than their sum.
 */
export function logPoissonTerm(k: number, m: number): number {
  if (k < 0 || m < 0 || Number.isNaN(k) || Number.isNaN(m)) return NaN;
  if (m === 0) return k === 0 ? 0 : -Infinity;
  if (k === 0) return -m;
  if (m === Infinity) return -Infinity;
  if (k < 10) return k * Math.log(m) - m - lgamma(k + 1);
  const d = (m - k) / k;
  // Far from the mode, k·(d - log1p d) = (m - k) - k ln(m/k): forming 1 + d would lose m/k when m << k.
  const deviance = Math.abs(d) < 0.5 ? k * dMinusLog1p(d) : m - k - k * Math.log(m / k);
  return -stirlingCorrection(k) - 0.5 * (LN_2PI + Math.log(k)) - deviance;
}

/** ln of S(a, x) = Σ_{n>=0} x^n / ((a+1)...(a+n)), so that P(a, x) = poissonTerm(a, x) · S. */
export function logGammaSeries(a: number, x: number): number {
  let term = 1;
  let sum = 1;
  const maxIter = 100_000 + 50 * Math.ceil(Math.sqrt(a));
  for (let n = 1; n < maxIter; n++) {
    term *= x / (a + n);
    sum += term;
    if (term <= sum * EPS) return Math.log(sum);
    if (sum > 1e300) {
      throw new RangeError(`logGammaSeries: series overflows for a=${a}, x=${x}; use x < a + 1`);
    }
  }
  throw new RangeError(`logGammaSeries: no convergence for a=${a}, x=${x}`);
}

/**
 * ln h for the continued fraction Q(a, x) = poissonTerm(a, x) · a · h (modified Lentz); converges fast for
 * x >= a + 1. Exposed so callers can take ratios of Q without subtracting two huge Poisson-term logarithms.
 */
export function logGammaQFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  const maxIter = 100_000 + 50 * Math.ceil(Math.sqrt(a));
  for (let i = 1; i < maxIter; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) return Math.log(h);
  }
  throw new RangeError(`logGammaQ: continued fraction did not converge for a=${a}, x=${x}`);
}

function checkGammaArgs(a: number, x: number): boolean {
  return a > 0 && x >= 0 && !Number.isNaN(a) && !Number.isNaN(x) && a < Infinity;
}

/** ln P(a, x), the regularized lower incomplete gamma γ(a, x) / Γ(a). */
export function logGammaP(a: number, x: number): number {
  if (!checkGammaArgs(a, x)) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return 0;
  if (x < a + 1) return logPoissonTerm(a, x) + logGammaSeries(a, x);
  return log1mExp(logGammaQ(a, x));
}

/**
 * ln Q(a, x) = ln(1 - P(a, x)). In the series region Q is taken as 1 - P, so for a < 1 and x < 1 (Q ≈ a·E1(x)
 * tiny) its relative accuracy degrades like 1e-16 / Q; nothing in the simulator needs that corner.
 */
export function logGammaQ(a: number, x: number): number {
  if (!checkGammaArgs(a, x)) return NaN;
  if (x === 0) return 0;
  if (x === Infinity) return -Infinity;
  if (x < a + 1) return log1mExp(logGammaP(a, x));
  return logPoissonTerm(a, x) + Math.log(a) + logGammaQFraction(a, x);
}

export function gammaP(a: number, x: number): number {
  return Math.exp(logGammaP(a, x));
}

export function gammaQ(a: number, x: number): number {
  return Math.exp(logGammaQ(a, x));
}

// ---------------------------------------------------------------- incomplete beta

/** Continued fraction for I_x(a, b) (Numerical Recipes betacf, modified Lentz). */
function betaFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  const maxIter = 100_000 + 50 * Math.ceil(Math.sqrt(Math.max(a, b)));
  for (let m = 1; m < maxIter; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) return h;
  }
  throw new RangeError(`betaInc: continued fraction did not converge for a=${a}, b=${b}, x=${x}`);
}

/**
 * I_x(a, b) with the complement y = 1 - x supplied separately, so callers that know y exactly
 * (e.g. t²/(df+t²)) lose nothing to 1 - x.
 */
export function betaIncXY(a: number, b: number, x: number, y: number): number {
  if (!(a > 0 && b > 0) || !(x >= 0 && y >= 0)) return NaN;
  if (x === 0) return 0;
  if (y === 0) return 1;
  // ln x from the smaller of x, y: a·ln x with a in the millions amplifies any rounding of x.
  const lx = x > 0.5 ? Math.log1p(-y) : Math.log(x);
  const ly = y > 0.5 ? Math.log1p(-x) : Math.log(y);
  const logFront = a * lx + b * ly - lbeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaFraction(a, b, x)) / a;
  return 1 - (Math.exp(logFront) * betaFraction(b, a, y)) / b;
}

/**
 * Regularized incomplete beta I_x(a, b). Good to ~1e-13 for a, b up to a few thousand; with a parameter in
 * the 1e4+ range and x near the mean the fraction's factors round to 1 before it has converged (errors of
 * 1e-12 at 1e5), which is why studentTCdf switches to Hill's expansion for large df.
 */
export function betaInc(a: number, b: number, x: number): number {
  if (x < 0 || x > 1) return NaN;
  return betaIncXY(a, b, x, 1 - x);
}

// ---------------------------------------------------------------- normal and Student t

/** Φ(z). Tails via Q(1/2, z²/2) = erfc(|z|/√2), which keeps full relative accuracy far out. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const half = 0.5 * gammaQ(0.5, 0.5 * z * z);
  return z < 0 ? half : 1 - half;
}

/** Standard normal density. */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z - 0.5 * LN_2PI);
}

const ACKLAM_A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
];
const ACKLAM_B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const ACKLAM_C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** Acklam's rational approximation (relative error < 1.2e-9), lower half p <= 0.5. */
function acklamLower(p: number): number {
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    const [c0, c1, c2, c3, c4, c5] = ACKLAM_C;
    const [d0, d1, d2, d3] = ACKLAM_D;
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  const [a0, a1, a2, a3, a4, a5] = ACKLAM_A;
  const [b0, b1, b2, b3, b4] = ACKLAM_B;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/** Φ⁻¹(p): Acklam's approximation polished by Halley steps on the accurate cdf; exactly antisymmetric. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -normalQuantile(1 - p); // 1 - p is exact for p in [0.5, 1]
  if (p === 0.5) return 0;
  let x = acklamLower(p);
  for (let i = 0; i < 2; i++) {
    // Halley on F(x) - p; relative residual keeps the step accurate deep in the tail.
    const e = normalCdf(x) - p;
    const u = e / normalPdf(x);
    x -= u / (1 + 0.5 * x * u);
  }
  return x;
}

/** Student t cdf for real df > 0 (df = Infinity gives the normal). */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (df === Infinity) return normalCdf(t);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const t2 = t * t;
  if (df >= 2000 && t2 <= 200) return hillLargeDf(t, df);
  // x = df/(df+t²) and y = t²/(df+t²) are both formed directly: neither comes from 1 - the other.
  const tail = 0.5 * betaIncXY(0.5 * df, 0.5, df / (df + t2), t2 / (df + t2));
  return t < 0 ? tail : 1 - tail;
}

/**
 * Hill (1970, CACM Algorithm 395) normalizing transform for large df: the incomplete-beta continued fraction
 * converges too slowly near x = 1 when df/2 is in the thousands (errors grow to 1e-12 at df = 1e5, 1e-8 at
 * 1e9), while this expansion is good to ~1e-14 there for |t| up to ~14 (checked against mpmath).
 */
function hillLargeDf(t: number, df: number): number {
  const a = df - 0.5;
  const b = 48 * a * a;
  const y = a * Math.log1p((t * t) / df);
  const z = (((((-0.4 * y - 3.3) * y - 24) * y - 85.5) / (0.8 * y * y + 100 + b) + y + 3) / b + 1) * Math.sqrt(y);
  return t < 0 ? normalCdf(-z) : 1 - normalCdf(-z);
}

/** Student t density. */
export function studentTPdf(t: number, df: number): number {
  if (df === Infinity) return normalPdf(t);
  return Math.exp(-0.5 * Math.log(df) - lbeta(0.5 * df, 0.5) - 0.5 * (df + 1) * Math.log1p((t * t) / df));
}

/**
 * Student t quantile for real df > 0. Closed forms for df = 1 and 2; otherwise a Cornish–Fisher start
 * refined by Newton on ln F (tails are close to power laws, where ln F is nearly linear in ln|t|),
 * safeguarded by bisection inside a bracket.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1) || !(df > 0)) return NaN;
  if (df === Infinity) return normalQuantile(p);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -studentTQuantile(1 - p, df);
  if (p === 0.5) return 0;
  if (df === 1) return -1 / Math.tan(Math.PI * p);
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const z = normalQuantile(p);
  const z2 = z * z;
  let t = z + (z * (z2 + 1)) / (4 * df) + (z * ((5 * z2 + 16) * z2 + 3)) / (96 * df * df);
  if (!(t < 0) || !Number.isFinite(t)) t = -1;
  // Bracket [lo, hi] with F(lo) < p <= F(hi); hi = 0 has F = 1/2 >= p.
  let lo = t;
  let hi = 0;
  while (studentTCdf(lo, df) >= p) {
    hi = lo;
    lo *= 2;
  }
  const logP = Math.log(p);
  for (let i = 0; i < 200; i++) {
    const f = studentTCdf(t, df);
    if (f < p) lo = t;
    else hi = t;
    const step = (Math.log(f) - logP) / (studentTPdf(t, df) / f);
    let next = t - step;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - t) <= 1e-15 * Math.abs(t) || hi - lo <= 1e-15 * Math.abs(lo)) return next;
    t = next;
  }
  return t;
}
