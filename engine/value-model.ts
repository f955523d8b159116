/**
 * The value model: a small tfjs regression predicting a customer's lifetime value from CRM
 * observations and the engine's profile of them (engine/value-features.ts), trained on simulated
 * history (past customers whose realised value is known). Used by prioritisation (engine/priority.ts:
 * who is dialed first, who goes to the bot) and by weighted routing (high-value customers to senior
 * agents, through `CustomerProfiles.predictedValue`).
 *
 * The network is an MLP (d → 32 ReLU → 16 ReLU → 1) on standardised features, fitted by Adam on the
 * squared error of log value; currency values are exp(prediction) × a smearing factor (Duan 1983: the
 * training mean of exp(residual)), so they are mean-unbiased rather than medians. Initialisers are
 * seeded, there is no dropout and shuffling uses our own seeded stream (engine/tf/training.ts), so
 * the same seed gives identical weights and predictions on a given backend; weights differ slightly
 * between backends, so the backend is recorded with the model (and is part of the cache key).
 *
 * Persistence: engine/tf/model-files.ts's folder layout (model.json + weights.bin), with the feature
 * names, the standardisation, the smearing factor and the training settings in the model's metadata.
 * `loadOrTrainDefaultValueModel` trains from a seed and caches under
 * `.ccsim-cache/value/<sha256>/`; the history comes from a callback, because the engine never
 * imports the simulator (sim/history.ts provides it).
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { backendInUse, initBackend, tf, type BackendName } from './tf/backend.ts';
import { hasModel, loadModel, saveModel } from './tf/model-files.ts';
import { fitDeterministic, predictBatched, SeedSequence } from './tf/training.ts';
import type { CustomerObservations, CustomerProfiles } from './observations.ts';
import { extractProfiles } from './profile.ts';
import { canonicalJson } from './canonical-json.ts';
import { featureStats, standardise, valueFeatures, VALUE_FEATURES_VERSION, type FeatureMatrix } from './value-features.ts';

/** Bumped whenever the model, its training or its metadata change (part of the cache key). */
export const VALUE_MODEL_VERSION = 1;

export const PREDICT_BATCH = 8192;

export const DEFAULT_VALUE_TRAINING = { epochs: 12, batchSize: 256, hidden: [32, 16], learningRate: 0.003, trainSize: 30_000 } as const;

/** What is stored beside the weights (model.json's userDefinedMetadata). */
export interface ValueModelInfo {
  kind: 'ccsim-value-model';
  version: number;
  featuresVersion: number;
  featureNames: string[];
  /** Standardisation of each feature, from the training set. */
  mean: number[];
  std: number[];
  /** The network predicts log(value); currency = exp(prediction) × smearing. */
  target: 'log';
  smearing: number;
  /** Training-set mean of the value (currency) and of log value: the constant predictor. */
  targetMean: number;
  targetLogMean: number;
  training: { seed: number; epochs: number; batchSize: number; hidden: number[]; learningRate: number; examples: number; backend: BackendName | null; source?: string };
}

export interface ValueTrainOptions {
  seed: number;
  epochs?: number;
  batchSize?: number;
  hidden?: readonly number[];
  learningRate?: number;
  /** Where the training data came from (stored in the metadata). */
  source?: string;
  onEpoch?: (epoch: number, loss: number) => void;
}

export class ValueModel {
  readonly network: tf.LayersModel;
  readonly info: ValueModelInfo;

  constructor(network: tf.LayersModel, info: ValueModelInfo) {
    if (info.kind !== 'ccsim-value-model') throw new Error('value model: not a ccsim value model');
    if (info.featureNames.length !== info.mean.length || info.mean.length !== info.std.length) throw new Error('value model: inconsistent standardisation');
    this.network = network;
    this.info = info;
  }

  get featureCount(): number {
    return this.info.featureNames.length;
  }

  /** Frees the network's tensors. */
  dispose(): void {
    this.network.dispose();
  }
}

/** Floor under a value before its log (currency units). */
const MIN_VALUE = 1;

/**
 * Trains the value model on raw features (n × d) and realised values (currency, n). Deterministic
 * for a seed on a given backend.
 */
export async function trainValueModel(features: FeatureMatrix, targets: Float32Array, o: ValueTrainOptions): Promise<ValueModel> {
  await initBackend();
  const { n, d } = features;
  if (targets.length !== n) throw new Error(`value model: ${n} feature rows but ${targets.length} targets`);
  if (n < 2) throw new Error('value model: need at least two training rows');
  const epochs = o.epochs ?? DEFAULT_VALUE_TRAINING.epochs;
  const batchSize = o.batchSize ?? DEFAULT_VALUE_TRAINING.batchSize;
  const hidden = [...(o.hidden ?? DEFAULT_VALUE_TRAINING.hidden)];
  const learningRate = o.learningRate ?? DEFAULT_VALUE_TRAINING.learningRate;

  const { mean, std } = featureStats(features);
  const x = standardise(features.data, d, mean, std);
  const y = new Float32Array(n);
  let sum = 0;
  let sumLog = 0;
  for (let i = 0; i < n; i++) {
    y[i] = Math.log(Math.max(MIN_VALUE, targets[i]));
    sum += targets[i];
    sumLog += y[i];
  }
  const targetLogMean = sumLog / n;

  const seeds = new SeedSequence(o.seed, 'value-model');
  const layers: tf.layers.Layer[] = [];
  hidden.forEach((units, k) => {
    layers.push(tf.layers.dense({
      ...(k === 0 ? { inputShape: [d] } : {}),
      units,
      activation: 'relu',
      kernelInitializer: tf.initializers.heNormal({ seed: seeds.next() }),
      name: `value_hidden${k + 1}`,
    }));
  });
  layers.push(tf.layers.dense({
    ...(hidden.length === 0 ? { inputShape: [d] } : {}),
    units: 1,
    kernelInitializer: tf.initializers.glorotUniform({ seed: seeds.next() }),
    // Start at the mean log value: the network then learns only the deviations.
    biasInitializer: tf.initializers.constant({ value: targetLogMean }),
    name: 'value_out',
  }));
  const network = tf.sequential({ layers });
  network.compile({ optimizer: tf.train.adam(learningRate), loss: 'meanSquaredError' });
  await fitDeterministic(network, x, d, y, 1, { epochs, batchSize, seeds, onEpoch: o.onEpoch });

  // Smearing: mean of exp(residual) on the training set, so exp(prediction) × it is mean-unbiased.
  const fitted = predictBatched(network, x, d, PREDICT_BATCH);
  let smear = 0;
  for (let i = 0; i < n; i++) smear += Math.exp(y[i] - fitted[i]);
  smear /= n;

  const info: ValueModelInfo = {
    kind: 'ccsim-value-model',
    version: VALUE_MODEL_VERSION,
    featuresVersion: VALUE_FEATURES_VERSION,
    featureNames: [...features.names],
    mean: Array.from(mean),
    std: Array.from(std),
    target: 'log',
    smearing: smear,
    targetMean: sum / n,
    targetLogMean,
    training: { seed: o.seed, epochs, batchSize, hidden, learningRate, examples: n, backend: backendInUse(), ...(o.source ? { source: o.source } : {}) },
  };
  return new ValueModel(network, info);
}

function checkColumns(model: ValueModel, features: FeatureMatrix): void {
  const want = model.info.featureNames;
  const got = features.names;
  if (got.length !== want.length || got.some((name, k) => name !== want[k])) {
    throw new Error(`value model: features do not match the model's (trained on ${want.length} columns: ${want.join(', ')}; given ${got.length}: ${got.join(', ')})`);
  }
}

/** Predicted log value of every row (batches of 8192; every tensor freed). */
export function predictLogValues(model: ValueModel, features: FeatureMatrix): Float32Array {
  checkColumns(model, features);
  const x = standardise(features.data, features.d, model.info.mean, model.info.std);
  return predictBatched(model.network, x, features.d, PREDICT_BATCH);
}

/** Predicted lifetime value of every row, in currency units. */
export function predictValues(model: ValueModel, features: FeatureMatrix): Float32Array {
  const out = predictLogValues(model, features);
  const s = model.info.smearing;
  for (let i = 0; i < out.length; i++) out[i] = Math.exp(out[i]) * s;
  return out;
}

/**
 * Predicted lifetime value of every customer of a population, written into
 * `profiles.predictedValue` (which routing and prioritisation read) and returned.
 */
export function predictPopulationValues(model: ValueModel, obs: CustomerObservations, profiles: CustomerProfiles = extractProfiles(obs)): Float32Array {
  const values = predictValues(model, valueFeatures(obs, profiles));
  profiles.predictedValue.set(values);
  return profiles.predictedValue;
}

export async function saveValueModel(model: ValueModel, dir: string): Promise<void> {
  await saveModel(model.network, dir, model.info as unknown as { [key: string]: {} });
}

export async function loadValueModel(dir: string): Promise<ValueModel> {
  await initBackend();
  const network = await loadModel(dir);
  const info = network.getUserDefinedMetadata() as unknown as ValueModelInfo | undefined;
  if (!info || info.kind !== 'ccsim-value-model') {
    network.dispose();
    throw new Error(`value model: ${dir} holds no ccsim value model`);
  }
  return new ValueModel(network, info);
}

// Evaluation -----------------------------------------------------------------------------------

export interface RegressionScores {
  /** 1 - SS_res / SS_tot (SS_tot about the evaluation set's own mean), in currency. */
  r2: number;
  /** The same on log value. */
  r2Log: number;
  /** Mean absolute error, currency. */
  mae: number;
}

export interface ValueEvaluation {
  n: number;
  model: RegressionScores & { spearman: number };
  /** The constant predictor: the training mean (currency; log mean for r2Log). */
  constant: RegressionScores;
}

/** The model against the constant predictor on (held-out) rows with known realised values. */
export function evaluateValueModel(model: ValueModel, features: FeatureMatrix, targets: Float32Array): ValueEvaluation {
  const logPred = predictLogValues(model, features);
  const n = targets.length;
  const pred = new Float64Array(n);
  const logTrue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    pred[i] = Math.exp(logPred[i]) * model.info.smearing;
    logTrue[i] = Math.log(Math.max(MIN_VALUE, targets[i]));
  }
  const constant = new Float64Array(n).fill(model.info.targetMean);
  const constantLog = new Float64Array(n).fill(model.info.targetLogMean);
  return {
    n,
    model: { r2: rSquared(targets, pred), r2Log: rSquared(logTrue, logPred), mae: meanAbsoluteError(targets, pred), spearman: spearman(pred, targets) },
    constant: { r2: rSquared(targets, constant), r2Log: rSquared(logTrue, constantLog), mae: meanAbsoluteError(targets, constant) },
  };
}

export function rSquared(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  const n = truth.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += truth[i];
  mean /= n;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    res += (truth[i] - pred[i]) ** 2;
    tot += (truth[i] - mean) ** 2;
  }
  return tot > 0 ? 1 - res / tot : NaN;
}

export function meanAbsoluteError(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += Math.abs(truth[i] - pred[i]);
  return s / truth.length;
}

/** Ranks 1..n, ties given their average rank. */
export function ranks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || a - b);
  const r = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]] === x[order[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[order[k]] = avg;
    i = j + 1;
  }
  return r;
}

/** Spearman's rank correlation (Pearson correlation of the average ranks); NaN when either side is constant. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = ra.length;
  const m = (n + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = ra[i] - m;
    const db = rb[i] - m;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

// Default model: trained from the seed, cached ---------------------------------------------------

export interface TrainingHistory {
  readonly observations: CustomerObservations;
  /** Realised lifetime value per customer (currency). */
  readonly targets: Float32Array;
}

export interface DefaultValueModelOptions {
  /** The simulated history to train on: `n` past customers (sim/history.ts simulateHistory). */
  history: (n: number) => TrainingHistory;
  /** A named folder (e.g. the scenario's): loaded when it holds a model, else trained into it. Bypasses the cache. */
  dir?: string;
  /** Cache root (default: $CCSIM_CACHE_DIR, else .ccsim-cache under the working directory); models go to <root>/value/<key>/. */
  cacheDir?: string;
  /** false: neither read nor write the cache (always train). */
  cache?: boolean;
  trainSize?: number;
  epochs?: number;
  /** Progress line on stderr when training (default: only when not quiet). */
  quiet?: boolean;
}

/** The cache key: sha256 of the customers spec, seed, model and feature versions, training settings and backend. */
export function valueModelCacheKey(spec: unknown, seed: number, settings: { trainSize: number; epochs: number }, backend: BackendName | null): string {
  const doc = {
    customers: spec,
    seed,
    version: VALUE_MODEL_VERSION,
    featuresVersion: VALUE_FEATURES_VERSION,
    training: { ...DEFAULT_VALUE_TRAINING, hidden: [...DEFAULT_VALUE_TRAINING.hidden], ...settings },
    // Trained weights differ slightly between backends: a cache filled under one must not change another's results.
    backend,
  };
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

/** Where the default model for (spec, seed) is cached. */
export function valueModelCacheDir(spec: unknown, seed: number, options: Pick<DefaultValueModelOptions, 'cacheDir' | 'trainSize' | 'epochs'>, backend: BackendName | null): string {
  const root = options.cacheDir ?? process.env.CCSIM_CACHE_DIR ?? join(process.cwd(), '.ccsim-cache');
  const settings = { trainSize: options.trainSize ?? DEFAULT_VALUE_TRAINING.trainSize, epochs: options.epochs ?? DEFAULT_VALUE_TRAINING.epochs };
  return resolve(root, 'value', valueModelCacheKey(spec, seed, settings, backend));
}

/**
 * The default value model for a customers spec and seed: from `options.dir` or the cache when it
 * holds a compatible model, else trained on `options.history(trainSize)` with the seed and saved
 * there. The same (spec, seed, settings) gives identical predictions on a backend, cached or not.
 */
export async function loadOrTrainDefaultValueModel(spec: unknown, seed: number, options: DefaultValueModelOptions): Promise<ValueModel> {
  const backend = await initBackend();
  const trainSize = options.trainSize ?? DEFAULT_VALUE_TRAINING.trainSize;
  const epochs = options.epochs ?? DEFAULT_VALUE_TRAINING.epochs;
  const dir = options.dir ?? (options.cache === false ? null : valueModelCacheDir(spec, seed, options, backend));
  if (dir !== null && hasModel(dir)) {
    try {
      const model = await loadValueModel(dir);
      if (model.info.version === VALUE_MODEL_VERSION && model.info.featuresVersion === VALUE_FEATURES_VERSION) return model;
      model.dispose();
    } catch {
      // unreadable or half-written by an older version: retrain over it
    }
  }
  const history = options.history(trainSize);
  if (!options.quiet && process.env.CCSIM_QUIET_BACKEND !== '1') {
    process.stderr.write(`ccsim: training value model (${history.observations.count} past customers, ${epochs} epochs, seed ${seed})\n`);
  }
  const features = valueFeatures(history.observations, extractProfiles(history.observations));
  const model = await trainValueModel(features, history.targets, { seed, epochs, source: `simulated history, ${history.observations.count} customers` });
  if (dir !== null) await saveValueModel(model, dir);
  return model;
}

