/**
 * `ccsim merge DIR... --out DIR`: put the shards of a sweep stage together (`ccsim sweep --shard
 * K/N`, run anywhere: Kubernetes indexed Jobs, Slurm arrays, CI matrices) and write the same outputs
 * as an unsharded run of that stage. Every shard 0..N-1 must be there and finished; a missing one is
 * named and nothing is written. After merging the evaluation, the confirmation runs from the merged
 * folder: `ccsim sweep SWEEP.yaml --stage confirm --out DIR`, itself shardable (copy the merged
 * folder to each confirmation shard, then merge those).
 */
import type { Command } from 'commander';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TaskRunner } from '../pool.ts';
import { OUTPUT_FILES, sweepDocument, writeSweepOutputs } from '../sweep/outputs.ts';
import { runSweep } from '../sweep/run-sweep.ts';
import { readShardManifest, specHash, type ShardManifest } from '../sweep/shard-manifest.ts';
import { loadSweep } from '../sweep/spec.ts';
import { bestSentence } from '../sweep/tables.ts';
import { UsageError } from './options.ts';

interface MergeOptions {
  out: string;
  sweep?: string;
  json?: boolean;
}

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('combine the shards of a sweep stage (ccsim sweep --shard K/N) into the outputs of an unsharded run')
    .argument('<dirs...>', 'the shards\' output folders (each with shard.json and tasks/)')
    .requiredOption('--out <dir>', 'folder for the merged tasks and outputs (then: ccsim sweep SWEEP --stage confirm --out DIR)')
    .option('--sweep <file>', 'the sweep file (default: the path recorded by the shards, relative to this folder)')
    .option('--json', 'print sweep.json on stdout and nothing else')
    .action(async (dirs: string[], opts: MergeOptions) => {
      const start = performance.now();
      const shards = checkShards(dirs);
      const first = shards[0].manifest;
      const sweep = loadSweep(opts.sweep ?? first.sweep.file);
      if (specHash(sweep) !== first.sweep.specHash) {
        throw new UsageError(`${sweep.file}: expected the sweep the shards ran (spec sha256 ${first.sweep.specHash.slice(0, 12)}…), found a different one (${specHash(sweep).slice(0, 12)}…); pass the right file with --sweep`);
      }
      const tasksDir = join(opts.out, 'tasks');
      const copied = copyTasks(shards.map((s) => join(s.dir, 'tasks')), tasksDir);
      const outcome = await runSweep(sweep, { stage: first.stage === 'confirm' ? 'all' : 'evaluate', tasksDir, runner: nothingToRun(dirs) });
      const perf = { wallSeconds: Math.round((performance.now() - start) / 10) / 100, workers: 0, tasks: outcome.tasks };
      writeSweepOutputs(opts.out, outcome, perf);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(sweepDocument(outcome, perf), null, 2)}\n`);
        return;
      }
      const next = first.stage === 'evaluate' ? `; next: ccsim sweep ${sweep.file} --stage confirm --out ${opts.out} (or sharded, --shard K/N)` : '';
      process.stdout.write(
        `${bestSentence(outcome)}\n\nmerged ${first.shard.count} shard${first.shard.count === 1 ? '' : 's'} of the ${first.stage} stage (${copied} task files) into ${opts.out}/ ` +
          `(${OUTPUT_FILES.filter((f) => f !== 'best.yaml' || outcome.best !== null).join(', ')})${next}\n`,
      );
    });
}

interface GivenShard {
  dir: string;
  manifest: ShardManifest;
}

/** Every shard of one plan, each finished; otherwise one line naming what is missing. */
export function checkShards(dirs: string[]): GivenShard[] {
  const given: GivenShard[] = [];
  const unfinished: string[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) throw new UsageError(`${dir}: expected a shard's output folder, found nothing`);
    const manifest = readShardManifest(dir);
    if (manifest === null) unfinished.push(dir);
    else given.push({ dir, manifest });
  }
  if (given.length === 0) throw new UsageError(`merge: expected folders written by ccsim sweep --shard K/N, found no shard.json in ${dirs.join(', ')}`);
  const ref = given[0];
  const id = (s: GivenShard) => `shard ${s.manifest.shard.index}/${s.manifest.shard.count} (${s.dir})`;
  for (const s of given.slice(1)) {
    const m = s.manifest;
    const why =
      m.sweep.specHash !== ref.manifest.sweep.specHash ? `sweep ${m.sweep.name} (${m.sweep.file}) differs from ${ref.manifest.sweep.name} (${ref.manifest.sweep.file})`
      : m.stage !== ref.manifest.stage ? `stage ${m.stage} differs from ${ref.manifest.stage}`
      : m.shard.count !== ref.manifest.shard.count ? `${m.shard.count} shards differ from ${ref.manifest.shard.count}`
      : m.ccsim !== ref.manifest.ccsim ? `ccsim ${m.ccsim} differs from ${ref.manifest.ccsim}`
      : m.stagePlan.digest !== ref.manifest.stagePlan.digest ? 'its plan of the stage differs (another evaluation before this confirmation?)'
      : null;
    if (why) throw new UsageError(`merge: ${id(s)} does not belong with ${id(ref)}: ${why}`);
  }
  const count = ref.manifest.shard.count;
  const present = new Set(given.map((s) => s.manifest.shard.index));
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !present.has(i));
  if (missing.length > 0) {
    const also = unfinished.length > 0 ? `; ${unfinished.join(', ')} ha${unfinished.length === 1 ? 's' : 've'} no shard.json (unfinished?)` : '';
    throw new UsageError(
      `merge: shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')} of the ${ref.manifest.stage} stage ${missing.length === 1 ? 'is' : 'are'} missing ` +
        `(given: ${[...present].sort((a, b) => a - b).map((i) => `${i}/${count}`).join(', ')})${also}; run ccsim sweep ${ref.manifest.sweep.file} --shard ${missing.length === 1 ? missing[0] : 'K'}/${count}${ref.manifest.stage === 'confirm' ? ' --stage confirm' : ''} for ${missing.length === 1 ? 'it' : 'each'}`,
    );
  }
  if (unfinished.length > 0) throw new UsageError(`merge: ${unfinished.join(', ')}: expected a shard's output folder with shard.json, found none (unfinished shard?)`);
  for (const s of given) {
    const tasks = join(s.dir, 'tasks');
    const have = existsSync(tasks) ? new Set(readdirSync(tasks)) : new Set<string>();
    const lacking = s.manifest.tasks.filter((t) => !have.has(`${t}.json`)).length;
    if (lacking > 0) throw new UsageError(`merge: ${id(s)}: expected its ${s.manifest.tasks.length} task files in ${tasks}, found ${lacking} missing`);
  }
  return given;
}

/** Copies every finished task file (the same id always holds the same result) into `to`; returns how many. */
function copyTasks(from: string[], to: string): number {
  mkdirSync(to, { recursive: true });
  const seen = new Set<string>();
  const target = resolve(to);
  for (const dir of from) {
    if (!existsSync(dir) || resolve(dir) === target) {
      if (existsSync(dir)) for (const f of readdirSync(dir)) if (f.endsWith('.json')) seen.add(f);
      continue;
    }
    for (const f of readdirSync(dir)) {
      if (!f.endsWith('.json') || seen.has(f)) continue;
      seen.add(f);
      if (existsSync(join(to, f))) continue;
      // Temporary name then rename, as the task store writes: a merge killed midway leaves only whole files.
      const tmp = join(to, `.tmp-${f}-${process.pid}`);
      copyFileSync(join(dir, f), tmp);
      renameSync(tmp, join(to, f));
    }
  }
  return seen.size;
}

/** Merging runs nothing: a task the shards did not deliver is a mistake in what was given. */
function nothingToRun(dirs: string[]): TaskRunner {
  return {
    workers: 0,
    async run(tasks) {
      if (tasks.length === 0) return [];
      throw new UsageError(`merge: ${tasks.length} task(s) the merged stage needs are in none of ${dirs.join(', ')} (for a confirmation, each shard's folder must hold the merged evaluation)`);
    },
    async close() {},
  };
}
