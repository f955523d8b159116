// The intent model: accuracy on templates never seen in training (split by template), the effect of
// ASR noise, determinism for a seed, identical predictions after save/load, and no tensor leaks.
// Models here are small (6,480 utterances, 6 epochs: about 4 s to train on wasm); the default model
// is bigger.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntentModel } from '../../engine/intent.ts';
import { evaluateIntentModel, scoreIntents, type IntentMetrics } from '../../engine/intent-metrics.ts';
import { trainIntentModel } from '../../engine/intent-training.ts';
import { tf } from '../../engine/tf/backend.ts';
import { saveModel } from '../../engine/tf/model-files.ts';
import { DEFAULT_MODEL_CONFIG, heldOutCorpus, trainingCorpus, withAsrNoise } from '../../sim/conversation/default-model.ts';
import { INTENTS } from '../../sim/conversation/intents.ts';
import { buildCorpus } from '../../sim/conversation/utterances.ts';

const SMALL = { ...DEFAULT_MODEL_CONFIG, perTemplate: 30, training: { ...DEFAULT_MODEL_CONFIG.training, epochs: 6 } };
const tmp = mkdtempSync(join(tmpdir(), 'ccsim-intent-'));
let model: IntentModel;
const held = heldOutCorpus(8, 40);
const curve = new Map<number, IntentMetrics>();

beforeAll(async () => {
  model = await trainIntentModel(trainingCorpus(7, SMALL), { ...SMALL.training, seed: 7, intents: INTENTS });
  for (const rate of [0, 0.1, 0.2, 0.3]) curve.set(rate, evaluateIntentModel(model, withAsrNoise(held, rate, 8)));
});

afterAll(() => {
  model?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

describe('held-out accuracy (split by template)', () => {
  it('evaluates on templates training never used', () => {
    const train = new Set(buildCorpus({ seed: 7, split: 'train', perTemplate: 1 }).templates);
    const test = new Set(buildCorpus({ seed: 8, split: 'heldout', perTemplate: 1 }).templates);
    expect(test.size).toBe(72);
    for (const t of test) expect(train.has(t)).toBe(false);
  });

  it('is at least 0.90 at 0% ASR error, for Chinese and for English separately', () => {
    const clean = curve.get(0)!;
    expect(clean.perLanguage.zh.n).toBe(36 * 40);
    expect(clean.perLanguage.en.n).toBe(36 * 40);
    expect(clean.perLanguage.zh.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(clean.perLanguage.en.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('degrades as the ASR error rate grows (paired noise, so the curve is nearly monotone)', () => {
    const acc = [0, 0.1, 0.2, 0.3].map((r) => curve.get(r)!.accuracy);
    for (let i = 1; i < acc.length; i++) expect(acc[i]).toBeLessThanOrEqual(acc[i - 1] + 0.005);
    expect(acc[0] - acc[3]).toBeGreaterThan(0.04);
    expect(acc[3]).toBeGreaterThan(0.6); // noisy, not useless
  });

  it('reports per-intent precision and recall and a consistent confusion matrix', () => {
    const m = curve.get(0)!;
    expect(m.confusion.labels).toEqual([...INTENTS]);
    const total = m.confusion.matrix.flat().reduce((s, x) => s + x, 0);
    expect(total).toBe(held.texts.length);
    m.perIntent.forEach((c, i) => {
      expect(c.support).toBe(m.confusion.matrix[i].reduce((s, x) => s + x, 0));
      expect(c.recall).toBeGreaterThan(0.6);
      expect(c.precision).toBeGreaterThan(0.6);
    });
    const diagonal = m.confusion.matrix.reduce((s, row, i) => s + row[i], 0);
    expect(diagonal / total).toBeCloseTo(m.accuracy, 12);
  });
});

describe('scoreIntents', () => {
  it('computes precision, recall and counts unknown true labels as errors', () => {
    const data = { texts: ['a', 'b', 'c', 'd', 'e'], labels: ['X', 'X', 'Y', 'Y', 'Z'], langs: ['en', 'en', 'zh', 'zh', 'zh'] };
    const m = scoreIntents(['X', 'Y'], data, Int32Array.from([0, 1, 1, 1, 0]));
    expect(m.accuracy).toBeCloseTo(3 / 5, 12);
    expect(m.confusion.labels).toEqual(['X', 'Y', 'Z']);
    expect(m.confusion.matrix).toEqual([[1, 1, 0], [0, 2, 0], [1, 0, 0]]);
    expect(m.perIntent[0]).toMatchObject({ intent: 'X', precision: 0.5, recall: 0.5, support: 2 });
    expect(m.perIntent[1]).toMatchObject({ intent: 'Y', precision: 2 / 3, recall: 1, support: 2 });
    expect(m.perIntent[2]).toMatchObject({ intent: 'Z', precision: null, recall: 0, support: 1 });
    expect(m.perLanguage).toEqual({ en: { n: 2, accuracy: 0.5 }, zh: { n: 3, accuracy: 2 / 3 } });
  });
});

describe('determinism and persistence', () => {
  const tiny = { ...DEFAULT_MODEL_CONFIG, perTemplate: 6, training: { ...DEFAULT_MODEL_CONFIG.training, epochs: 2 } };
  const weights = (m: IntentModel) => m.network.getWeights().map((w) => Array.from(w.dataSync()));

  it('trains to the same weights and metrics for the same seed, other weights for another seed, leaking no tensors', async () => {
    const tensors = tf.memory().numTensors;
    const a = await trainIntentModel(trainingCorpus(3, tiny), { ...tiny.training, seed: 3, intents: INTENTS });
    const b = await trainIntentModel(trainingCorpus(3, tiny), { ...tiny.training, seed: 3, intents: INTENTS });
    const c = await trainIntentModel(trainingCorpus(3, tiny), { ...tiny.training, seed: 4, intents: INTENTS });
    expect(weights(b)).toEqual(weights(a));
    expect(evaluateIntentModel(b, held)).toEqual(evaluateIntentModel(a, held));
    expect(weights(c)[0]).not.toEqual(weights(a)[0]);
    for (const m of [a, b, c]) m.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('gives identical predictions after save and load, with the intents and featurizer in the metadata', async () => {
    const dir = join(tmp, 'model');
    await model.save(dir);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    const meta = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).userDefinedMetadata;
    expect(meta.intents).toEqual([...INTENTS]);
    expect(meta.featurizer).toEqual(model.info.featurizer);
    const loaded = await IntentModel.load(dir);
    const texts = withAsrNoise(held, 0.2, 8).texts;
    const x = model.classifyBatch(texts);
    const y = loaded.classifyBatch(texts);
    expect(Array.from(y.intent)).toEqual(Array.from(x.intent));
    expect(Array.from(y.confidence)).toEqual(Array.from(x.confidence));
    expect(Array.from(loaded.probabilities(texts.slice(0, 50)))).toEqual(Array.from(model.probabilities(texts.slice(0, 50))));
    loaded.dispose();
  });

  it('refuses folders without a model and models that are not intent models', async () => {
    await expect(IntentModel.load(join(tmp, 'nothing'))).rejects.toThrow(/no saved model/);
    const other = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2 })] });
    await saveModel(other, join(tmp, 'other'), { kind: 'something-else' });
    await expect(IntentModel.load(join(tmp, 'other'))).rejects.toThrow(/not a ccsim intent model/);
    other.dispose();
  });
});

describe('batched inference', () => {
  it('does not grow tensor memory across many batch classifications', () => {
    const texts = held.texts.slice(0, 1000);
    model.classifyBatch(texts);
    const before = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;
    for (let i = 0; i < 100; i++) model.classifyBatch(texts);
    model.probabilities(texts);
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.memory().numBytes).toBe(bytes);
  });

  it('classifies across the 8,192-row batch boundary as it does in smaller batches', () => {
    const texts = Array.from({ length: 9000 }, (_, i) => held.texts[i % held.texts.length]);
    const all = model.classifyBatch(texts);
    const tail = model.classifyBatch(texts.slice(8000));
    for (let i = 0; i < 1000; i++) {
      expect(tail.intent[i]).toBe(all.intent[8000 + i]);
      expect(tail.confidence[i]).toBeCloseTo(all.confidence[8000 + i], 5);
    }
    const out = { intent: new Int32Array(10), confidence: new Float32Array(10) };
    expect(() => model.classifyBatch(texts.slice(0, 11), out)).toThrow(RangeError);
  });
});

describe('engine isolation', () => {
  it('never imports the world (sim/) from the intent, dialogue and script modules', () => {
    const root = fileURLToPath(new URL('../../engine/', import.meta.url));
    const files = readdirSync(root).filter((f) => /^(intent.*|dialogue|scripts|script-catalog)\.ts$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const f of files) expect(readFileSync(join(root, f), 'utf8')).not.toMatch(/from '[^']*\/sim\//);
  });
});
