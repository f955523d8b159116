/**
 * Text to features for the intent model, without tfjs: hashed n-grams into a fixed number of
 * buckets. Chinese (any CJK run): character 1-, 2- and 3-grams, which carry meaning without word
 * segmentation and survive a misrecognised character (the other n-grams of the phrase remain).
 * English (Latin words): word unigrams and bigrams, plus character 3-grams of each word with
 * boundary marks ("^bu", "bud", ..., "et$") so a misheard "budge" still shares most of "budget".
 * Text is case-folded, full-width forms folded to ASCII, digits folded to 0, punctuation dropped.
 *
 * A row's value for a bucket is (occurrences) / sqrt(n-grams in the text): length-normalised so a
 * long rambling turn and a terse one weigh the same. Rows are kept sparse (bucket lists) because
 * a dense row is mostly zeros; `densify` expands a few rows for training.
 */

export interface FeaturizerConfig {
  /** Number of hash buckets, a power of two. */
  readonly buckets: number;
  /** Bumped whenever the features change, so saved models and caches notice. */
  readonly version: number;
}

export const FEATURIZER_VERSION = 1;

/** Sparse rows: row r owns indices[offsets[r] .. offsets[r+1]) (repeats allowed), each worth value[r]. */
export interface SparseRows {
  readonly rows: number;
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
  readonly value: Float32Array;
}

// Seeds separating the kinds of n-gram, so "好" as a unigram and as part of a bigram hash apart.
const SEED_CJK1 = 0x1b873593;
const SEED_CJK2 = 0x2c1b3c6d;
const SEED_CJK3 = 0x297a2d39;
const SEED_WORD = 0x5bd1e995;
const SEED_WORD2 = 0x68e31da4;
const SEED_CHAR3 = 0x7fb5d329;
const BOUNDARY = 0x5e; // '^' and '$' both map here: a mark, not a character of the word

const enum Cls {
  Sep,
  Word,
  Cjk,
}

/** murmur3's finaliser: a well-mixed 32-bit hash of a combination. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mix3(seed: number, a: number, b: number, c: number): number {
  let h = seed ^ Math.imul(a, 0xcc9e2d51);
  h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
  h ^= Math.imul(b, 0x1b873593);
  h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
  h ^= Math.imul(c, 0xcc9e2d51);
  return fmix(h);
}

/** Folds a UTF-16 code unit: lower case, full-width to ASCII, digits to '0'; its class. */
function fold(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
  if (c >= 0x41 && c <= 0x5a) return c + 32;
  if (c >= 0x30 && c <= 0x39) return 0x30;
  return c;
}

function classOf(c: number): Cls {
  if ((c >= 0x61 && c <= 0x7a) || c === 0x30 || c === 0x27) return Cls.Word;
  if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) return Cls.Cjk;
  if (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) return Cls.Word; // accented Latin
  return Cls.Sep;
}

export class Featurizer {
  readonly config: FeaturizerConfig;
  private readonly mask: number;
  private buf = new Int32Array(1 << 16);

  constructor(config: FeaturizerConfig) {
    const b = config.buckets;
    if (!(Number.isInteger(b) && b >= 16 && (b & (b - 1)) === 0)) throw new RangeError(`buckets must be a power of two >= 16, got ${b}`);
    if (config.version !== FEATURIZER_VERSION) throw new RangeError(`featurizer version ${config.version} is not supported (this ccsim has ${FEATURIZER_VERSION})`);
    this.config = { buckets: b, version: config.version };
    this.mask = b - 1;
  }

  get buckets(): number {
    return this.config.buckets;
  }

  /** Hashed n-gram buckets of many texts. */
  sparse(texts: readonly string[]): SparseRows {
    const n = texts.length;
    const offsets = new Int32Array(n + 1);
    const value = new Float32Array(n);
    let at = 0;
    for (let r = 0; r < n; r++) {
      const count = this.collect(texts[r], at);
      value[r] = count > 0 ? 1 / Math.sqrt(count) : 0;
      at += count;
      offsets[r + 1] = at;
    }
    return { rows: n, offsets, indices: this.buf.slice(0, at), value };
  }

  /** Rows `rows[from..to)` of `s`, dense, into `out` ((to - from) × buckets, overwritten). */
  densify(s: SparseRows, rows: Int32Array, from: number, to: number, out: Float32Array): void {
    const d = this.config.buckets;
    out.fill(0, 0, (to - from) * d);
    for (let k = from; k < to; k++) {
      const r = rows[k];
      const base = (k - from) * d;
      const v = s.value[r];
      for (let j = s.offsets[r]; j < s.offsets[r + 1]; j++) out[base + s.indices[j]] += v;
    }
  }

  /** One text's dense feature vector into `out` (length buckets, overwritten). */
  dense(text: string, out: Float32Array): void {
    out.fill(0);
    const count = this.collect(text, 0);
    const v = Math.fround(count > 0 ? 1 / Math.sqrt(count) : 0); // the float32 value `sparse` stores
    for (let j = 0; j < count; j++) out[this.buf[j]] += v;
  }

  /**
   * Writes the bucket of every n-gram of `text` into the buffer from `at` and returns how many.
   * One pass over the code units; n-gram hashes are built from folded codes, never substrings.
   */
  private collect(text: string, at: number): number {
    const len = text.length;
    // Worst case per code unit: 3 CJK n-grams, or a word char's 3-gram plus (at a word end) the
    // closing 3-gram, unigram and bigram: 4 is a safe bound.
    if (at + 4 * len + 8 > this.buf.length) this.grow(at + 4 * len + 8);
    const buf = this.buf;
    const mask = this.mask;
    let k = at;
    // CJK state: the previous two ideographs of the current run (0 = none).
    let p1 = 0;
    let p2 = 0;
    // Word state: hash of the word so far, its last two chars, the previous word's hash (0 = none).
    let wordHash = 0;
    let inWord = false;
    let w1 = 0;
    let w2 = 0;
    let prevWord = 0;
    for (let i = 0; i <= len; i++) {
      const c = i < len ? fold(text.charCodeAt(i)) : 0x20;
      const cls = i < len ? classOf(c) : Cls.Sep;
      if (cls === Cls.Word) {
        if (!inWord) {
          inWord = true;
          wordHash = 0x811c9dc5;
          w1 = BOUNDARY;
          w2 = 0;
        }
        wordHash = Math.imul(wordHash ^ c, 0x01000193);
        if (w2 !== 0) buf[k++] = mix3(SEED_CHAR3, w2, w1, c) & mask;
        else buf[k++] = mix3(SEED_CHAR3, 0, w1, c) & mask; // "^b" (also a 1-letter word's only prefix)
        w2 = w1;
        w1 = c;
        p1 = 0;
        p2 = 0;
        continue;
      }
      if (inWord) {
        inWord = false;
        buf[k++] = mix3(SEED_CHAR3, w2, w1, BOUNDARY) & mask; // "t$"
        const wh = fmix(wordHash);
        buf[k++] = mix3(SEED_WORD, wh, 0, 0) & mask;
        if (prevWord !== 0) buf[k++] = mix3(SEED_WORD2, prevWord, wh, 0) & mask;
        prevWord = wh;
      }
      if (cls === Cls.Cjk) {
        buf[k++] = mix3(SEED_CJK1, c, 0, 0) & mask;
        if (p1 !== 0) buf[k++] = mix3(SEED_CJK2, p1, c, 0) & mask;
        if (p2 !== 0) buf[k++] = mix3(SEED_CJK3, p2, p1, c) & mask;
        p2 = p1;
        p1 = c;
        prevWord = 0; // a word bigram never spans Chinese text
      } else {
        p1 = 0;
        p2 = 0;
      }
    }
    return k - at;
  }

  private grow(min: number): void {
    let cap = this.buf.length * 2;
    while (cap < min) cap *= 2;
    const b = new Int32Array(cap);
    b.set(this.buf);
    this.buf = b;
  }
}
