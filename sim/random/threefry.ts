/**
 * Threefry-2x32 (Salmon et al. 2011, "Parallel random numbers: as easy as 1, 2, 3"), the
 * counter-based generator behind every random draw in ccsim. A draw is a pure function of
 * (key, counter): no state to carry, so any entity's k-th draw can be computed in any order, which
 * is what keeps common random numbers intact when two policies meet the same customers in a
 * different order. 20 rounds, the Random123 default (13 is the published minimum that passes BigCrush).
 * Only 32-bit adds, rotations and xors: cheap and exact in JavaScript.
 */

const PARITY = 0x1bd11bda;

/** Output of the last block: two 32-bit words, unsigned. Module-level scratch would break re-entrancy, so it is a field. */
export class Threefry2x32 {
  out0 = 0;
  out1 = 0;

  /** Encrypts counter (c0, c1) under key (k0, k1) with `rounds` rounds (a multiple of 4 up to 20, or 13). */
  block(c0: number, c1: number, k0: number, k1: number, rounds = 20): void {
    const k2 = (PARITY ^ k0 ^ k1) | 0;
    let x0 = (c0 + k0) | 0;
    let x1 = (c1 + k1) | 0;
    // Rotation constants R_32x2 = 13, 15, 26, 6, 17, 29, 16, 24; key injection after every 4 rounds.
    for (let r = 0; r < rounds; r += 8) {
      x0 = (x0 + x1) | 0; x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
      if (r + 1 >= rounds) break;
      x0 = (x0 + x1) | 0; x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
      if (r + 2 >= rounds) break;
      x0 = (x0 + x1) | 0; x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
      if (r + 3 >= rounds) break;
      x0 = (x0 + x1) | 0; x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
      // injection s = r/4 + 1
      const s1 = (r >> 2) + 1;
      x0 = (x0 + ks(s1, k0, k1, k2)) | 0;
      x1 = (x1 + ks(s1 + 1, k0, k1, k2) + s1) | 0;
      if (r + 4 >= rounds) break;
      x0 = (x0 + x1) | 0; x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0;
      if (r + 5 >= rounds) break;
      x0 = (x0 + x1) | 0; x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0;
      if (r + 6 >= rounds) break;
      x0 = (x0 + x1) | 0; x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0;
      if (r + 7 >= rounds) break;
      x0 = (x0 + x1) | 0; x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0;
      const s2 = (r >> 2) + 2;
      x0 = (x0 + ks(s2, k0, k1, k2)) | 0;
      x1 = (x1 + ks(s2 + 1, k0, k1, k2) + s2) | 0;
    }
    this.out0 = x0 >>> 0;
    this.out1 = x1 >>> 0;
  }
}

function ks(i: number, k0: number, k1: number, k2: number): number {
  const m = i % 3;
  return m === 0 ? k0 : m === 1 ? k1 : k2;
}

/**
 * The hot path: Threefry-2x32-20 unrolled, writing the two output words (as int32) into `out`.
 * It is too large for V8 to inline, and a non-inlined function that returned a double would box it
 * in a fresh heap object on every call; int32 arguments and a typed-array result allocate nothing.
 * Arguments must be int32 (keys are stored signed for that reason).
 */
export function threefryInto(c0: number, c1: number, k0: number, k1: number, out: Int32Array): void {
  const k2 = (PARITY ^ k0 ^ k1) | 0;
  let x0 = (c0 + k0) | 0;
  let x1 = (c1 + k1) | 0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
  x0 = (x0 + k1) | 0; x1 = (x1 + k2 + 1) | 0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0;
  x0 = (x0 + k2) | 0; x1 = (x1 + k0 + 2) | 0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
  x0 = (x0 + k0) | 0; x1 = (x1 + k1 + 3) | 0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0;
  x0 = (x0 + k1) | 0; x1 = (x1 + k2 + 4) | 0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
  x0 = (x0 + k2) | 0; x1 = (x1 + k0 + 5) | 0;
  out[0] = x0;
  out[1] = x1;
}

/** Largest double below 1 (1 - 2^-53). */
const BELOW_ONE = 0.9999999999999999;

/**
 * Two 32-bit words to a double in the open interval (0, 1) with 53 random bits (27 + 26), offset by half a unit.
 * From 2^52 up the half unit is below double resolution and the sum rounds to even, so the largest words,
 * (2^53 - 1) + 0.5, would round to 2^53 and give exactly 1: the result is capped at the largest double below 1.
 */
export function wordsToUniform(w0: number, w1: number): number {
  return Math.min(((w0 >>> 5) * 67108864 + (w1 >>> 6) + 0.5) * 1.1102230246251565e-16, BELOW_ONE);
}
