/**
 * The intent model: a tfjs classifier over hashed n-grams (intent-features.ts). The network is
 * buckets → hidden (ReLU) → intents (softmax), dense layers with seeded initialisers, trained in
 * intent-training.ts: deterministic for a seed on a given backend.
 *
 * Inference is batched and the first layer is evaluated sparsely: an utterance touches ~30-70 of
 * the 2^13 buckets, so its hidden pre-activation is the sum of those rows of the layer's own kernel
 * (exactly the dense product, O(n-grams × hidden) instead of O(buckets × hidden)); the rest of the
 * network runs in tfjs on [batch, hidden]. Measured on wasm here: the dense [8192 × 32] product
 * alone would cap near 30k rows/s (its matmul reaches ~17 GFLOPS); a gather-and-sum inside tfjs
 * ran at 5-13k rows/s. The kernel is copied out once, when the model is built or loaded.
 *
 * Plain strings in, intent indices out: the engine never sees the world's truth. Intent names are
 * whatever the training data used, stored with the model.
 */
import { initBackend, tf, type BackendName } from './tf/backend.ts';
import { hasModel, loadModel, saveModel } from './tf/model-files.ts';
import { Featurizer, type FeaturizerConfig, type SparseRows } from './intent-features.ts';

export interface LabelledTexts {
  readonly texts: readonly string[];
  /** Intent name of each text. */
  readonly labels: readonly string[];
  /** Optional language of each text, for per-language metrics. */
  readonly langs?: readonly string[];
}

/** What is stored beside the weights (model.json's userDefinedMetadata). */
export interface IntentModelInfo {
  kind: 'ccsim-intent-model';
  formatVersion: 1;
  intents: string[];
  featurizer: FeaturizerConfig;
  training: { seed: number; epochs: number; batchSize: number; hidden: number; learningRate: number; inputDropout: number; examples: number; backend: BackendName | null; source?: string };
}

/** Intent index and softmax confidence per text. */
export interface Classification {
  intent: Int32Array;
  confidence: Float32Array;
}

export const PREDICT_BATCH = 8192;

export class IntentModel {
  readonly intents: readonly string[];
  readonly featurizer: Featurizer;
  readonly network: tf.LayersModel;
  readonly info: IntentModelInfo;
  private readonly hidden: number;
  private readonly kernel: Float32Array;
  private readonly bias: Float32Array;
  private readonly head: { kernel: tf.Tensor; bias: tf.Tensor | null; activation: string }[];
  private readonly pre: Float32Array;

  constructor(network: tf.LayersModel, info: IntentModelInfo) {
    const layers = network.layers;
    const first = layers[0];
    const cfg = first.getConfig() as { units?: number; activation?: string };
    if (first.getClassName() !== 'Dense' || cfg.activation !== 'relu' || layers.length < 2) {
      throw new Error('intent model: expected a network starting with a Dense ReLU layer');
    }
    this.network = network;
    this.info = info;
    this.intents = info.intents;
    this.featurizer = new Featurizer(info.featurizer);
    this.hidden = cfg.units as number;
    const [w, b] = first.getWeights();
    if (w.shape[0] !== this.featurizer.buckets) throw new Error(`intent model: first layer expects ${w.shape[0]} inputs, featurizer has ${this.featurizer.buckets} buckets`);
    this.kernel = w.dataSync() as Float32Array; // [buckets, hidden], row-major: a bucket's row is contiguous
    this.bias = b.dataSync() as Float32Array;
    // The rest of the network as tfjs ops on the layers' own weight tensors. Not `model.predict`: it
    // returns every probability, and reading an [8192, 12] result out of wasm took ~25 ms here
    // (more than the whole first layer); argMax and max leave two numbers per text to read.
    this.head = layers.slice(1).map((layer) => {
      const c = layer.getConfig() as { activation?: string; useBias?: boolean };
      if (layer.getClassName() !== 'Dense' || !['relu', 'linear', 'softmax'].includes(c.activation ?? 'linear')) {
        throw new Error(`intent model: unsupported layer ${layer.getClassName()} (${c.activation}) after the first`);
      }
      const [kernel, bias] = layer.getWeights();
      return { kernel, bias: c.useBias === false ? null : bias, activation: c.activation ?? 'linear' };
    });
    if (this.head[this.head.length - 1].activation !== 'softmax') throw new Error('intent model: the last layer must be a softmax');
    this.pre = new Float32Array(PREDICT_BATCH * this.hidden);
  }

  /** The most likely intent of each text and its probability, in batches of 8192. */
  classifyBatch(texts: readonly string[], out?: Classification): Classification {
    const n = texts.length;
    const res = out ?? { intent: new Int32Array(n), confidence: new Float32Array(n) };
    if (res.intent.length < n || res.confidence.length < n) throw new RangeError('classifyBatch: output arrays too short');
    for (let start = 0; start < n; start += PREDICT_BATCH) {
      const m = Math.min(PREDICT_BATCH, n - start);
      this.hiddenLayer(texts, start, m);
      tf.tidy(() => {
        const p = this.headProbabilities(m);
        res.intent.set(tf.argMax(p, 1).dataSync() as Int32Array, start);
        res.confidence.set(tf.max(p, 1).dataSync() as Float32Array, start);
      });
    }
    return res;
  }

  /** Softmax probabilities, n × intents, row-major. */
  probabilities(texts: readonly string[]): Float32Array {
    const k = this.intents.length;
    const out = new Float32Array(texts.length * k);
    for (let start = 0; start < texts.length; start += PREDICT_BATCH) {
      const m = Math.min(PREDICT_BATCH, texts.length - start);
      this.hiddenLayer(texts, start, m);
      out.set(tf.tidy(() => this.headProbabilities(m).dataSync() as Float32Array), start * k);
    }
    return out;
  }

  /** Featurises texts[start .. start + m) and runs the first layer into `pre`; m <= PREDICT_BATCH. */
  private hiddenLayer(texts: readonly string[], start: number, m: number): void {
    this.firstLayer(this.featurizer.sparse(m === texts.length ? texts : texts.slice(start, start + m)), m);
  }

  /** The head over the first m rows of `pre` (call inside tf.tidy). */
  private headProbabilities(m: number): tf.Tensor2D {
    let x: tf.Tensor2D = tf.tensor2d(this.pre.subarray(0, m * this.hidden), [m, this.hidden]);
    for (const l of this.head) {
      x = tf.matMul(x, l.kernel as tf.Tensor2D);
      if (l.bias) x = tf.add(x, l.bias);
      if (l.activation === 'relu') x = tf.relu(x);
      else if (l.activation === 'softmax') x = tf.softmax(x);
    }
    return x;
  }

  /** ReLU(bias + Σ value · kernel[bucket]) for each row, into `pre`: the dense layer on a sparse input. */
  private firstLayer(s: SparseRows, m: number): void {
    const h = this.hidden;
    const w = this.kernel;
    const b = this.bias;
    const pre = this.pre;
    const unrolled = (h & 7) === 0;
    for (let r = 0; r < m; r++) {
      const o = r * h;
      pre.fill(0, o, o + h);
      const end = s.offsets[r + 1];
      for (let e = s.offsets[r]; e < end; e++) {
        const base = s.indices[e] * h;
        if (unrolled) {
          // Eight independent adds per step: the hot loop of inference (~45 buckets × hidden per text).
          for (let j = 0; j < h; j += 8) {
            pre[o + j] += w[base + j];
            pre[o + j + 1] += w[base + j + 1];
            pre[o + j + 2] += w[base + j + 2];
            pre[o + j + 3] += w[base + j + 3];
            pre[o + j + 4] += w[base + j + 4];
            pre[o + j + 5] += w[base + j + 5];
            pre[o + j + 6] += w[base + j + 6];
            pre[o + j + 7] += w[base + j + 7];
          }
        } else {
          for (let j = 0; j < h; j++) pre[o + j] += w[base + j];
        }
      }
      const v = s.value[r];
      for (let j = 0; j < h; j++) {
        const x = b[j] + v * pre[o + j];
        pre[o + j] = x > 0 ? x : 0;
      }
    }
  }

  /** Saves into `dir` (model.json + weights.bin, metadata inside), loadable on any backend. */
  async save(dir: string): Promise<void> {
    await saveModel(this.network, dir, this.info as unknown as { [key: string]: {} });
  }

  static async load(dir: string): Promise<IntentModel> {
    if (!hasModel(dir)) throw new Error(`${dir}: no saved model (model.json + weights.bin)`);
    await initBackend();
    const network = await loadModel(dir);
    const info = network.getUserDefinedMetadata() as unknown as IntentModelInfo | undefined;
    if (!info || info.kind !== 'ccsim-intent-model') throw new Error(`${dir}: not a ccsim intent model`);
    return new IntentModel(network, info);
  }

  /** Frees the tensors (weights) held by the network. */
  dispose(): void {
    this.network.dispose();
  }
}
