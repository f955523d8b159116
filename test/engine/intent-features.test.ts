import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Featurizer, FEATURIZER_VERSION } from '../../engine/intent-features.ts';

const f = new Featurizer({ buckets: 1 << 12, version: FEATURIZER_VERSION });

function buckets(text: string): number[] {
  const s = f.sparse([text]);
  return Array.from(s.indices).sort((a, b) => a - b);
}

describe('Featurizer', () => {
  it('counts Chinese character 1-, 2- and 3-grams within a run, not across punctuation', () => {
    expect(f.sparse(['预算']).indices.length).toBe(3); // 预, 算, 预算
    expect(f.sparse(['预算不够']).indices.length).toBe(4 + 3 + 2);
    expect(f.sparse(['预算,不够']).indices.length).toBe(3 + 3);
  });

  it('counts English words, word bigrams and boundary-marked character 3-grams', () => {
    // "budget": ^b ^bu bud udg dge get et$ (7) + the word (1)
    expect(f.sparse(['budget']).indices.length).toBe(8);
    // "too much": 4 + 5 char n-grams, 2 words, 1 bigram
    expect(f.sparse(['too much']).indices.length).toBe(12);
  });

  it('folds case, full-width forms and digits, and ignores punctuation', () => {
    expect(buckets('Budget')).toEqual(buckets('budget'));
    expect(buckets('ＢＵＤＧＥＴ')).toEqual(buckets('budget'));
    expect(buckets('99 dollars')).toEqual(buckets('12 dollars'));
    expect(buckets('budget, please!')).toEqual(buckets('budget please'));
    expect(buckets('多少钱?')).toEqual(buckets('多少钱'));
    expect(buckets('')).toEqual([]);
  });

  it('keeps buckets in range and rows length-normalised; dense and densify agree with the sparse rows', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', ' ', '预', '算', '贵', ',', 'Z', '9') }), { minLength: 1, maxLength: 8 }), (texts) => {
        const s = f.sparse(texts);
        expect(s.rows).toBe(texts.length);
        for (let r = 0; r < texts.length; r++) {
          const count = s.offsets[r + 1] - s.offsets[r];
          expect(s.value[r]).toBeCloseTo(count > 0 ? 1 / Math.sqrt(count) : 0, 6);
        }
        for (const i of s.indices) expect(i >= 0 && i < f.buckets).toBe(true);
        const rows = Int32Array.from(texts.keys());
        const dense = new Float32Array(texts.length * f.buckets);
        f.densify(s, rows, 0, texts.length, dense);
        const one = new Float32Array(f.buckets);
        texts.forEach((t, r) => {
          f.dense(t, one);
          expect(Array.from(dense.subarray(r * f.buckets, (r + 1) * f.buckets))).toEqual(Array.from(one));
        });
      }),
      { numRuns: 200 },
    );
  });

  it('handles long texts (the buffer grows) and is deterministic', () => {
    const long = '预算不够 budget is tight '.repeat(5000);
    const a = f.sparse([long, 'x']);
    const b = new Featurizer({ buckets: 1 << 12, version: FEATURIZER_VERSION }).sparse([long, 'x']);
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(a.offsets[1]).toBeGreaterThan(100_000);
  });

  it('rejects bucket counts that are not powers of two and unknown versions', () => {
    expect(() => new Featurizer({ buckets: 1000, version: FEATURIZER_VERSION })).toThrow(RangeError);
    expect(() => new Featurizer({ buckets: 1024, version: 99 })).toThrow(RangeError);
  });
});
