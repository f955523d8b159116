/**
 * Running a sweep in two stages over a checkpoint directory. Evaluation: every valid point on
 * replications 0..R-1. Confirmation: the top K feasible points re-run on R2 fresh replications
 * (R..R+R2-1), ranked on those alone, so the point called best is not just the luckiest of many
 * (the winner's curse). Each finished task is checkpointed before anything else happens, and every
 * output is computed from task results in a fixed order, so a sweep killed at any moment and started
 * again ends with the same outputs, and no finished task runs twice.
 */
import { formatPath, loadScenario, ScenarioError } from '../../scenarios/load.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { summarizeValues, type KpiSummary } from '../../sim/metrics/aggregate.ts';
import type { ReplicationResult } from '../../sim/replication.ts';
import { UsageError } from '../commands/options.ts';
import { ConfigFileError, lineInFile } from '../config-file.ts';
import type { TaskRunner } from '../pool.ts';
import type { Progress } from '../progress.ts';
import { ccsimVersion } from '../provenance.ts';
import { taskId } from '../task-id.ts';
import type { ReplicationTask } from '../tasks.ts';
import { designPoints, pointOverrides, toParameter, type Point } from './design.ts';
import { judge, rankFeasible, type Judgement } from './ranking.ts';
import type { LoadedSweep } from './spec.ts';
import { TaskStore } from './task-store.ts';

export type Stage = 'evaluate' | 'confirm' | 'all';

export interface SweepPoint {
  index: number;
  parameters: Point;
  /** The base scenario with the point's overrides (replications = the evaluation's); null when invalid. */
  scenario: Scenario | null;
  scenarioHash: string | null;
  error: string | null;
}

export interface StageOutcome {
  /** First and last replication number. */
  replications: [number, number];
  kpis: Record<string, KpiSummary>;
  judgement: Judgement;
  /** 1-based rank among this stage's feasible points; null when not feasible. */
  rank: number | null;
}

export interface SweepOutcome {
  sweep: LoadedSweep;
  base: { path: string; name: string; hash: string };
  points: SweepPoint[];
  evaluation: (StageOutcome | null)[];
  /** Null until the confirmation stage has run; then one entry per point (null for points not confirmed). */
  confirmation: (StageOutcome | null)[] | null;
  /** Index of the best point: the confirmation's first, or null (no feasible point, or not confirmed yet). */
  best: number | null;
  tasks: { total: number; run: number; reused: number };
}

export interface SweepOptions {
  stage: Stage;
  /** Checkpoint directory for finished tasks. */
  tasksDir: string;
  runner: TaskRunner;
  progress?: (label: string, total: number) => Progress | null;
}

/** Shard K of N (K from 0, as Kubernetes indexed Jobs count): every N-th task of a stage's plan. */
export interface Shard {
  index: number;
  count: number;
}

export interface ShardOutcome {
  sweep: LoadedSweep;
  stage: 'evaluate' | 'confirm';
  shard: Shard;
  /** The stage's task ids in plan order (the same for every shard), and this shard's. */
  stageTasks: string[];
  shardTasks: string[];
  tasks: { total: number; run: number; reused: number };
}

interface PlannedTask {
  id: string;
  point: number;
  task: ReplicationTask;
}

export function resolvePoints(sweep: LoadedSweep): { points: SweepPoint[]; base: SweepOutcome['base'] } {
  const base = loadScenario(sweep.basePath);
  let design: Point[];
  try {
    design = designPoints(Object.entries(sweep.spec.parameters).map(([path, spec]) => toParameter(path, spec)), sweep.spec.design);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new ConfigFileError({ file: sweep.file, path: 'design', expected: 'a design of at most 100,000 points', found: e.message });
  }
  const points = design.map((parameters, index): SweepPoint => {
    try {
      const loaded = loadScenario(sweep.basePath, { set: pointOverrides(parameters), replications: sweep.spec.replications });
      return { index, parameters, scenario: loaded.scenario, scenarioHash: loaded.hash, error: null };
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      return { index, parameters, scenario: null, scenarioHash: null, error: e.message };
    }
  });
  if (!points.some((p) => p.scenario)) {
    throw new ConfigFileError({ file: sweep.file, path: 'parameters', expected: 'at least one point that makes a valid scenario', found: `none; the first: ${points[0].error}` });
  }
  return { points, base: { path: sweep.basePath, name: base.scenario.name, hash: base.hash } };
}

/** The stages' building blocks over one checkpoint directory, shared by whole and sharded runs. */
function openSweep(sweep: LoadedSweep, opts: SweepOptions) {
  const { points, base } = resolvePoints(sweep);
  const store = new TaskStore<ReplicationResult>(opts.tasksDir);
  const version = ccsimVersion();
  const tally = { total: 0, run: 0, reused: 0 };
  const spec = sweep.spec;
  const R = spec.replications;

  const plan = (indices: readonly number[], first: number, count: number): PlannedTask[] =>
    indices.flatMap((i) =>
      Array.from({ length: count }, (_, k) => {
        const task: ReplicationTask = { scenario: points[i].scenario!, replication: first + k, variant: `point ${i}` };
        return { id: taskId(task, version), point: i, task };
      }),
    );

  /** Run the tasks not yet checkpointed, checkpointing each as it finishes; return every task's KPIs. */
  const execute = async (tasks: PlannedTask[], label: string, checkNames?: (kpis: string[]) => void): Promise<Map<string, Record<string, number | null>>> => {
    const kpis = new Map<string, Record<string, number | null>>();
    const unique = [...new Map(tasks.map((t) => [t.id, t])).values()];
    let missing = unique.filter((t) => !store.has(t.id));
    tally.total += unique.length;
    tally.reused += unique.length - missing.length;
    const bar = missing.length > 0 ? (opts.progress?.(label, missing.length) ?? null) : null;
    let done = 0;
    const runBatch = async (batch: PlannedTask[]) => {
      await opts.runner.run(batch.map((t) => t.task), (i, result) => {
        const t = batch[i];
        store.write({ id: t.id, about: { sweep: sweep.name, point: t.point, parameters: points[t.point].parameters, replication: t.task.replication }, result });
        kpis.set(t.id, result.kpis);
        tally.run++;
        bar?.update(++done);
      });
    };
    try {
      if (checkNames) {
        // A misspelt KPI name should fail after at most one task, not after the whole stage.
        const stored = unique.find((t) => store.has(t.id));
        if (stored) checkNames(Object.keys(store.read(stored.id).result.kpis));
        else if (missing.length > 0) {
          await runBatch(missing.slice(0, 1));
          checkNames(Object.keys(kpis.get(missing[0].id)!));
          missing = missing.slice(1);
        }
      }
      await runBatch(missing);
    } finally {
      bar?.stop();
    }
    for (const t of unique) if (!kpis.has(t.id)) kpis.set(t.id, store.read(t.id).result.kpis);
    return kpis;
  };

  const summarize = (tasks: PlannedTask[], kpisById: Map<string, Record<string, number | null>>, indices: readonly number[], first: number, count: number) => {
    const byPoint = new Map<number, Record<string, number | null>[]>();
    for (const t of tasks) {
      const list = byPoint.get(t.point) ?? [];
      list[t.task.replication - first] = kpisById.get(t.id)!;
      byPoint.set(t.point, list);
    }
    const outcomes: (StageOutcome | null)[] = points.map(() => null);
    for (const i of indices) outcomes[i] = stageOutcome(byPoint.get(i)!, spec, [first, first + count - 1]);
    rankFeasible(outcomes.map((o) => o?.judgement ?? null), spec.objective.direction).forEach((i, r) => (outcomes[i]!.rank = r + 1));
    return outcomes;
  };

  const valid = points.filter((p) => p.scenario).map((p) => p.index);
  const evalTasks = plan(valid, 0, R);
  const requireEvaluation = () => {
    const missing = new Set(evalTasks.filter((t) => !store.has(t.id)).map((t) => t.id)).size;
    if (missing > 0) {
      throw new UsageError(`--stage confirm: ${missing} evaluation task(s) are not in ${opts.tasksDir}; run --stage evaluate first (or merge the shards there: ccsim merge)`);
    }
  };
  const R2 = sweep.confirmReplications;
  const topOf = (evaluation: (StageOutcome | null)[]) => rankFeasible(evaluation.map((o) => o?.judgement ?? null), spec.objective.direction).slice(0, spec.confirm.top);
  const checkNames = (names: string[]) => checkKpiNames(sweep, names);
  return { points, base, store, tally, plan, execute, summarize, valid, evalTasks, requireEvaluation, R, R2, topOf, checkNames };
}

export async function runSweep(sweep: LoadedSweep, opts: SweepOptions): Promise<SweepOutcome> {
  const { points, base, tally, plan, execute, summarize, valid, evalTasks, requireEvaluation, R, R2, topOf, checkNames } = openSweep(sweep, opts);

  // Evaluation.
  if (opts.stage === 'confirm') requireEvaluation();
  const evalKpis = await execute(evalTasks, 'evaluate', checkNames);
  const evaluation = summarize(evalTasks, evalKpis, valid, 0, R);
  const outcome: SweepOutcome = { sweep, base, points, evaluation, confirmation: null, best: null, tasks: tally };
  if (opts.stage === 'evaluate') return outcome;

  // Confirmation on fresh replication numbers.
  const top = topOf(evaluation);
  const confirmTasks = plan(top, R, R2);
  const confirmKpis = await execute(confirmTasks, 'confirm');
  outcome.confirmation = summarize(confirmTasks, confirmKpis, top, R, R2);
  const winner = outcome.confirmation.findIndex((o) => o?.rank === 1);
  outcome.best = winner >= 0 ? winner : null;
  return outcome;
}

/**
 * Runs one shard of a stage (`--stage confirm`: of the confirmation, which needs the whole
 * evaluation in the checkpoint; otherwise of the evaluation) and nothing else: shards are merged
 * (their task files copied together) before anything is ranked. Shard k takes the stage's unique
 * tasks at positions k, k + N, k + 2N, ... of the plan, so shards are balanced and every shard
 * computes the same partition from the same sweep file.
 */
export async function runSweepShard(sweep: LoadedSweep, opts: SweepOptions & { shard: Shard }): Promise<ShardOutcome> {
  const { store, tally, plan, execute, summarize, valid, evalTasks, requireEvaluation, R, R2, topOf, checkNames } = openSweep(sweep, opts);
  const stage = opts.stage === 'confirm' ? 'confirm' : 'evaluate';
  let tasks = evalTasks;
  if (stage === 'confirm') {
    requireEvaluation();
    const kpis = new Map(evalTasks.map((t) => [t.id, store.read(t.id).result.kpis] as const));
    const top = topOf(summarize(evalTasks, kpis, valid, 0, R));
    tasks = plan(top, R, R2);
  }
  const unique = [...new Map(tasks.map((t) => [t.id, t])).values()];
  const mine = unique.filter((_, i) => i % opts.shard.count === opts.shard.index);
  await execute(mine, stage, stage === 'evaluate' ? checkNames : undefined);
  return { sweep, stage, shard: opts.shard, stageTasks: unique.map((t) => t.id), shardTasks: mine.map((t) => t.id), tasks: tally };
}

function stageOutcome(reps: Record<string, number | null>[], spec: LoadedSweep['spec'], replications: [number, number]): StageOutcome {
  const names: string[] = [];
  for (const r of reps) for (const k of Object.keys(r)) if (!names.includes(k)) names.push(k);
  const kpis: Record<string, KpiSummary> = {};
  for (const name of names) kpis[name] = summarizeValues(reps.map((r) => r[name] ?? null));
  return { replications, kpis, judgement: judge(kpis, spec.objective, spec.constraints), rank: null };
}

function checkKpiNames(sweep: LoadedSweep, known: string[]): void {
  const used: [(string | number)[], string][] = [[['objective', 'kpi'], sweep.spec.objective.kpi], ...sweep.spec.constraints.map((c, i): [(string | number)[], string] => [['constraints', i, 'kpi'], c.kpi])];
  for (const [path, name] of used) {
    if (known.includes(name)) continue;
    throw new ConfigFileError({ file: sweep.file, line: lineInFile(sweep.file, path), path: formatPath(path), expected: `a KPI of the results (${known.join(', ')})`, found: JSON.stringify(name) });
  }
}
