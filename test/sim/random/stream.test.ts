import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { hashName, KeyedStream, SequentialStream, uint32ToUniform } from '../../../sim/random/stream.ts';
import { gammaQ } from '../../../sim/stats/special.ts';

// Statistical checks below run on fixed streams with fixed sample sizes. Each threshold is set so that a correct
// generator (i.i.d. uniforms) fails it with probability about 1e-6 or less, as stated next to it; over the ~15
// statistical assertions in this file that keeps the chance of a false alarm below 2e-5.

/** Upper-tail p-value of a chi-square statistic with `df` degrees of freedom. */
function chiSquareP(stat: number, df: number): number {
  return gammaQ(df / 2, stat / 2);
}

/** Pearson chi-square statistic of counts against equal expected counts. */
function chiSquareUniform(counts: ArrayLike<number>, total: number): number {
  const e = total / counts.length;
  let s = 0;
  for (let i = 0; i < counts.length; i++) s += (counts[i] - e) ** 2 / e;
  return s;
}

/** Pearson correlation of two equally long samples. */
function correlation(xs: Float64Array, ys: Float64Array): number {
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx;
    const dy = ys[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * Bound on |r| for n independent pairs: sqrt(n)·r is asymptotically N(0, 1), so 5/sqrt(n) is exceeded with
 * probability about 5.7e-7.
 */
const corrBound = (n: number) => 5 / Math.sqrt(n);

/** Two-sided chi-square acceptance: 1e-6 < p < 1 - 1e-6 (fails a correct generator with probability 2e-6). */
function expectChiSquareOk(stat: number, df: number): void {
  const p = chiSquareP(stat, df);
  expect(p, `chi-square ${stat.toFixed(1)} on ${df} df`).toBeGreaterThan(1e-6);
  expect(p, `chi-square ${stat.toFixed(1)} on ${df} df is too good a fit`).toBeLessThan(1 - 1e-6);
}

/** FNV-1a over UTF-16 code units with BigInt arithmetic: an independent oracle for hashName. */
function fnv1aBig(s: string): number {
  let h = 0x811c9dc5n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * 0x01000193n) & 0xffffffffn;
  }
  return Number(h);
}

describe('hashName', () => {
  it('matches published FNV-1a 32-bit values', () => {
    expect(hashName('')).toBe(0x811c9dc5);
    expect(hashName('a')).toBe(0xe40c292c);
    expect(hashName('foobar')).toBe(0xbf9cf968);
  });

  it('equals FNV-1a over UTF-16 code units for any string', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 24 }).map((units) => String.fromCharCode(...units)),
        (s) => hashName(s) === fnv1aBig(s),
      ),
      { numRuns: 200 },
    );
  });
});

describe('KeyedStream: keys and determinism', () => {
  const seedArb = fc.integer({ min: 0, max: 0xffffffff });
  const repArb = fc.integer({ min: 0, max: 1_000_000 });
  const nameArb = fc.string({ minLength: 1, maxLength: 12 });
  const idArb = fc.integer({ min: 0, max: 0x7fffffff });

  it('gives the same value for the same key, whatever the order of calls and other draws in between', () => {
    fc.assert(
      fc.property(seedArb, repArb, nameArb, fc.array(fc.tuple(idArb, idArb), { minLength: 1, maxLength: 30 }), (seed, rep, name, keys) => {
        const a = new KeyedStream(seed, rep, name);
        const forward = keys.map(([e, i]) => a.uniform(e, i));
        const b = new KeyedStream(seed, rep, name);
        const other = new KeyedStream((seed ^ 1) >>> 0, rep, `${name}x`);
        const backward: number[] = [];
        for (let j = keys.length - 1; j >= 0; j--) {
          other.uniform(keys[j][1], keys[j][0]); // unrelated draws in between change nothing
          backward[j] = b.uniform(keys[j][0], keys[j][1]);
        }
        expect(backward).toEqual(forward);
        expect(keys.map(([e, i]) => a.uniform(e, i))).toEqual(forward); // and again on the first instance
      }),
      { numRuns: 200 },
    );
  });

  it('derives different keys (and values) for different seed, replication or name', () => {
    fc.assert(
      fc.property(seedArb, repArb, nameArb, seedArb, repArb, nameArb, (s1, r1, n1, s2, r2, n2) => {
        fc.pre(s1 !== s2 || r1 !== r2 || hashName(n1) !== hashName(n2));
        const a = new KeyedStream(s1, r1, n1);
        const b = new KeyedStream(s2, r2, n2);
        // A 64-bit key collision has probability 2^-64 per pair; equal first draws 2^-53.
        expect([a.k0, a.k1]).not.toEqual([b.k0, b.k1]);
        expect(a.uniform(0, 0)).not.toBe(b.uniform(0, 0));
      }),
      { numRuns: 500 },
    );
  });

  it('gives neighbouring seeds, replications and names distinct keys', () => {
    const keys = new Set<string>();
    let count = 0;
    for (let i = 0; i < 300; i++) {
      for (const s of [new KeyedStream(i, 0, 'talk'), new KeyedStream(0, i + 1, 'talk'), new KeyedStream(0, 0, `talk${i}`)]) {
        keys.add(`${s.k0}:${s.k1}`);
        count++;
      }
    }
    expect(keys.size).toBe(count);
  });

  it('keeps keys as int32 (the hot call passes small integers)', () => {
    fc.assert(
      fc.property(seedArb, repArb, nameArb, (seed, rep, name) => {
        const s = new KeyedStream(seed, rep, name);
        expect(s.k0 | 0).toBe(s.k0);
        expect(s.k1 | 0).toBe(s.k1);
        expect(s.name).toBe(name);
      }),
    );
  });

  it('draws lie strictly inside (0, 1)', () => {
    fc.assert(
      fc.property(seedArb, repArb, nameArb, idArb, idArb, (seed, rep, name, e, i) => {
        const u = new KeyedStream(seed, rep, name).uniform(e, i);
        expect(u > 0 && u < 1).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects bad seeds and replications', () => {
    for (const seed of [-1, 1.5, 2 ** 32, NaN, Infinity, -0.5]) {
      expect(() => new KeyedStream(seed, 0, 'x'), `seed ${seed}`).toThrow(RangeError);
      expect(() => new SequentialStream(seed, 0, 'x'), `seed ${seed}`).toThrow(RangeError);
    }
    for (const rep of [-1, 0.5, NaN]) expect(() => new KeyedStream(1, rep, 'x'), `replication ${rep}`).toThrow(RangeError);
    expect(() => new KeyedStream(0, 0, 'x')).not.toThrow();
    expect(() => new KeyedStream(2 ** 32 - 1, 0, 'x')).not.toThrow();
  });
});

describe('KeyedStream: statistical quality', () => {
  it('is uniform over 100 bins: chi-square on 10^6 draws with sequential entity ids', () => {
    const s = new KeyedStream(20260105, 0, 'talk');
    const n = 1_000_000;
    const counts = new Float64Array(100);
    let min = 1;
    let max = 0;
    for (let e = 0; e < n; e++) {
      const u = s.uniform(e, 0);
      counts[Math.floor(u * 100)]++;
      if (u < min) min = u;
      if (u > max) max = u;
    }
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
    expectChiSquareOk(chiSquareUniform(counts, n), 99);
  });

  it('passes a Kolmogorov–Smirnov check (DKW bound) on 200,000 draws along the index', () => {
    const s = new KeyedStream(7, 3, 'patience');
    const n = 200_000;
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = s.uniform(i % 1000, Math.floor(i / 1000));
    xs.sort();
    let d = 0;
    for (let i = 0; i < n; i++) d = Math.max(d, (i + 1) / n - xs[i], xs[i] - i / n);
    // Dvoretzky–Kiefer–Wolfowitz (Massart's constant): P(D > eps) <= 2 exp(-2 n eps^2) = 1e-6 here.
    const eps = Math.sqrt(Math.log(2 / 1e-6) / (2 * n));
    expect(d).toBeLessThan(eps);
  });

  it('shows no lag-1 correlation between neighbouring entities or neighbouring indices', () => {
    const s = new KeyedStream(99, 0, 'wrap');
    const n = 250_000;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    // Neighbouring entities, same index.
    for (let e = 0; e < n; e++) {
      a[e] = s.uniform(e, 0);
      b[e] = s.uniform(e + 1, 0);
    }
    expect(Math.abs(correlation(a, b))).toBeLessThan(corrBound(n));
    // Neighbouring indices of one entity.
    for (let i = 0; i < n; i++) {
      a[i] = s.uniform(5, i);
      b[i] = s.uniform(5, i + 1);
    }
    expect(Math.abs(correlation(a, b))).toBeLessThan(corrBound(n));
    // Draws 0 and 1 of each entity (the pair a two-draw sampler uses).
    for (let e = 0; e < n; e++) {
      a[e] = s.uniform(e, 0);
      b[e] = s.uniform(e, 1);
    }
    expect(Math.abs(correlation(a, b))).toBeLessThan(corrBound(n));
  });

  it('fills a 10x10 grid evenly with pairs of neighbours (chi-square)', () => {
    const s = new KeyedStream(5, 1, 'talk');
    const n = 500_000;
    const byEntity = new Float64Array(100);
    const byIndex = new Float64Array(100);
    for (let e = 0; e < n; e++) {
      byEntity[Math.floor(s.uniform(e, 0) * 10) * 10 + Math.floor(s.uniform(e + 1, 0) * 10)]++;
      byIndex[Math.floor(s.uniform(e, 0) * 10) * 10 + Math.floor(s.uniform(e, 1) * 10)]++;
    }
    expectChiSquareOk(chiSquareUniform(byEntity, n), 99);
    expectChiSquareOk(chiSquareUniform(byIndex, n), 99);
  });

  it('gives uncorrelated draws for the same entity on differently named streams, seeds and replications', () => {
    const n = 250_000;
    const base = new KeyedStream(42, 0, 'talk');
    const others = [new KeyedStream(42, 0, 'patience'), new KeyedStream(43, 0, 'talk'), new KeyedStream(42, 1, 'talk')];
    const a = new Float64Array(n);
    for (let e = 0; e < n; e++) a[e] = base.uniform(e, 0);
    for (const o of others) {
      const b = new Float64Array(n);
      for (let e = 0; e < n; e++) b[e] = o.uniform(e, 0);
      expect(Math.abs(correlation(a, b)), o.name).toBeLessThan(corrBound(n));
    }
  });
});

describe('SequentialStream', () => {
  it('is a function of (seed, replication, name) alone', () => {
    const a = new SequentialStream(11, 2, 'arrivals');
    const b = new SequentialStream(11, 2, 'arrivals');
    const xs = Array.from({ length: 1000 }, () => a.next());
    const ys = Array.from({ length: 1000 }, () => b.next());
    expect(ys).toEqual(xs);
    expect(a.name).toBe('arrivals');
    for (const c of [new SequentialStream(12, 2, 'arrivals'), new SequentialStream(11, 3, 'arrivals'), new SequentialStream(11, 2, 'arrivalz')]) {
      const zs = Array.from({ length: 1000 }, () => c.next());
      const same = zs.filter((z, i) => z === xs[i]).length;
      expect(same).toBe(0); // equal draws at the same position: probability 2^-32 each
    }
  });

  it("draws seedrandom's xor4096 sequence for the stream's key (its typed-array copy of the recurrence)", () => {
    for (const [seed, rep, name] of [[1, 0, 'arrivals'], [7, 3, 'x'], [0xffffffff, 12, 'pilot-power']] as const) {
      const ours = new SequentialStream(seed, rep, name);
      const key = new KeyedStream(seed, rep, name);
      const lib = seedrandom.xor4096(`${key.k0 >>> 0}:${key.k1 >>> 0}`);
      let differ = 0;
      for (let i = 0; i < 300_000; i++) if (ours.nextInt32() !== lib.int32()) differ++;
      expect(differ, `${seed}/${rep}/${name}`).toBe(0);
    }
  });

  it('next() is uint32ToUniform of nextInt32(), in (0, 1)', () => {
    const a = new SequentialStream(3, 0, 'x');
    const b = new SequentialStream(3, 0, 'x');
    for (let i = 0; i < 1000; i++) {
      const raw = b.nextInt32();
      expect(raw | 0).toBe(raw);
      const u = a.next();
      expect(u).toBe(uint32ToUniform(raw));
      expect(u > 0 && u < 1).toBe(true);
    }
  });

  it('uint32ToUniform stays inside (0, 1) at the extremes', () => {
    expect(uint32ToUniform(0)).toBe(2 ** -33);
    expect(uint32ToUniform(0xffffffff)).toBe(1 - 2 ** -33);
    expect(uint32ToUniform(-1)).toBe(1 - 2 ** -33);
    expect(uint32ToUniform(-(2 ** 31))).toBe(0.5 + 2 ** -33);
  });

  it('is uniform over 100 bins (chi-square on 200,000 draws) with no lag-1 correlation', () => {
    const s = new SequentialStream(2026, 0, 'arrivals');
    const n = 200_000;
    const xs = new Float64Array(n + 1);
    for (let i = 0; i <= n; i++) xs[i] = s.next();
    const counts = new Float64Array(100);
    for (let i = 0; i < n; i++) counts[Math.floor(xs[i] * 100)]++;
    expectChiSquareOk(chiSquareUniform(counts, n), 99);
    expect(Math.abs(correlation(xs.subarray(0, n), xs.subarray(1, n + 1)))).toBeLessThan(corrBound(n));
  });
});
