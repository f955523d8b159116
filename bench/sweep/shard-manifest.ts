/**
 * What a shard leaves beside its task files: `shard.json`, naming the sweep (its spec hash), the
 * stage, which shard of how many, a digest of the whole stage's plan (every shard computes the same
 * plan from the same sweep file and ccsim version, so a mismatch means the shards do not belong
 * together) and the ids of the shard's own tasks, so `ccsim merge` can tell a missing or unfinished
 * shard from a complete one without running anything.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../../scenarios/load.ts';
import { UsageError } from '../commands/options.ts';
import { writeFileAtomic } from '../files.ts';
import { ccsimVersion } from '../provenance.ts';
import type { SweepPerf } from './outputs.ts';
import type { ShardOutcome } from './run-sweep.ts';
import type { LoadedSweep } from './spec.ts';

export const SHARD_FILE = 'shard.json';
export const SHARD_SCHEMA_VERSION = 1;

export interface ShardManifest {
  schemaVersion: number;
  ccsim: string;
  sweep: { name: string; file: string; specHash: string };
  stage: 'evaluate' | 'confirm';
  shard: { index: number; count: number };
  /** sha256 of the stage's task ids in plan order, and how many there are. */
  stagePlan: { tasks: number; digest: string };
  tasks: string[];
  perf: SweepPerf;
}

export function specHash(sweep: LoadedSweep): string {
  return sha(canonicalJson(sweep.spec));
}

export function shardDocument(s: ShardOutcome, perf: SweepPerf): ShardManifest {
  return {
    schemaVersion: SHARD_SCHEMA_VERSION,
    ccsim: ccsimVersion(),
    sweep: { name: s.sweep.name, file: s.sweep.file, specHash: specHash(s.sweep) },
    stage: s.stage,
    shard: s.shard,
    stagePlan: { tasks: s.stageTasks.length, digest: sha(s.stageTasks.join('\n')) },
    tasks: s.shardTasks,
    perf,
  };
}

/** Writes DIR/shard.json (after the tasks: a manifest present means the shard finished); returns its name. */
export function writeShardManifest(dir: string, s: ShardOutcome, perf: SweepPerf): string {
  writeFileAtomic(join(dir, SHARD_FILE), `${JSON.stringify(shardDocument(s, perf), null, 2)}\n`);
  return SHARD_FILE;
}

/** The manifest in DIR, or null when there is none (a shard that never finished, or not a shard folder). */
export function readShardManifest(dir: string): ShardManifest | null {
  const path = join(dir, SHARD_FILE);
  if (!existsSync(path)) return null;
  let doc: ShardManifest;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8')) as ShardManifest;
  } catch {
    throw new UsageError(`${path}: expected a shard manifest (JSON) written by ccsim sweep --shard, found unreadable JSON`);
  }
  if (doc?.schemaVersion !== SHARD_SCHEMA_VERSION || !Array.isArray(doc.tasks) || typeof doc.shard?.index !== 'number') {
    throw new UsageError(`${path}: expected a shard manifest of schema version ${SHARD_SCHEMA_VERSION}, found ${JSON.stringify((doc as { schemaVersion?: unknown } | null)?.schemaVersion ?? null)}`);
  }
  return doc;
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
