/**
 * Training the intent model, deterministically for a seed on a given backend: seeded initialisers,
 * shuffling and input dropout from our own seeded stream (SeedSequence), never Math.random.
 *
 * Why not `model.fit`: its backward pass through the first layer multiplies a [batch, 8192] input
 * transposed by the output gradient, and the wasm backend's transposed matmul is slow here
 * (~120 ms for a 256-row batch, 10x the forward product), so an epoch took ~10 s. The input is
 * sparse (~45 of 8192 buckets), so this step computes the first layer's forward pass and its
 * kernel gradient from the bucket lists in JS (the same maths as the dense layer, O(n-grams ×
 * hidden)), lets tfjs autodiff the rest of the network, and hands every gradient to a tfjs Adam
 * optimizer. The result is an ordinary tfjs LayersModel.
 *
 * Regularisation is input dropout over n-gram occurrences (each dropped with probability
 * `inputDropout`, the rest scaled up to keep the expectation): a bag-of-n-grams model otherwise
 * latches on to one distinctive n-gram per training sentence and generalises poorly to sentence
 * frames it has not seen.
 */
import { backendInUse, initBackend, tf } from './tf/backend.ts';
import { SeedSequence, seededPermutation } from './tf/training.ts';
import { Featurizer, FEATURIZER_VERSION } from './intent-features.ts';
import { IntentModel, type IntentModelInfo, type LabelledTexts } from './intent.ts';

export interface IntentTrainOptions {
  seed: number;
  epochs?: number;
  batchSize?: number;
  hidden?: number;
  buckets?: number;
  learningRate?: number;
  /** Probability of dropping each n-gram occurrence of a training row (0 = off). */
  inputDropout?: number;
  /** Intent order (default: the sorted names seen in the data). */
  intents?: readonly string[];
  /** Where the data came from, stored with the model. */
  source?: string;
  onEpoch?: (epoch: number, loss: number) => void;
}

export const DEFAULT_TRAINING = { epochs: 8, batchSize: 128, hidden: 32, buckets: 1 << 13, learningRate: 0.005, inputDropout: 0.3 } as const;

/** Trains a model on labelled texts. Deterministic for (data, options) on a given backend. */
export async function trainIntentModel(data: LabelledTexts, o: IntentTrainOptions): Promise<IntentModel> {
  await initBackend();
  const epochs = o.epochs ?? DEFAULT_TRAINING.epochs;
  const batchSize = o.batchSize ?? DEFAULT_TRAINING.batchSize;
  const hidden = o.hidden ?? DEFAULT_TRAINING.hidden;
  const learningRate = o.learningRate ?? DEFAULT_TRAINING.learningRate;
  const dropout = o.inputDropout ?? DEFAULT_TRAINING.inputDropout;
  if (!(dropout >= 0 && dropout < 1)) throw new RangeError(`inputDropout must be in [0, 1), got ${dropout}`);
  const featurizer = new Featurizer({ buckets: o.buckets ?? DEFAULT_TRAINING.buckets, version: FEATURIZER_VERSION });
  const n = data.texts.length;
  if (n === 0 || data.labels.length !== n) throw new RangeError(`training data: ${n} texts and ${data.labels.length} labels`);
  const intents = o.intents ? [...o.intents] : [...new Set(data.labels)].sort();
  if (intents.length < 2) throw new RangeError('training data: at least two intents are needed');
  const index = new Map(intents.map((name, i) => [name, i]));
  const labels = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const i = index.get(data.labels[r]);
    if (i === undefined) throw new RangeError(`training data: label "${data.labels[r]}" is not among the intents`);
    labels[r] = i;
  }

  const seeds = new SeedSequence(o.seed, 'intent-model');
  const d = featurizer.buckets;
  const k = intents.length;
  const network = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [d], units: hidden, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: seeds.next() }), name: 'ngrams' }),
      tf.layers.dense({ units: k, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seeds.next() }), name: 'intent' }),
    ],
  });
  const head = network.layers.slice(1);
  const [kernel, bias] = network.layers[0].trainableWeights.map((w) => w.read() as tf.Variable);
  const headVars = head.flatMap((l) => l.trainableWeights.map((w) => w.read() as tf.Variable));
  const optimizer = tf.train.adam(learningRate);

  const rows = featurizer.sparse(data.texts);
  const keepScale = 1 / (1 - dropout);
  const pre = new Float32Array(batchSize * hidden);
  const act = new Float32Array(batchSize * hidden);
  const gradKernel = new Float32Array(d * hidden);
  const gradBias = new Float32Array(hidden);
  const onehot = new Float32Array(batchSize * k);
  let kept = new Uint8Array(1024);

  for (let epoch = 0; epoch < epochs; epoch++) {
    const perm = seededPermutation(n, seeds);
    let lossSum = 0;
    let batches = 0;
    for (let s = 0; s < n; s += batchSize) {
      const m = Math.min(batchSize, n - s);
      const w = kernel.dataSync() as Float32Array;
      const b = bias.dataSync() as Float32Array;
      // Forward through the first layer, sparse, with dropout drawn from our stream.
      let entries = 0;
      for (let r = 0; r < m; r++) entries += rows.offsets[perm[s + r] + 1] - rows.offsets[perm[s + r]];
      if (kept.length < entries) kept = new Uint8Array(entries * 2);
      let e = 0;
      for (let r = 0; r < m; r++) {
        const row = perm[s + r];
        const o = r * hidden;
        pre.fill(0, o, o + hidden);
        for (let j = rows.offsets[row]; j < rows.offsets[row + 1]; j++, e++) {
          const keep = dropout === 0 || seeds.uniform() >= dropout;
          kept[e] = keep ? 1 : 0;
          if (!keep) continue;
          const base = rows.indices[j] * hidden;
          for (let u = 0; u < hidden; u++) pre[o + u] += w[base + u];
        }
        const v = rows.value[row] * keepScale;
        for (let u = 0; u < hidden; u++) {
          const x = b[u] + v * pre[o + u];
          pre[o + u] = x;
          act[o + u] = x > 0 ? x : 0;
        }
      }
      // The rest of the network by tfjs autodiff, with the hidden activations as a variable so their gradient comes back too.
      onehot.fill(0, 0, m * k);
      for (let r = 0; r < m; r++) onehot[r * k + labels[perm[s + r]]] = 1;
      const h = tf.tidy(() => tf.variable(tf.tensor2d(act.subarray(0, m * hidden), [m, hidden]), true));
      const y = tf.tensor2d(onehot.subarray(0, m * k), [m, k]);
      const { value, grads } = tf.variableGrads(() => {
        let x: tf.Tensor = h;
        for (const layer of head) x = layer.apply(x) as tf.Tensor;
        return tf.mean(tf.metrics.categoricalCrossentropy(y, x)) as tf.Scalar;
      }, [h, ...headVars]);
      const gradAct = grads[h.name].dataSync() as Float32Array;
      // Back through the ReLU and the sparse first layer.
      gradKernel.fill(0);
      gradBias.fill(0);
      e = 0;
      for (let r = 0; r < m; r++) {
        const row = perm[s + r];
        const o = r * hidden;
        for (let u = 0; u < hidden; u++) {
          const g = pre[o + u] > 0 ? gradAct[o + u] : 0;
          act[o + u] = g; // reuse: the pre-activation gradient of row r
          gradBias[u] += g;
        }
        const v = rows.value[row] * keepScale;
        for (let j = rows.offsets[row]; j < rows.offsets[row + 1]; j++, e++) {
          if (kept[e] === 0) continue;
          const base = rows.indices[j] * hidden;
          for (let u = 0; u < hidden; u++) gradKernel[base + u] += v * act[o + u];
        }
      }
      const gk = tf.tensor2d(gradKernel, [d, hidden]);
      const gb = tf.tensor1d(gradBias);
      optimizer.applyGradients([{ name: kernel.name, tensor: gk }, { name: bias.name, tensor: gb }, ...headVars.map((hv) => ({ name: hv.name, tensor: grads[hv.name] }))]);
      lossSum += value.dataSync()[0];
      batches++;
      tf.dispose([h, y, value, gk, gb, ...Object.values(grads)]);
    }
    o.onEpoch?.(epoch, lossSum / batches);
  }
  optimizer.dispose();
  const info: IntentModelInfo = {
    kind: 'ccsim-intent-model',
    formatVersion: 1,
    intents,
    featurizer: featurizer.config,
    training: { seed: o.seed, epochs, batchSize, hidden, learningRate, inputDropout: dropout, examples: n, backend: backendInUse(), ...(o.source ? { source: o.source } : {}) },
  };
  return new IntentModel(network, info);
}
