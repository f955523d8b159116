/**
 * Keyed random streams. A stream is named ("patience", "talk", "arrivals", ...) and keyed by
 * (scenario seed, replication, name); a draw from it is keyed further by (entity id, draw index).
 * Nothing depends on how many draws other entities or other streams made before, so changing a
 * policy never changes the customers it meets: the basis of common random numbers.
 */
import seedrandom from 'seedrandom';
import { Threefry2x32, threefryInto, wordsToUniform } from './threefry.ts';

/** FNV-1a over UTF-16 code units: a stable 32-bit id for a stream name. */
export function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const deriver = new Threefry2x32();

export class KeyedStream {
  readonly name: string;
  readonly k0: number;
  readonly k1: number;

  constructor(seed: number, replication: number, name: string) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be a 32-bit unsigned integer, got ${seed}`);
    if (!Number.isInteger(replication) || replication < 0) throw new RangeError(`replication must be a non-negative integer, got ${replication}`);
    this.name = name;
    // The key itself is a Threefry block of (replication, name id) under (seed, a constant): well mixed,
    // so neighbouring seeds and replications give unrelated streams.
    deriver.block(replication >>> 0, hashName(name), seed >>> 0, 0x9e3779b9);
    // Stored as signed int32 so the hot call passes small integers (never boxed).
    this.k0 = deriver.out0 | 0;
    this.k1 = deriver.out1 | 0;
  }

  /**
   * The `index`-th uniform of `entity` on this stream, in (0, 1). Entity and index are integers in
   * 0..2^31-1. Small on purpose, so V8 inlines it and the double is never boxed.
   */
  uniform(entity: number, index: number): number {
    const w = this.words;
    threefryInto(entity, index, this.k0, this.k1, w);
    return wordsToUniform(w[0], w[1]);
  }

  private readonly words = new Int32Array(2);
}

/**
 * A process-level stream (the arrival process, say): one long sequence, drawn in order, from
 * seedrandom's xor4096 (Brent's xorgen, period 2^4096-1). It is seeded from the stream's Threefry
 * key, so it is still a function of (seed, replication, name) alone. Use it only where draws are
 * consumed in an order no policy can change; anything that belongs to an entity takes a KeyedStream.
 *
 * seedrandom seeds the generator (its string-seed mixing is the library's, kept as is); the draws
 * then come from the same recurrence run here over typed arrays, because seedrandom's own `int32`
 * keeps its 128-word state in a plain array and a closure's fields, which costs the arrival loop
 * a tenth of its time. test/sim/random/stream.test.ts holds the two to the same sequence.
 */
export class SequentialStream {
  readonly name: string;
  /** xor4096 state: the 128 words X, then the index i (at 128) and the Weyl counter w (at 129). */
  private readonly s = new Int32Array(130);

  constructor(seed: number, replication: number, name: string) {
    const key = new KeyedStream(seed, replication, name);
    this.name = name;
    const start = (seedrandom.xor4096(`${key.k0 >>> 0}:${key.k1 >>> 0}`, { state: true }) as seedrandom.PRNG & { state(): { X: number[]; i: number; w: number } }).state();
    this.s.set(start.X);
    this.s[128] = start.i;
    this.s[129] = start.w;
  }

  /**
   * Next uniform in the open interval (0, 1). Built from the generator's 32-bit integer output
   * (a small integer crosses the call unboxed) and offset by half a unit, so -log(u) is finite.
   */
  next(): number {
    return uint32ToUniform(this.nextInt32());
  }

  /** The raw 32-bit draw behind `next` (for hot loops: an int crosses a call unboxed, a double may not); seedrandom's `int32`. */
  nextInt32(): number {
    const s = this.s;
    const w = (s[129] + 0x61c88647) | 0;
    s[129] = w;
    let i = s[128];
    let v = s[(i + 34) & 127];
    i = (i + 1) & 127;
    let t = s[i];
    v ^= v << 13;
    t ^= t << 17;
    v ^= v >>> 15;
    t ^= t >>> 12;
    v ^= t;
    s[i] = v;
    s[128] = i;
    return (v + (w ^ (w >>> 16))) | 0;
  }
}

/** A 32-bit draw to a uniform in the open interval (0, 1), offset by half a unit. */
export function uint32ToUniform(x: number): number {
  return ((x >>> 0) + 0.5) * 2.3283064365386963e-10;
}
