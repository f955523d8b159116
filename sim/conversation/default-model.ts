/**
 * The default intent model: trained deterministically from a seed on the synthetic corpus's
 * training templates (a share of the rows passed through ASR noise, as transcribed training data
 * is), and cached on disk under `.ccsim-cache/intent/<hash>/` so the simulator's setup trains once
 * per machine. The hash covers everything that changes the weights: the template data, the noise
 * model version, the training options, the seed and the tfjs backend (weights differ slightly
 * between backends). Held-out evaluation uses the templates training never saw.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';
import { FEATURIZER_VERSION } from '../../engine/intent-features.ts';
import { IntentModel, type LabelledTexts } from '../../engine/intent.ts';
import { DEFAULT_TRAINING, trainIntentModel, type IntentTrainOptions } from '../../engine/intent-training.ts';
import { initBackend } from '../../engine/tf/backend.ts';
import { hasModel } from '../../engine/tf/model-files.ts';
import { KeyedStream } from '../random/stream.ts';
import { AsrNoise, ASR_NOISE_VERSION } from './asr-noise.ts';
import { INTENTS, type Language } from './intents.ts';
import { EN } from './templates-en.ts';
import { ZH } from './templates-zh.ts';
import { buildCorpus } from './utterances.ts';

export interface DefaultModelConfig {
  /** Utterances per training template. */
  perTemplate: number;
  /** Share of training rows passed through ASR noise, and the largest error rate used (uniform up to it). */
  noisyShare: number;
  maxNoise: number;
  training: Omit<IntentTrainOptions, 'seed' | 'onEpoch' | 'intents' | 'source'>;
}

export const DEFAULT_MODEL_CONFIG: DefaultModelConfig = {
  perTemplate: 80,
  noisyShare: 0.5,
  maxNoise: 0.2,
  training: { epochs: DEFAULT_TRAINING.epochs, batchSize: DEFAULT_TRAINING.batchSize, hidden: DEFAULT_TRAINING.hidden, buckets: DEFAULT_TRAINING.buckets, learningRate: DEFAULT_TRAINING.learningRate, inputDropout: DEFAULT_TRAINING.inputDropout },
};

export interface LabelledCorpus extends LabelledTexts {
  readonly texts: string[];
  readonly labels: string[];
  readonly langs: Language[];
}

/** The training corpus: every training template, `perTemplate` times, a share of rows made noisy. */
export function trainingCorpus(seed: number, c: DefaultModelConfig = DEFAULT_MODEL_CONFIG): LabelledCorpus {
  const corpus = buildCorpus({ seed, split: 'train', perTemplate: c.perTemplate });
  const pick = new KeyedStream(seed, 0, 'intent-train-noise');
  const asr = new KeyedStream(seed, 0, 'intent-train-asr');
  const texts = corpus.texts.map((t, row) => {
    if (pick.uniform(row, 0) >= c.noisyShare) return t;
    const rate = c.maxNoise * pick.uniform(row, 1);
    return new AsrNoise({ errorRate: rate }).apply(t, corpus.langs[row], asr, row);
  });
  return { texts, labels: corpus.labels, langs: corpus.langs };
}

/** Held-out utterances: templates never used in training, their own stream. */
export function heldOutCorpus(seed: number, perTemplate = 60): LabelledCorpus {
  const c = buildCorpus({ seed, split: 'heldout', perTemplate });
  return { texts: c.texts, labels: c.labels, langs: c.langs };
}

/**
 * The corpus as the model hears it through ASR with token error rate `errorRate`. Draws are keyed
 * by row on one stream, so the errors at 0.1 are a subset of those at 0.2 (a paired curve).
 */
export function withAsrNoise(c: LabelledCorpus, errorRate: number, seed: number): LabelledCorpus {
  if (errorRate === 0) return c;
  const noise = new AsrNoise({ errorRate });
  const stream = new KeyedStream(seed, 0, 'intent-eval-asr');
  return { texts: c.texts.map((t, row) => noise.apply(t, c.langs[row], stream, row)), labels: c.labels, langs: c.langs };
}

/** Where cached models live: $CCSIM_CACHE_DIR or ./.ccsim-cache. */
export function cacheRoot(): string {
  return resolve(process.env.CCSIM_CACHE_DIR ?? '.ccsim-cache');
}

/** The cache key of a default model. */
export function defaultModelKey(seed: number, backend: string, c: DefaultModelConfig = DEFAULT_MODEL_CONFIG): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ seed, backend, c, featurizer: FEATURIZER_VERSION, asr: ASR_NOISE_VERSION, intents: INTENTS, zh: ZH, en: EN }));
  return h.digest('hex').slice(0, 16);
}

const loaded = new Map<string, Promise<IntentModel>>();

export interface DefaultModelOptions {
  config?: DefaultModelConfig;
  /** Cache folder (default: cacheRoot()/intent). */
  cacheDir?: string;
  onEpoch?: (epoch: number, loss: number) => void;
}

/**
 * The default model for `seed`: loaded from the cache, or trained (deterministically) and cached.
 * The model is shared by every caller in this thread: do not dispose it.
 */
export function loadOrTrainDefaultIntentModel(seed = 1, o: DefaultModelOptions = {}): Promise<IntentModel> {
  const config = o.config ?? DEFAULT_MODEL_CONFIG;
  const run = async () => {
    const backend = await initBackend();
    const dir = join(o.cacheDir ?? join(cacheRoot(), 'intent'), defaultModelKey(seed, backend, config));
    if (hasModel(dir)) return IntentModel.load(dir);
    const corpus = trainingCorpus(seed, config);
    const model = await trainIntentModel(corpus, { ...config.training, seed, intents: INTENTS, source: `synthetic:train-templates:seed=${seed}`, onEpoch: o.onEpoch });
    // Save under a name of our own, then rename: a concurrent trainer (another worker) never sees half a model.
    const tmp = `${dir}.${process.pid}-${threadId}.partial`;
    await model.save(tmp);
    mkdirSync(join(dir, '..'), { recursive: true });
    try {
      if (!existsSync(dir)) renameSync(tmp, dir);
    } catch {
      // another process won the race with an identical model
    }
    rmSync(tmp, { recursive: true, force: true });
    return model;
  };
  const key = `${seed}:${o.cacheDir ?? ''}:${JSON.stringify(config)}`;
  let p = loaded.get(key);
  if (!p) {
    p = run();
    loaded.set(key, p);
    p.catch(() => loaded.delete(key));
  }
  return p;
}
