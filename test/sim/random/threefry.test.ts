import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Threefry2x32, threefryInto, wordsToUniform } from '../../../sim/random/threefry.ts';

// Known-answer vectors from Random123 (kat_vectors: threefry2x32_13 and threefry2x32_20).
const KAT: { rounds: number; ctr: [number, number]; key: [number, number]; out: [number, number] }[] = [
  { rounds: 20, ctr: [0x00000000, 0x00000000], key: [0x00000000, 0x00000000], out: [0x6b200159, 0x99ba4efe] },
  { rounds: 20, ctr: [0xffffffff, 0xffffffff], key: [0xffffffff, 0xffffffff], out: [0x1cb996fc, 0xbb002be7] },
  { rounds: 20, ctr: [0x243f6a88, 0x85a308d3], key: [0x13198a2e, 0x03707344], out: [0xc4923a9c, 0x483df7a0] },
  { rounds: 13, ctr: [0x00000000, 0x00000000], key: [0x00000000, 0x00000000], out: [0x9d1c5ec6, 0x8bd50731] },
  { rounds: 13, ctr: [0xffffffff, 0xffffffff], key: [0xffffffff, 0xffffffff], out: [0xfd36d048, 0x2d17272c] },
  { rounds: 13, ctr: [0x243f6a88, 0x85a308d3], key: [0x13198a2e, 0x03707344], out: [0xba3e4725, 0xf27d669e] },
];

const hex = (x: number) => (x >>> 0).toString(16).padStart(8, '0');

describe('Threefry-2x32 known answers (Random123)', () => {
  for (const v of KAT) {
    it(`rounds ${v.rounds}: ctr ${v.ctr.map(hex)} key ${v.key.map(hex)}`, () => {
      const g = new Threefry2x32();
      g.block(v.ctr[0], v.ctr[1], v.key[0], v.key[1], v.rounds);
      expect([hex(g.out0), hex(g.out1)]).toEqual(v.out.map(hex));
      // Outputs are unsigned 32-bit words.
      expect(g.out0).toBe(v.out[0]);
      expect(g.out1).toBe(v.out[1]);
    });
  }

  it('defaults to 20 rounds', () => {
    const g = new Threefry2x32();
    g.block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344);
    expect([g.out0, g.out1]).toEqual([0xc4923a9c, 0x483df7a0]);
  });

  it('the unrolled threefryInto reproduces the 20-round vectors (arguments as int32)', () => {
    const out = new Int32Array(2);
    for (const v of KAT.filter((k) => k.rounds === 20)) {
      threefryInto(v.ctr[0] | 0, v.ctr[1] | 0, v.key[0] | 0, v.key[1] | 0, out);
      expect([out[0] >>> 0, out[1] >>> 0]).toEqual(v.out);
    }
  });
});

describe('threefryInto', () => {
  it('agrees with block(..., 20) on random inputs', () => {
    const g = new Threefry2x32();
    const out = new Int32Array(2);
    const u32 = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(u32, u32, u32, u32, (c0, c1, k0, k1) => {
        g.block(c0, c1, k0, k1, 20);
        // Counters are passed as the small non-negative ints the streams use, or as int32; keys as int32.
        threefryInto(c0 | 0, c1 | 0, k0 | 0, k1 | 0, out);
        expect([out[0] >>> 0, out[1] >>> 0]).toEqual([g.out0, g.out1]);
      }),
      { numRuns: 2000 },
    );
  });

  it('is a pure function of its inputs (no hidden state between calls)', () => {
    const a = new Int32Array(2);
    const b = new Int32Array(2);
    threefryInto(1, 2, 3, 4, a);
    threefryInto(5, 6, 7, 8, b);
    threefryInto(1, 2, 3, 4, b);
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});

describe('wordsToUniform', () => {
  it('stays strictly inside (0, 1) at the extremes', () => {
    const lo = wordsToUniform(0, 0);
    expect(lo).toBeGreaterThan(0);
    expect(lo).toBe(2 ** -54);
    // The largest words: 27 + 26 bits all set. (2^53 - 1) + 0.5 is not a double, so the sum must not round to 2^53.
    for (const [w0, w1] of [
      [0xffffffff, 0xffffffff],
      [0xffffffe0, 0xffffffc0],
      [-1, -1], // the int32 form of the same words
    ]) {
      const u = wordsToUniform(w0, w1);
      expect(u).toBeLessThan(1);
      expect(u).toBeGreaterThan(1 - 2 ** -52);
    }
  });

  it('maps any pair of words into (0, 1), monotone in the high word', () => {
    const u32 = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(u32, u32, u32, (w0, w1, w0b) => {
        const u = wordsToUniform(w0, w1);
        expect(u > 0 && u < 1).toBe(true);
        if (w0 >>> 5 < w0b >>> 5) expect(u).toBeLessThanOrEqual(wordsToUniform(w0b, w1));
      }),
      { numRuns: 2000 },
    );
  });

  it('uses 53 bits: the low word changes the value', () => {
    expect(wordsToUniform(0x80000000, 0)).not.toBe(wordsToUniform(0x80000000, 0x40));
    expect(wordsToUniform(0, 0x40) - wordsToUniform(0, 0)).toBe(2 ** -53);
    expect(wordsToUniform(0x20, 0) - wordsToUniform(0, 0)).toBe(2 ** -27);
  });
});
