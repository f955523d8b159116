/**
 * Deterministic training for a seed on a given backend: initialisers take seeds derived from ours,
 * no dropout, and shuffling is done here with our own seeded generator (tfjs's `fit` shuffles with
 * Math.random unless told not to). Batch prediction helpers keep inference in large batches (the
 * default batch of 32 makes 100k predictions ~100x slower) and free every tensor.
 */
import seedrandom from 'seedrandom';
import * as tf from '@tensorflow/tfjs';

/** A seeded generator of initialiser seeds (each layer gets its own). */
export class SeedSequence {
  private readonly rng: seedrandom.PRNG;
  constructor(seed: number, name: string) {
    this.rng = seedrandom.alea(`${seed}:${name}`);
  }
  /** Next seed for a tfjs initialiser. */
  next(): number {
    return this.rng.int32() >>> 0;
  }
  /** The underlying uniform stream in [0, 1). */
  uniform(): number {
    return this.rng();
  }
}

/** A seeded Fisher–Yates permutation of 0..n-1. */
export function seededPermutation(n: number, seeds: SeedSequence): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(seeds.uniform() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

export interface FitOptions {
  epochs: number;
  batchSize: number;
  seeds: SeedSequence;
  /** Called after each epoch with the mean training loss (for progress output). */
  onEpoch?: (epoch: number, loss: number) => void;
}

/**
 * Trains on rows of `x` (n × d, row-major) and `y` (n × k) with a seeded reshuffle each epoch,
 * `shuffle: false` so tfjs never touches Math.random.
 */
export async function fitDeterministic(model: tf.LayersModel, x: Float32Array, d: number, y: Float32Array, k: number, o: FitOptions): Promise<void> {
  const n = x.length / d;
  const xs = new Float32Array(x.length);
  const ys = new Float32Array(y.length);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const perm = seededPermutation(n, o.seeds);
    for (let i = 0; i < n; i++) {
      const r = perm[i];
      xs.set(x.subarray(r * d, r * d + d), i * d);
      ys.set(y.subarray(r * k, r * k + k), i * k);
    }
    const xt = tf.tensor2d(xs, [n, d]);
    const yt = tf.tensor2d(ys, [n, k]);
    const h = await model.fit(xt, yt, { epochs: 1, batchSize: o.batchSize, shuffle: false, verbose: 0 });
    xt.dispose();
    yt.dispose();
    o.onEpoch?.(epoch, Number(h.history.loss?.[0] ?? NaN));
  }
}

/** Predictions for n rows of x (n × d) in large batches; returns n × k values, row-major. */
export function predictBatched(model: tf.LayersModel, x: Float32Array, d: number, batchSize = 8192): Float32Array {
  const n = x.length / d;
  const k = (model.outputs[0].shape[1] as number) ?? 1;
  const out = new Float32Array(n * k);
  for (let start = 0; start < n; start += batchSize) {
    const m = Math.min(batchSize, n - start);
    const values = tf.tidy(() => {
      const xt = tf.tensor2d(x.subarray(start * d, (start + m) * d), [m, d]);
      return (model.predict(xt, { batchSize: m }) as tf.Tensor).dataSync() as Float32Array;
    });
    out.set(values, start * k);
  }
  return out;
}
