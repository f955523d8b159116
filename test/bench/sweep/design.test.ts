import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { designPoints, gridPoints, pointLabel, pointOverrides, steppedValues, toParameter, unitSample, type Parameter } from '../../../bench/sweep/design.ts';

describe('parameters', () => {
  it('expand a stepped range to exact decimals, the end included', () => {
    expect(steppedValues(0, 0.5, 0.05)).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]);
    expect(steppedValues(96, 104, 2)).toEqual([96, 98, 100, 102, 104]);
    expect(steppedValues(1, 1, 0.3)).toEqual([1]);
    expect(steppedValues(0, 1, 0.3)).toEqual([0, 0.3, 0.6, 0.9]);
  });

  it('keep a list as it is and a continuous range as an interval', () => {
    expect(toParameter('a', [3, 'x', { dist: 'exponential', mean: 1 }])).toEqual({ path: 'a', values: [3, 'x', { dist: 'exponential', mean: 1 }] });
    expect(toParameter('b', { from: 0, to: 2 })).toEqual({ path: 'b', from: 0, to: 2 });
  });
});

describe('grid design', () => {
  const params: Parameter[] = [
    { path: 'agents.0.count', values: [96, 98, 100] },
    { path: 'inbound.patience.mean', values: [120, 180] },
    { path: 'routing.weights.seniority', values: [0, 0.5, 1, 1.5] },
  ];

  it('has the product of the list lengths, every combination once, the first parameter varying slowest', () => {
    const points = gridPoints(params);
    expect(points).toHaveLength(3 * 2 * 4);
    expect(new Set(points.map((p) => JSON.stringify(p))).size).toBe(24);
    expect(points[0]).toEqual({ 'agents.0.count': 96, 'inbound.patience.mean': 120, 'routing.weights.seniority': 0 });
    expect(points[1]).toEqual({ 'agents.0.count': 96, 'inbound.patience.mean': 120, 'routing.weights.seniority': 0.5 });
    expect(points[23]).toEqual({ 'agents.0.count': 100, 'inbound.patience.mean': 180, 'routing.weights.seniority': 1.5 });
    expect(Object.keys(points[5])).toEqual(params.map((p) => p.path));
  });

  it('refuses continuous ranges and designs past the size limit', () => {
    expect(() => gridPoints([{ path: 'x', from: 0, to: 1 }])).toThrow(RangeError);
    const big = Array.from({ length: 6 }, (_, i) => ({ path: `p${i}`, values: Array.from({ length: 10 }, (_, k) => k) }));
    expect(() => gridPoints(big)).toThrow(/at most/);
  });
});

describe('sampled designs', () => {
  it('Latin hypercube: every parameter has exactly one point in each of the n strata', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 5 }), fc.nat(), (n, dims, seed) => {
        const u = unitSample(n, dims, 'lhs', seed);
        for (let d = 0; d < dims; d++) {
          const strata = u.map((row) => Math.floor(row[d] * n)).sort((a, b) => a - b);
          expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('are reproducible from the seed and differ between seeds', () => {
    const params: Parameter[] = [{ path: 'pacing.buffer', from: 0, to: 0.5 }, { path: 'agents.0.count', values: [90, 95, 100, 105, 110] }];
    for (const kind of ['random', 'lhs'] as const) {
      const a = designPoints(params, { kind, points: 20, seed: 7 });
      expect(designPoints(params, { kind, points: 20, seed: 7 })).toEqual(a);
      expect(designPoints(params, { kind, points: 20, seed: 8 })).not.toEqual(a);
      for (const p of a) {
        expect(p['pacing.buffer']).toBeGreaterThanOrEqual(0);
        expect(p['pacing.buffer']).toBeLessThan(0.5);
        expect([90, 95, 100, 105, 110]).toContain(p['agents.0.count']);
      }
    }
  });

  it('drop repeated combinations (a random design over short lists draws some twice)', () => {
    const points = designPoints([{ path: 'a', values: [1, 2] }], { kind: 'random', points: 50, seed: 1 });
    expect(points.map((p) => p.a).sort()).toEqual([1, 2]);
  });
});

describe('points as overrides', () => {
  it('write values in JSON, which the scenario loader reads back exactly', () => {
    expect(pointOverrides({ 'agents.0.count': 98, 'x.y': 0.1 + 0.2, 'z': 'text', d: { dist: 'exponential', mean: 3 } })).toEqual([
      'agents.0.count=98',
      'x.y=0.30000000000000004',
      'z="text"',
      'd={"dist":"exponential","mean":3}',
    ]);
    expect(pointLabel({ 'agents.0.count': 98, 'pacing.buffer': 0.123456789 })).toBe('agents.0.count=98, pacing.buffer=0.123457');
  });
});
