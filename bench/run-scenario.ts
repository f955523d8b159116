/**
 * Scenario → results: compile, run the replications, aggregate. A replication is a self-contained
 * task (scenario data + replication number), so the same unit can later run on a worker thread or
 * another machine and come back as plain data.
 */
import type { Scenario } from '../scenarios/schema.ts';
import { compileModel, makeCalendar } from '../sim/model.ts';
import { runReplication, type ReplicationResult } from '../sim/replication.ts';
import { buildResults, type ResultsDocument } from './results.ts';

export interface ReplicationTask {
  scenario: Scenario;
  replication: number;
}

export function runTask(task: ReplicationTask): ReplicationResult {
  return runReplication(compileModel(task.scenario), task.replication);
}

export interface RunProgress {
  (done: number, total: number): void;
}

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
