/**
 * Task units: one (scenario variant, replication) each, self-contained and serialisable, so the same
 * task can run in-process, on a piscina worker thread, or later on another machine through a queue.
 * The scenario carries its seed and the simulator derives every stream from (seed, replication,
 * stream name), so a task's result depends on nothing but the task.
 */
import type { Scenario } from '../scenarios/schema.ts';
import { compileModel } from '../sim/model.ts';
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

/** Run one task. Pure: compiles the scenario itself (a compiled Model does not survive structured cloning). */
export function runTask(task: ReplicationTask): ReplicationResult {
  if (task.records) return runRecordedReplication(compileModel(task.scenario), task.replication, task.records);
  return runReplication(compileModel(task.scenario), task.replication);
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
