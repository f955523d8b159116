/**
 * A task's identity for checkpoints: sha256 of the ccsim version, the scenario and the replication
 * number. The scenario's replication count is left out (it does not change what one replication
 * computes, so raising it reuses the replications already run); the variant label too (a name, not
 * an input). Any change to the scenario (its base file, an override) gives a new id, so stale
 * results are never reused. Kept apart from tasks.ts so worker threads need not load the scenario loader.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../scenarios/load.ts';
import type { ReplicationTask } from './tasks.ts';

export function taskId(task: ReplicationTask, ccsimVersion: string): string {
  const { replications: _count, ...scenario } = task.scenario;
  return createHash('sha256').update(canonicalJson({ ccsim: ccsimVersion, scenario, replication: task.replication })).digest('hex');
}
