/**
 * The piscina worker body: a task in, a replication result out. A task's result never depends on
 * what ran before it in the worker: the only thing kept between tasks is the last compiled and
 * prepared model, keyed by the task's whole scenario (as JSON), because compiling a population and
 * loading tfjs models costs far more than a short replication. A Model is read-only while
 * replications run (the in-process runner reuses one the same way, and the worker-count test holds
 * both to the same bytes).
 */
import type { Model } from '../sim/model.ts';
import type { ReplicationResult } from '../sim/replication.ts';
import { preparedModel, runTask, type ReplicationTask } from './tasks.ts';

let last: { key: string; model: Promise<Model> } | null = null;

export default async function runWorkerTask(task: ReplicationTask): Promise<ReplicationResult> {
  const key = JSON.stringify(task.scenario);
  if (last === null || last.key !== key) last = { key, model: preparedModel(task.scenario, true) };
  return runTask(task, await last.model);
}
