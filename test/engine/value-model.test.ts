/**
 * The value model (engine/value-model.ts) on simulated history (sim/history.ts): it beats the
 * constant predictor on held-out customers by a wide margin, trains deterministically for a seed on
 * this backend, round-trips through save/load and the cache to identical predictions, and frees its
 * tensors.
 *
 * Measured here (wasm backend, default customers spec, seed 7, 8,000 training customers, 8 epochs,
 * 10,000 held-out): R² = 0.615 in currency (0.681 on log value), MAE 356 against the constant's
 * 660, Spearman 0.812; the constant predictor's R² is -0.0002. The thresholds below
 * (R² ≥ 0.4, MAE ≤ 0.75 × constant, Spearman ≥ 0.6) leave room for other backends and seeds while
 * sitting far above anything a model without signal could reach (its R² would be ≤ ~0.01 here).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractProfiles } from '../../engine/profile.ts';
import { tf } from '../../engine/tf/backend.ts';
import { valueFeatureNames, valueFeatures, type FeatureMatrix } from '../../engine/value-features.ts';
import {
  evaluateValueModel,
  loadOrTrainDefaultValueModel,
  loadValueModel,
  predictPopulationValues,
  predictValues,
  ranks,
  rSquared,
  saveValueModel,
  spearman,
  trainValueModel,
  type ValueModel,
} from '../../engine/value-model.ts';
import { customersSpec } from '../../scenarios/world-schema.ts';
import { seedFor, simulateHistory, simulateHoldout } from '../../sim/history.ts';

process.env.CCSIM_QUIET_BACKEND = '1';

const spec = customersSpec.parse({});
const SEED = 7;
const TRAIN = { n: 8000, epochs: 8 };
const tmp = mkdtempSync(join(tmpdir(), 'ccsim-value-'));

function featuresOf(h: { observations: Parameters<typeof extractProfiles>[0] }): FeatureMatrix {
  return valueFeatures(h.observations, extractProfiles(h.observations));
}

function weightsOf(m: ValueModel): Float32Array[] {
  return m.network.getWeights().map((w) => w.dataSync() as Float32Array);
}

const history = simulateHistory(spec, SEED, TRAIN.n);
const trainX = featuresOf(history);
const holdout = simulateHoldout(spec, SEED, 10_000);
const holdX = featuresOf(holdout);
let model: ValueModel;

beforeAll(async () => {
  model = await trainValueModel(trainX, history.targets, { seed: SEED, epochs: TRAIN.epochs });
});

afterAll(() => {
  model?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

describe('simulated history', () => {
  it('uses seed derivations distinct from the live population and from each other', () => {
    expect(new Set([SEED, seedFor(SEED, 'history'), seedFor(SEED, 'history-holdout')]).size).toBe(3);
    expect(seedFor(SEED, 'history')).toBe(seedFor(SEED, 'history'));
    expect(history.targets[0]).not.toBe(holdout.targets[0]);
  });

  it('realised values are the hidden lifetime value times mean-1 noise', () => {
    let ratio = 0;
    for (let i = 0; i < history.targets.length; i++) {
      expect(history.targets[i]).toBeGreaterThan(0);
      ratio += history.targets[i] / history.population.lifetimeValue[i];
    }
    expect(ratio / history.targets.length).toBeCloseTo(1, 1);
  });
});

describe('value features', () => {
  it('is n × d with the named columns, finite, one-hot blocks summing to 1', () => {
    const names = valueFeatureNames(history.observations);
    expect(trainX.names).toEqual(names);
    expect(trainX.data.length).toBe(trainX.n * trainX.d);
    expect(trainX.n).toBe(TRAIN.n);
    expect(trainX.data.every((v) => Number.isFinite(v))).toBe(true);
    const segCols = names.flatMap((c, k) => (c.startsWith('segment:') ? [k] : []));
    const ageCols = names.flatMap((c, k) => (c.startsWith('age_band:') ? [k] : []));
    for (let i = 0; i < 200; i++) {
      expect(segCols.reduce((s, k) => s + trainX.data[i * trainX.d + k], 0)).toBe(1);
      expect(ageCols.reduce((s, k) => s + trainX.data[i * trainX.d + k], 0)).toBe(1);
    }
  });
});

describe('value model on held-out simulated customers', () => {
  it('beats the constant predictor (the training mean) by a wide margin', () => {
    const e = evaluateValueModel(model, holdX, holdout.targets);
    // Printed for the record (README figures).
    console.log(`value model held-out: R2 ${e.model.r2.toFixed(3)} (log ${e.model.r2Log.toFixed(3)}), MAE ${e.model.mae.toFixed(1)}, Spearman ${e.model.spearman.toFixed(3)}; constant: R2 ${e.constant.r2.toFixed(5)}, MAE ${e.constant.mae.toFixed(1)}`);
    expect(Math.abs(e.constant.r2)).toBeLessThan(0.01);
    expect(e.model.r2).toBeGreaterThanOrEqual(0.4);
    expect(e.model.r2Log).toBeGreaterThanOrEqual(0.4);
    expect(e.model.r2 - e.constant.r2).toBeGreaterThanOrEqual(0.4);
    expect(e.model.mae).toBeLessThanOrEqual(0.75 * e.constant.mae);
    expect(e.model.spearman).toBeGreaterThanOrEqual(0.6);
  });

  it('predicts positive currency values whose mean is near the realised mean (smearing)', () => {
    const p = predictValues(model, holdX);
    let sp = 0;
    let st = 0;
    for (let i = 0; i < p.length; i++) {
      expect(p[i]).toBeGreaterThan(0);
      sp += p[i];
      st += holdout.targets[i];
    }
    expect(sp / st).toBeGreaterThan(0.9);
    expect(sp / st).toBeLessThan(1.1);
  });

  it('fills profiles.predictedValue for a population', () => {
    const profiles = extractProfiles(holdout.observations);
    const v = predictPopulationValues(model, holdout.observations, profiles);
    expect(v).toBe(profiles.predictedValue);
    expect(Array.from(v.subarray(0, 50))).toEqual(Array.from(predictValues(model, holdX).subarray(0, 50)));
  });

  it('refuses features with other columns', () => {
    const wrong: FeatureMatrix = { ...holdX, names: [...holdX.names].reverse() };
    expect(() => predictValues(model, wrong)).toThrow(/features do not match/);
  });
});

describe('determinism on this backend', () => {
  it('the same seed gives identical weights and predictions; another seed does not', async () => {
    const again = await trainValueModel(trainX, history.targets, { seed: SEED, epochs: TRAIN.epochs });
    const other = await trainValueModel(trainX, history.targets, { seed: SEED + 1, epochs: 1 });
    try {
      const a = weightsOf(model);
      const b = weightsOf(again);
      expect(b.length).toBe(a.length);
      for (let k = 0; k < a.length; k++) expect(Buffer.from(b[k].buffer).equals(Buffer.from(a[k].buffer))).toBe(true);
      expect(Buffer.from(predictValues(again, holdX).buffer).equals(Buffer.from(predictValues(model, holdX).buffer))).toBe(true);
      expect(again.info.smearing).toBe(model.info.smearing);
      expect(Buffer.from(weightsOf(other)[0].buffer).equals(Buffer.from(a[0].buffer))).toBe(false);
    } finally {
      again.dispose();
      other.dispose();
    }
  });

  it('a saved model loads to identical predictions and metadata', async () => {
    const dir = join(tmp, 'saved');
    await saveValueModel(model, dir);
    const loaded = await loadValueModel(dir);
    try {
      expect(loaded.info).toEqual(model.info);
      expect(Buffer.from(predictValues(loaded, holdX).buffer).equals(Buffer.from(predictValues(model, holdX).buffer))).toBe(true);
    } finally {
      loaded.dispose();
    }
  });

  it('loadOrTrainDefaultValueModel trains once into the cache, then loads identical predictions', async () => {
    const cacheDir = join(tmp, 'cache');
    let calls = 0;
    const opts = {
      cacheDir,
      trainSize: 3000,
      epochs: 2,
      quiet: true,
      history: (n: number) => {
        calls++;
        return simulateHistory(spec, SEED, n);
      },
    };
    const first = await loadOrTrainDefaultValueModel(spec, SEED, opts);
    const keys = readdirSync(join(cacheDir, 'value'));
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
    const second = await loadOrTrainDefaultValueModel(spec, SEED, opts);
    // Another seed: another cache entry.
    const third = await loadOrTrainDefaultValueModel(spec, SEED + 1, opts);
    try {
      expect(calls).toBe(2);
      expect(readdirSync(join(cacheDir, 'value'))).toHaveLength(2);
      expect(second.info.training.examples).toBe(3000);
      expect(Buffer.from(predictValues(second, holdX).buffer).equals(Buffer.from(predictValues(first, holdX).buffer))).toBe(true);
      // A named folder: trained into it when empty, loaded from it afterwards.
      const named = join(tmp, 'scenario-model');
      const a = await loadOrTrainDefaultValueModel(spec, SEED, { ...opts, dir: named });
      const b = await loadOrTrainDefaultValueModel(spec, SEED, { ...opts, dir: named });
      expect(calls).toBe(3);
      expect(Buffer.from(predictValues(b, holdX).buffer).equals(Buffer.from(predictValues(a, holdX).buffer))).toBe(true);
      a.dispose();
      b.dispose();
    } finally {
      first.dispose();
      second.dispose();
      third.dispose();
    }
  });
});

describe('tensor memory', () => {
  it('does not grow across repeated batch predictions', () => {
    const big = featuresOf(simulateHoldout(spec, SEED + 5, 20_000)); // three batches of 8192
    predictValues(model, big);
    const before = tf.memory();
    for (let r = 0; r < 5; r++) predictValues(model, big);
    evaluateValueModel(model, holdX, holdout.targets);
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
  });
});

describe('metrics', () => {
  it('ranks ties by their average rank; Spearman and R² on known cases', () => {
    expect(Array.from(ranks([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1]);
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 3], [5, 5, 5])).toBeNaN();
    expect(rSquared([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(rSquared([1, 2, 3], [2, 2, 2])).toBe(0);
  });
});
