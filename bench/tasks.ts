/**
 * Task units: one (scenario variant, replication) each, self-contained and serialisable, so the same
 * task can run in-process, on a piscina worker thread, or later on another machine through a queue.
 * The scenario carries its seed and the simulator derives every stream from (seed, replication,
 * stream name), so a task's result depends on nothing but the task.
 */
import type { Scenario } from '../scenarios/schema.ts';
import { compileModel, type Model } from '../sim/model.ts';
import { prepareModel } from '../sim/prepare.ts';
import { runReplication, type ReplicationResult } from '../sim/replication.ts';
import type { RecordsTarget } from './records/layout.ts';
import { runRecordedReplication } from './records/run-recorded.ts';

export interface ReplicationTask {
  /** Validated plain data (structured-clone friendly). */
  scenario: Scenario;
  replication: number;
  /** Which variant of an experiment the task belongs to (a compare variant, a sweep point); not used to compute. */
  variant?: string;
  /** Write this replication's call and agent records there (`--records`; bench/records/). */
  records?: RecordsTarget;
}

/**
 * Run one task. Pure: compiles and prepares the scenario itself (a compiled Model does not survive
 * structured cloning). Preparing loads the decision models that need tfjs (value model, intent
 * model) from their on-disk caches, which the command filled before dispatching (warmModels), so a
 * worker never trains. Asynchronous only there: the replication itself runs without awaiting.
 * `model` lets an in-process caller reuse one compiled model for many tasks of the same scenario.
 */
export async function runTask(task: ReplicationTask, model?: Model): Promise<ReplicationResult> {
  const m = model ?? (await prepareModel(compileModel(task.scenario), { quiet: true }));
  if (task.records) return runRecordedReplication(m, task.replication, task.records);
  return runReplication(m, task.replication);
}

/**
 * Compile and prepare a scenario once in this thread, so the models that have to be trained are
 * trained (and cached on disk) before workers start loading them, and so an in-process runner can
 * reuse the result.
 */
export async function preparedModel(scenario: Scenario, quiet = false): Promise<Model> {
  return prepareModel(compileModel(scenario), { quiet });
}

/** Tasks for replications first .. first + count - 1 of one scenario, in replication order. */
export function replicationTasks(scenario: Scenario, first: number, count: number, variant?: string, records?: RecordsTarget): ReplicationTask[] {
  return Array.from({ length: count }, (_, i) => ({
    scenario,
    replication: first + i,
    ...(variant !== undefined ? { variant } : {}),
    ...(records !== undefined ? { records } : {}),
  }));
}
