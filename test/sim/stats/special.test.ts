import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  betaInc,
  dMinusLog1p,
  gammaP,
  gammaQ,
  lbeta,
  lgamma,
  log1mExp,
  log1pExp,
  logExpm1,
  logGammaP,
  logGammaQ,
  logPoissonTerm,
  logSumExp,
  normalCdf,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
} from '../../../sim/stats/special.ts';

/** |got - want| <= tol·|want| (with an absolute floor for values near 0). */
function expectClose(got: number, want: number, tol: number, floor = 0): void {
  const err = Math.abs(got - want);
  if (!(err <= tol * Math.max(Math.abs(want), floor))) {
    throw new Error(`expected ${want}, got ${got} (relative error ${err / Math.abs(want)} > ${tol})`);
  }
}

/** ln(n!) by summing logs: an oracle independent of any gamma approximation. */
function logFactorial(n: number): number {
  let s = 0;
  for (let k = 2; k <= n; k++) s += Math.log(k);
  return s;
}

/** Q(n, x) = e^{-x} Σ_{k<n} x^k/k! and P(n, x) = e^{-x} Σ_{k>=n} x^k/k!: positive sums, integer n. */
function poissonSums(n: number, x: number): { p: number; q: number } {
  let term = Math.exp(-x);
  let q = 0;
  let p = 0;
  for (let k = 0; k < n; k++) {
    q += term;
    term *= x / (k + 1);
  }
  for (let k = n; term > 1e-30 * (p + 1e-300) || k < x + 10; k++) {
    p += term;
    term *= x / (k + 1);
  }
  return { p, q };
}

describe('log-space helpers', () => {
  it('logSumExp matches the direct formula and survives huge arguments', () => {
    expectClose(logSumExp(Math.log(2), Math.log(3)), Math.log(5), 1e-15);
    expect(logSumExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp(-Infinity, 3)).toBe(3);
    expect(logSumExp(-2000, -2000)).toBeCloseTo(-2000 + Math.LN2, 12);
  });

  it('log1pExp, log1mExp, logExpm1 at both ends', () => {
    expectClose(log1pExp(0), Math.LN2, 1e-15);
    expectClose(log1pExp(-50), Math.exp(-50), 1e-15);
    expect(log1pExp(800)).toBe(800);
    expectClose(log1mExp(-1e-20), Math.log(1e-20), 1e-15);
    expectClose(log1mExp(-50), -Math.exp(-50), 1e-15);
    expectClose(logExpm1(1e-20), Math.log(1e-20), 1e-15);
    expect(logExpm1(2000)).toBe(2000);
    expectClose(logExpm1(1), Math.log(Math.E - 1), 1e-15);
  });

  it('dMinusLog1p keeps relative accuracy near 0', () => {
    // d - log(1+d) = d²/2 - d³/3 + d⁴/4 - ...
    const d = 1e-6;
    expectClose(dMinusLog1p(d), d * d / 2 - d ** 3 / 3 + d ** 4 / 4, 1e-14);
    expectClose(dMinusLog1p(-0.3), -0.3 - Math.log(0.7), 1e-14);
    expectClose(dMinusLog1p(3), 3 - Math.log(4), 1e-15);
  });
});

describe('lgamma and lbeta', () => {
  it('hits known values', () => {
    expectClose(lgamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-15);
    expectClose(lgamma(100.25), 360.28455963776423, 1e-15);
    expectClose(lgamma(1e5 + 0.5), 1051293.4654351394, 1e-15);
    expectClose(lgamma(0.01), 4.5994798780420217, 1e-14);
    expectClose(lgamma(-2.5), -0.056243716497674051, 1e-13); // ln|Γ(-2.5)|
    expect(lgamma(0)).toBe(Infinity);
    expect(lgamma(-3)).toBe(Infinity);
  });

  it('equals ln((n-1)!) for integers', () => {
    for (let n = 1; n <= 170; n++) {
      const want = logFactorial(n - 1);
      expect(Math.abs(lgamma(n) - want)).toBeLessThan(1e-14 * Math.max(1, want));
    }
  });

  it('satisfies Γ(x+1) = xΓ(x) across the Lanczos/Stirling switch', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 1e4, noNaN: true }), (x) => {
        const lhs = lgamma(x + 1);
        expect(Math.abs(lhs - lgamma(x) - Math.log(x))).toBeLessThan(1e-13 * Math.max(1, Math.abs(lhs)));
      }),
    );
  });

  it('lbeta stays accurate when one argument is huge', () => {
    // B(a, 1) = 1/a exactly.
    expectClose(lbeta(1e9, 1), -Math.log(1e9), 1e-14);
    expectClose(lbeta(3, 1e7), Math.log(2) - Math.log(1e7) - Math.log(1e7 + 1) - Math.log(1e7 + 2), 1e-13);
    expectClose(lbeta(2.5, 4), lgamma(2.5) + lgamma(4) - lgamma(6.5), 1e-14);
  });
});

describe('incomplete gamma', () => {
  it('matches the Poisson sums for integer a, in relative terms on both sides', () => {
    for (const n of [1, 2, 3, 5, 10, 20]) {
      for (const x of [0.01, 0.5, 1, 2.5, 5, 9.9, 10, 15, 30, 60]) {
        const { p, q } = poissonSums(n, x);
        expectClose(gammaP(n, x), p, 1e-13);
        expectClose(gammaQ(n, x), q, 1e-13);
      }
    }
  });

  it('a = 1 is the exponential, a = 1/2 is erf(√x)', () => {
    for (const x of [1e-10, 0.3, 2, 40]) expectClose(gammaP(1, x), -Math.expm1(-x), 1e-14);
    expectClose(gammaP(0.5, 1), 0.84270079294971487, 1e-14);
    expectClose(gammaP(0.5, 4), 0.99532226501895273, 1e-14);
  });

  it('is accurate for large a near the transition and far in the tails', () => {
    // mpmath at 40 digits.
    expectClose(logGammaP(1e5, 1e5), -0.6923064898187249, 1e-13);
    expectClose(logGammaQ(1e5, 1e5), -0.6939885786567972, 1e-13);
    expectClose(logGammaP(1e5, 1e5 + 1), -0.6897886688600334, 1e-13);
    expectClose(logGammaP(1e5, 9e4), -540.4252806833239, 1e-14);
    expectClose(logGammaQ(20000, 26000), -757.3821453644381, 1e-14);
    // ln P = ln(1 - e^{-757}) is below the smallest double.
    expect(logGammaP(20000, 26000)).toBeLessThanOrEqual(0);
    expect(logGammaP(20000, 26000)).toBeGreaterThan(-1e-300);
    expectClose(logGammaP(0.5, 0.3), -0.5772824745325031, 1e-14);
  });

  it('P + Q = 1 and P is increasing in x', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 5e4, noNaN: true }),
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        (a, ratio) => {
          const x = a * ratio;
          const p = gammaP(a, x);
          const q = gammaQ(a, x);
          expect(Math.abs(p + q - 1)).toBeLessThan(1e-12);
          expect(gammaP(a, x * 1.01)).toBeGreaterThanOrEqual(p);
        },
      ),
    );
  });

  it('logPoissonTerm agrees with the direct formula where that is exact enough', () => {
    for (const [k, m] of [[3, 2.5], [10, 10], [50, 30], [200, 400]]) {
      expectClose(logPoissonTerm(k, m), k * Math.log(m) - m - logFactorial(k), 1e-12);
    }
    expect(logPoissonTerm(0, 5)).toBe(-5);
    expect(logPoissonTerm(3, 0)).toBe(-Infinity);
  });
});

describe('incomplete beta', () => {
  it('matches closed forms', () => {
    expectClose(betaInc(2, 3, 0.4), 0.5248, 1e-14); // binomial sum
    for (const x of [0.01, 0.3, 0.77, 0.999]) {
      expectClose(betaInc(1, 1, x), x, 1e-14);
      expectClose(betaInc(3.5, 1, x), x ** 3.5, 1e-13);
      expectClose(betaInc(1, 2.5, x), 1 - (1 - x) ** 2.5, 1e-13);
      // I_x(1/2, 1/2) = (2/π) asin(√x)
      expectClose(betaInc(0.5, 0.5, x), (2 / Math.PI) * Math.asin(Math.sqrt(x)), 1e-13);
    }
    expect(betaInc(2, 3, 0)).toBe(0);
    expect(betaInc(2, 3, 1)).toBe(1);
  });

  it('is symmetric: I_x(a, b) = 1 - I_{1-x}(b, a)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 500, noNaN: true }),
        fc.double({ min: 0.1, max: 500, noNaN: true }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        (a, b, x) => {
          expect(Math.abs(betaInc(a, b, x) + betaInc(b, a, 1 - x) - 1)).toBeLessThan(1e-12);
        },
      ),
    );
  });
});

describe('normal distribution', () => {
  it('cdf hits known values including the far tail', () => {
    expect(normalCdf(0)).toBe(0.5);
    expectClose(normalCdf(1), 0.84134474606854295, 1e-15);
    expectClose(normalCdf(-5), 2.8665157187919391e-7, 1e-14);
    expectClose(normalCdf(-10), 7.6198530241605261e-24, 1e-14);
    expectClose(normalCdf(-37.5), 4.6053530095819548e-308, 1e-12);
  });

  it('quantile hits known values, is antisymmetric and round-trips the cdf', () => {
    expectClose(normalQuantile(0.975), 1.9599639845400542, 1e-15);
    expectClose(normalQuantile(1e-10), -6.3613409024040562, 1e-15);
    expectClose(normalQuantile(0.001), -3.0902323061678135, 1e-15);
    expectClose(normalQuantile(0.3), -0.52440051270804078, 1e-15);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 0.5, noNaN: true }), (p) => {
        if (1 - p < 1) expect(normalQuantile(1 - p) + normalQuantile(1 - (1 - p))).toBe(0);
        // Far in the tail d ln Φ/dz ≈ |z| ≈ √(2|ln p|): one ulp of z moves Φ by ~|ln p|·eps relative.
        expectClose(normalCdf(normalQuantile(p)), p, 1e-15 * (20 + Math.abs(Math.log(p))));
      }),
    );
  });
});

describe('Student t', () => {
  it('quantiles match tables (mpmath, 30 digits)', () => {
    expect(Math.abs(studentTQuantile(0.975, 4) - 2.7764451051977987)).toBeLessThan(1e-9);
    const table: [number, number, number][] = [
      [0.975, 4, 2.7764451051977944],
      [0.975, 10, 2.2281388519862747],
      [0.995, 30, 2.7499956535672253],
      [0.95, 1, 6.3137515146750431],
      [0.975, 2, 4.3026527297494639],
      [0.975, 7, 2.3646242515927853],
      [0.9, 2.5, 1.7302509288071766],
      [0.975, 1000, 1.9623390808264085],
      [0.975, 100000, 1.9599877075346096],
    ];
    for (const [p, df, t] of table) {
      expectClose(studentTQuantile(p, df), t, 1e-13);
      expectClose(studentTQuantile(1 - p, df), -t, 1e-13);
    }
  });

  it('cdf matches closed forms for df = 1, 2 and known values', () => {
    // Lower tails written without cancellation: F1(-u) = atan(1/u)/π, F2(-u) = 1/(r(r + u)), r = √(2+u²).
    for (const u of [50, 3, 0.2, 1e-3]) {
      expectClose(studentTCdf(-u, 1), Math.atan(1 / u) / Math.PI, 1e-14);
      const r = Math.sqrt(2 + u * u);
      expectClose(studentTCdf(-u, 2), 1 / (r * (r + u)), 1e-14);
    }
    expectClose(studentTCdf(7, 1), 0.5 + Math.atan(7) / Math.PI, 1e-15);
    expect(studentTCdf(0, 3.3)).toBe(0.5);
    expectClose(studentTCdf(-3, 1.5), 0.066773877127456633, 1e-14);
    expectClose(studentTCdf(1.3, 10), 0.88861709139657772, 1e-14);
    expectClose(studentTCdf(-20, 3), 0.00013660162512365586, 1e-13);
  });

  it('tends to the normal for large df', () => {
    for (const z of [-4, -1.5, 0.3, 2]) {
      expect(Math.abs(studentTCdf(z, 1e9) - normalCdf(z))).toBeLessThan(1e-9);
      expect(Math.abs(studentTCdf(z, Infinity) - normalCdf(z))).toBe(0);
    }
    expect(Math.abs(studentTQuantile(0.975, 1e10) - normalQuantile(0.975))).toBeLessThan(1e-9);
  });

  it('quantile round-trips the cdf for real df', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        (p, df) => {
          const t = studentTQuantile(p, df);
          // Compare in the lower tail, where the cdf keeps relative accuracy.
          expectClose(studentTCdf(-Math.abs(t), df), Math.min(p, 1 - p), 1e-11);
        },
      ),
    );
  });
});
