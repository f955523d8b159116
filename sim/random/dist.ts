/**
 * Probability distributions for durations (handle, talk, wrap, patience, ring time, ...).
 * A spec from the scenario is compiled once into a `Dist`; sampling is a switch on an integer kind
 * (no closure per distribution, monomorphic call sites). Continuous distributions are sampled by
 * inverse transform from a single keyed uniform where a closed-form inverse exists, so a given
 * entity's value is a monotone function of one draw: variants that change a parameter stay
 * positively correlated, which is what makes paired comparisons tight. Every Dist knows its mean and
 * variance so tests can hold samples to theory.
 */
import type { KeyedStream } from './stream.ts';

export type DistSpec =
  | { dist: 'exponential'; mean: number }
  | { dist: 'deterministic'; value: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'lognormal'; mean: number; cv: number }
  | { dist: 'gamma'; mean: number; cv: number }
  | { dist: 'erlang'; mean: number; k: number }
  | { dist: 'weibull'; shape: number; scale: number }
  | { dist: 'empirical'; values: readonly number[] };

const enum Kind {
  Exponential,
  Deterministic,
  Uniform,
  Lognormal,
  Gamma,
  Weibull,
  Empirical,
  Erlang,
}

/** Erlang shapes up to this are sampled as a sum of exponentials (exactly k draws). */
const ERLANG_SUM_LIMIT = 16;

export class Dist {
  readonly spec: DistSpec;
  readonly mean: number;
  readonly variance: number;
  private readonly kind: Kind;
  private readonly a: number;
  private readonly b: number;
  private readonly c: number;
  private readonly values: Float64Array;

  constructor(spec: DistSpec) {
    this.spec = spec;
    let a = 0;
    let b = 0;
    let c = 0;
    let values = new Float64Array(0);
    switch (spec.dist) {
      case 'exponential':
        this.kind = Kind.Exponential;
        a = spec.mean;
        this.mean = spec.mean;
        this.variance = spec.mean * spec.mean;
        break;
      case 'deterministic':
        this.kind = Kind.Deterministic;
        a = spec.value;
        this.mean = spec.value;
        this.variance = 0;
        break;
      case 'uniform':
        this.kind = Kind.Uniform;
        a = spec.min;
        b = spec.max - spec.min;
        this.mean = (spec.min + spec.max) / 2;
        this.variance = (b * b) / 12;
        break;
      case 'lognormal': {
        this.kind = Kind.Lognormal;
        const s2 = Math.log1p(spec.cv * spec.cv);
        a = Math.log(spec.mean) - s2 / 2; // mu
        b = Math.sqrt(s2); // sigma
        this.mean = spec.mean;
        this.variance = (spec.mean * spec.cv) ** 2;
        break;
      }
      case 'gamma': {
        this.kind = Kind.Gamma;
        a = 1 / (spec.cv * spec.cv); // shape
        b = spec.mean / a; // scale
        this.mean = spec.mean;
        this.variance = (spec.mean * spec.cv) ** 2;
        break;
      }
      case 'erlang':
        this.kind = spec.k <= ERLANG_SUM_LIMIT ? Kind.Erlang : Kind.Gamma;
        a = spec.k;
        b = spec.mean / spec.k;
        this.mean = spec.mean;
        this.variance = (spec.mean * spec.mean) / spec.k;
        break;
      case 'weibull': {
        this.kind = Kind.Weibull;
        a = 1 / spec.shape;
        b = spec.scale;
        const g1 = gammaFn(1 + 1 / spec.shape);
        const g2 = gammaFn(1 + 2 / spec.shape);
        this.mean = spec.scale * g1;
        this.variance = spec.scale * spec.scale * (g2 - g1 * g1);
        break;
      }
      case 'empirical': {
        this.kind = Kind.Empirical;
        values = Float64Array.from(spec.values);
        let m = 0;
        for (const v of values) m += v;
        m /= values.length;
        let v2 = 0;
        for (const v of values) v2 += (v - m) * (v - m);
        this.mean = m;
        this.variance = v2 / values.length;
        c = values.length;
        break;
      }
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.values = values;
  }

  /** One variate for `entity` from `stream`, using draws 0, 1, ... of that entity. */
  sample(stream: KeyedStream, entity: number): number {
    this.draw(stream, entity);
    return this.out[0];
  }

  /**
   * The same variate, written to `out[0]` instead of returned: the event loop's form. A function
   * this size is not always inlined, and a non-inlined function returning a double allocates a box
   * for it on every call; a typed-array store does not.
   */
  readonly out = new Float64Array(1);

  draw(stream: KeyedStream, entity: number): void {
    const out = this.out;
    switch (this.kind) {
      case Kind.Exponential:
        out[0] = -this.a * Math.log(stream.uniform(entity, 0));
        return;
      case Kind.Deterministic:
        out[0] = this.a;
        return;
      case Kind.Uniform:
        out[0] = this.a + this.b * stream.uniform(entity, 0);
        return;
      case Kind.Lognormal:
        out[0] = stream.uniform(entity, 0);
        normalQuantileInPlace(out);
        out[0] = Math.exp(this.a + this.b * out[0]);
        return;
      case Kind.Weibull:
        out[0] = this.b * Math.pow(-Math.log(stream.uniform(entity, 0)), this.a);
        return;
      case Kind.Empirical:
        out[0] = this.values[Math.floor(stream.uniform(entity, 0) * this.c)];
        return;
      case Kind.Erlang: {
        let s = 0;
        for (let i = 0; i < this.a; i++) s -= Math.log(stream.uniform(entity, i));
        out[0] = s * this.b;
        return;
      }
      case Kind.Gamma:
        this.drawGamma(stream, entity);
        return;
    }
  }

  /**
   * Gamma(shape a, scale b) into out[0] by Marsaglia & Tsang (2000), drawing the entity's uniforms
   * in order (two per attempt: one through the normal quantile, one for acceptance). Shapes below 1
   * use G(a) = G(a+1) * U^(1/a) with the boost uniform at index 0.
   */
  private drawGamma(stream: KeyedStream, entity: number): void {
    const out = this.out;
    let boost = 1;
    let idx = 0;
    let a = this.a;
    if (a < 1) {
      boost = Math.pow(stream.uniform(entity, idx++), 1 / a);
      a += 1;
    }
    const d = a - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      out[0] = stream.uniform(entity, idx++);
      normalQuantileInPlace(out);
      const x = out[0];
      const v0 = 1 + c * x;
      if (v0 <= 0) {
        idx++;
        continue;
      }
      const v = v0 * v0 * v0;
      const u = stream.uniform(entity, idx++);
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
        out[0] = d * v * boost * this.b;
        return;
      }
    }
  }

  /** Inverse CDF at u, for continuous kinds with a closed form (used by tests and calibration). */
  quantile(u: number): number {
    switch (this.kind) {
      case Kind.Exponential:
        return -this.a * Math.log1p(-u);
      case Kind.Deterministic:
        return this.a;
      case Kind.Uniform:
        return this.a + this.b * u;
      case Kind.Lognormal:
        return Math.exp(this.a + this.b * normalQuantileFast(u));
      case Kind.Weibull:
        return this.b * Math.pow(-Math.log1p(-u), this.a);
      case Kind.Empirical: {
        const sorted = Float64Array.from(this.values).sort();
        return sorted[Math.min(sorted.length - 1, Math.floor(u * sorted.length))];
      }
      default:
        return NaN;
    }
  }
}

/** Acklam's normal quantile of out[0], in place (no double crosses a call: see Dist.draw). */
function normalQuantileInPlace(out: Float64Array): void {
  out[0] = normalQuantileFast(out[0]);
}

/**
 * Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9),
 * without the refinement step: plenty for sampling, and cheap enough for the event loop.
 */
export function normalQuantileFast(p: number): number {
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q + 2.938163982698783) /
      ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1);
  }
  if (p > 1 - pLow) {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    return -(((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q + 2.938163982698783) /
      ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r + 1.38357751867269e2) * r - 3.066479806614716e1) * r + 2.506628277459239) * q) /
    (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r + 6.680131188771972e1) * r - 1.328068155288572e1) * r + 1);
}

/** Gamma function for the Weibull moments (Lanczos, g = 7); compile-time only. */
function gammaFn(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gammaFn(1 - x));
  const g = 7;
  const coef = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const z = x - 1;
  let s = coef[0];
  for (let i = 1; i < g + 2; i++) s += coef[i] / (z + i);
  const t = z + g + 0.5;
  return Math.sqrt(2 * Math.PI) * Math.pow(t, z + 0.5) * Math.exp(-t) * s;
}
