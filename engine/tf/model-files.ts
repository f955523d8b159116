/**
 * Saving and loading tfjs models as a folder (model.json + weights.bin), the layout tfjs-node's
 * `file://` handler writes, with a small IO handler of our own so it works on every backend (the
 * pure-JS and wasm packages have no file system support). A model saved under one backend loads
 * under another unchanged. Writes go to a temporary folder renamed into place: never half-written.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

const MODEL_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';

/** An IO handler that saves into `dir`. */
export function dirSaveHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const parent = dirname(dir);
      mkdirSync(parent, { recursive: true });
      const tmp = `${dir}.${process.pid}.tmp`;
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp, { recursive: true });
      const weights = artifacts.weightData === undefined ? new Uint8Array(0) : new Uint8Array(concatWeights(artifacts.weightData));
      const manifest = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
        userDefinedMetadata: artifacts.userDefinedMetadata,
      };
      writeFileSync(join(tmp, MODEL_FILE), JSON.stringify(manifest));
      writeFileSync(join(tmp, WEIGHTS_FILE), weights);
      rmSync(dir, { recursive: true, force: true });
      renameSync(tmp, dir);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

/** An IO handler that loads the folder `dir` written by dirSaveHandler (or tfjs-node's file://). */
export function dirLoadHandler(dir: string): tf.io.IOHandler {
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const manifest = JSON.parse(readFileSync(join(dir, MODEL_FILE), 'utf8')) as {
        modelTopology: object;
        format?: string;
        generatedBy?: string;
        convertedBy?: string | null;
        weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
        userDefinedMetadata?: { [key: string]: {} };
      };
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Uint8Array[] = [];
      for (const group of manifest.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) buffers.push(readFileSync(join(dir, p)));
      }
      const total = buffers.reduce((s, b) => s + b.byteLength, 0);
      const all = new Uint8Array(total);
      let off = 0;
      for (const b of buffers) {
        all.set(b, off);
        off += b.byteLength;
      }
      return {
        modelTopology: manifest.modelTopology,
        format: manifest.format,
        generatedBy: manifest.generatedBy,
        convertedBy: manifest.convertedBy ?? undefined,
        weightSpecs: specs,
        weightData: all.buffer,
        userDefinedMetadata: manifest.userDefinedMetadata,
      };
    },
  };
}

export async function saveModel(model: tf.LayersModel, dir: string, metadata?: { [key: string]: {} }): Promise<void> {
  if (metadata) model.setUserDefinedMetadata(metadata);
  await model.save(dirSaveHandler(dir));
}

export async function loadModel(dir: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(dirLoadHandler(dir));
}

/** True when `dir` holds a saved model. */
export function hasModel(dir: string): boolean {
  return existsSync(join(dir, MODEL_FILE)) && existsSync(join(dir, WEIGHTS_FILE));
}

function concatWeights(data: ArrayBuffer | ArrayBuffer[]): ArrayBuffer {
  if (!Array.isArray(data)) return data;
  const total = data.reduce((s, b) => s + b.byteLength, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), off);
    off += b.byteLength;
  }
  return out.buffer;
}
