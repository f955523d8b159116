/**
 * Scenario → results: compile, run the replications, aggregate. Each replication is a task
 * (bench/tasks.ts) that can run in this thread or on a worker; results are combined in replication
 * order, so the document does not depend on where or in which order the tasks ran.
 */
import type { Scenario } from '../scenarios/schema.ts';
import { compileModel, makeCalendar } from '../sim/model.ts';
import { runReplication, type ReplicationResult } from '../sim/replication.ts';
import type { TaskRunner } from './pool.ts';
import type { RecordsTarget } from './records/layout.ts';
import { buildResults, type ResultsDocument } from './results.ts';
import { replicationTasks } from './tasks.ts';

export { runTask, type ReplicationTask } from './tasks.ts';

export interface RunProgress {
  (done: number, total: number): void;
}

/**
 * In this thread, replication after replication, synchronously: only for scenarios without
 * decision models that need tfjs (no `priority`, no `assist`; the center refuses to start
 * otherwise). Commands go through runScenarioOn, which prepares them.
 */
export function runScenario(scenario: Scenario, scenarioHash: string, onProgress?: RunProgress): ResultsDocument {
  const model = compileModel(scenario);
  const start = performance.now();
  const reps: ReplicationResult[] = [];
  for (let r = 0; r < model.replications; r++) {
    reps.push(runReplication(model, r));
    onProgress?.(r + 1, model.replications);
  }
  const wall = (performance.now() - start) / 1000;
  return buildResults(model, reps, makeCalendar(model), scenarioHash, wall);
}

/** Through a task runner (in-process or worker threads); the same document as runScenario apart from `perf`. */
export async function runScenarioOn(runner: TaskRunner, scenario: Scenario, scenarioHash: string, onProgress?: RunProgress, records?: RecordsTarget): Promise<ResultsDocument> {
  const start = performance.now();
  const tasks = replicationTasks(scenario, 0, scenario.replications, undefined, records);
  let done = 0;
  const reps = await runner.run(tasks, () => onProgress?.(++done, tasks.length));
  return resultsOf(scenario, scenarioHash, reps, (performance.now() - start) / 1000);
}

/** The results document of replications already run (in replication order); `wallSeconds` goes to `perf` only. */
export function resultsOf(scenario: Scenario, scenarioHash: string, reps: readonly ReplicationResult[], wallSeconds: number): ResultsDocument {
  const model = compileModel(scenario);
  return buildResults(model, reps, makeCalendar(model), scenarioHash, wallSeconds);
}
