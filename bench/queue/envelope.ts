/**
 * What travels through the queue. A job is a task as data: the ccsim version that made it, the
 * version of this envelope's layout, and the ReplicationTask (a validated scenario and a replication
 * number) encoded exactly (typed arrays, NaN and -0 survive, unlike plain JSON). Never code: a
 * worker decodes JSON, checks the versions, validates the scenario against the schema and checks
 * that the content hashes to the job's id before running anything. A result goes back the same
 * way, with who ran it.
 *
 * The job id is the sweep's task id (sha256 of ccsim version, scenario and replication), so adding
 * the same task twice is a no-op, and a restarted submitter finds the jobs it added before.
 */
import { hostname } from 'node:os';
import { UnrecoverableError } from 'bullmq';
import { parseScenario, ScenarioError } from '../../scenarios/load.ts';
import type { ReplicationResult } from '../../sim/replication.ts';
import { decodeExact, encodeExact } from '../sweep/task-store.ts';
import { taskId } from '../task-id.ts';
import type { ReplicationTask } from '../tasks.ts';

/** Bump when the layout of TaskEnvelope or ResultEnvelope changes; workers refuse versions they do not know. */
export const TASK_SCHEMA_VERSION = 1;

/** The BullMQ queue: one per Redis database (`redis://host/N` keeps teams apart). */
export const QUEUE_NAME = 'tasks';
export const QUEUE_PREFIX = 'ccsim';

export interface TaskEnvelope {
  schema: number;
  ccsim: string;
  /** encodeExact(ReplicationTask) */
  task: string;
}

export interface WorkerIdentity {
  /** host:pid, also BullMQ's worker name (shown as `processedBy`). */
  name: string;
  host: string;
  pid: number;
  ccsim: string;
  node: string;
  /** The tfjs backend, once a task needed one (trained models differ slightly between backends). */
  tfjs: string | null;
  concurrency: number;
}

export interface ResultEnvelope {
  schema: number;
  worker: WorkerIdentity;
  /** Time in the worker thread, and the worker's own overhead around it (checks, encoding), in ms. */
  computeMs: number;
  overheadMs: number;
  /** encodeExact(ReplicationResult) */
  result: string;
}

export function jobIdOf(task: ReplicationTask, version: string): string {
  return `t${taskId(task, version)}`;
}

export function wrapTask(task: ReplicationTask, version: string): TaskEnvelope {
  if (task.records !== undefined) throw new Error('tasks that write records cannot go through the queue: records are written where the task runs');
  return { schema: TASK_SCHEMA_VERSION, ccsim: version, task: encodeExact(task) };
}

/**
 * The worker's checks, in order; each refusal is an UnrecoverableError (BullMQ fails the job at once,
 * no retry), because running it again anywhere with this version would refuse it again.
 */
export function acceptTask(jobId: string | undefined, data: unknown, version: string): ReplicationTask {
  const env = data as Partial<TaskEnvelope> | null;
  if (env === null || typeof env !== 'object') throw new UnrecoverableError('refused: not a ccsim task');
  if (env.schema !== TASK_SCHEMA_VERSION) {
    throw new UnrecoverableError(`refused: task schema version ${JSON.stringify(env.schema ?? null)} is unknown to this worker (it reads version ${TASK_SCHEMA_VERSION}); run workers of the submitter's ccsim version`);
  }
  if (env.ccsim !== version) {
    throw new UnrecoverableError(`refused: task from ccsim ${JSON.stringify(env.ccsim ?? null)}, this worker runs ccsim ${version}; every worker must run the submitter's version for identical results`);
  }
  if (typeof env.task !== 'string') throw new UnrecoverableError('refused: the task is missing');
  let task: ReplicationTask;
  try {
    task = decodeExact(env.task) as ReplicationTask;
  } catch (e) {
    throw new UnrecoverableError(`refused: the task is not valid JSON (${(e as Error).message})`);
  }
  if (task === null || typeof task !== 'object' || !Number.isInteger(task.replication) || task.replication < 0 || task.scenario === null || typeof task.scenario !== 'object') {
    throw new UnrecoverableError('refused: expected { scenario, replication } in the task');
  }
  if (task.records !== undefined) throw new UnrecoverableError('refused: tasks that write records cannot run on a queue worker');
  try {
    parseScenario(task.scenario, `task ${jobId ?? ''}`.trim());
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    throw new UnrecoverableError(`refused: not a valid scenario: ${e.message}`);
  }
  if (jobId !== undefined && jobIdOf(task, version) !== jobId) throw new UnrecoverableError('refused: the task does not match its id (altered in the queue?)');
  return task;
}

export function wrapResult(result: ReplicationResult, worker: WorkerIdentity, computeMs: number, overheadMs: number): ResultEnvelope {
  return { schema: TASK_SCHEMA_VERSION, worker, computeMs, overheadMs, result: encodeExact(result) };
}

export function readResult(value: unknown): { envelope: ResultEnvelope; result: ReplicationResult } {
  const env = value as ResultEnvelope | null;
  if (env === null || typeof env !== 'object' || env.schema !== TASK_SCHEMA_VERSION || typeof env.result !== 'string') {
    throw new Error(`a result of an unknown layout came back (schema ${JSON.stringify((env as { schema?: unknown } | null)?.schema ?? null)})`);
  }
  return { envelope: env, result: decodeExact(env.result) as ReplicationResult };
}

export function workerIdentity(version: string, concurrency: number, tfjs: string | null): WorkerIdentity {
  const host = hostname();
  return { name: `${host}:${process.pid}`, host, pid: process.pid, ccsim: version, node: process.version, tfjs, concurrency };
}
