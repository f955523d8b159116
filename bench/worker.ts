/**
 * The piscina worker body: a task in, a replication result out. No module state, so a worker can
 * serve any mix of scenarios in any order and a task's result never depends on what ran before it.
 */
import { runTask, type ReplicationTask } from './tasks.ts';
import type { ReplicationResult } from '../sim/replication.ts';

export default function runWorkerTask(task: ReplicationTask): ReplicationResult {
  return runTask(task);
}
