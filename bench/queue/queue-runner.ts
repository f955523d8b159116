/**
 * The submitting side of queue mode: a TaskRunner whose tasks run on `ccsim worker` processes
 * anywhere, through a BullMQ queue on Redis. The sweep code does not know the difference: results
 * come back in task order, and onResult (which checkpoints them) is called as each arrives.
 *
 * Recovery is by construction: a job's id is its task id, so adding a task again is a no-op; a
 * restarted submitter re-adds what is not in its checkpoint, and finds the jobs that finished while
 * it was away (kept in Redis until it has checkpointed them, then removed). Results arrive through
 * BullMQ's event stream, read from the moment this runner opened; every few seconds the state of
 * the outstanding jobs is also read directly, which covers events trimmed from the stream and jobs
 * lost by a Redis restart (added again). A job that failed is reported once, here, and then removed,
 * so running the sweep again tries it again.
 */
import { Job, Queue, QueueEvents } from 'bullmq';
import type { ReplicationResult } from '../../sim/replication.ts';
import type { TaskRunner } from '../pool.ts';
import type { Progress } from '../progress.ts';
import type { ReplicationTask } from '../tasks.ts';
import { checkQueueReachable, connectionOptions, type QueueAddress } from './address.ts';
import { jobIdOf, QUEUE_NAME, QUEUE_PREFIX, readResult, wrapTask, type WorkerIdentity } from './envelope.ts';
import { QueueStatus, type WorkerLine } from './status.ts';

export interface QueueRunnerOptions {
  address: QueueAddress;
  version: string;
  /** Draw the status (done, running, failed, throughput per worker) on stderr; only on a terminal. */
  status?: boolean;
  /** How often the outstanding jobs' states are read directly (ms). */
  reconcileMs?: number;
}

export interface TaskFailure {
  task: string;
  reason: string;
}

/** Tasks that failed on the workers; the others of the batch finished (and were checkpointed) first. */
export class TaskFailures extends Error {
  constructor(readonly failures: TaskFailure[]) {
    super(`${failures.length} task${failures.length === 1 ? '' : 's'} failed on the queue's workers: ${failures.map((f) => `${f.task}: ${f.reason}`).join('; ')}`);
    this.name = 'TaskFailures';
  }
}

export interface QueuePerf {
  url: string;
  /** The worker processes that ran this submission's tasks (provenance: version, Node, tfjs backend). */
  workers: (WorkerIdentity & { tasks: number; computeSeconds: number })[];
  /** Median over the tasks of the workers' own time around a task (checks, encoding), ms. */
  workerOverheadMs: number | null;
}

interface Batch {
  tasks: readonly ReplicationTask[];
  indices: Map<string, number[]>;
  results: ReplicationResult[];
  remaining: number;
  failures: TaskFailure[];
  onResult?: (index: number, result: ReplicationResult) => void;
  resolve: (results: ReplicationResult[]) => void;
  reject: (error: unknown) => void;
}

const ADD_CHUNK = 500;

export interface QueueRunner extends TaskRunner {
  /** The sweep's progress hook: names the stage shown in the status line. */
  stage(label: string, total: number): Progress;
  perf(): QueuePerf;
}

export async function openQueueRunner(opts: QueueRunnerOptions): Promise<QueueRunner> {
  // The server's clock, not ours: only events after this moment are read back.
  const { timeMs } = await checkQueueReachable(opts.address);
  const connection = connectionOptions(opts.address, 'ccsim-submit');
  const queue = new Queue(QUEUE_NAME, {
    connection,
    prefix: QUEUE_PREFIX,
    // Results ride on the completion events too; a shorter stream bounds Redis memory for big sweeps.
    streams: { events: { maxLen: 2000 } },
    defaultJobOptions: { attempts: 2, removeOnComplete: false, removeOnFail: false },
  });
  queue.on('error', () => {}); // connection trouble: ioredis reconnects; the jobs stay in Redis
  const since = `${timeMs}-0`;
  const events = new QueueEvents(QUEUE_NAME, { connection: { ...connection, connectionName: 'ccsim-events' }, prefix: QUEUE_PREFIX, lastEventId: since });
  events.on('error', () => {});
  await events.waitUntilReady();

  const waiting = new Map<string, Set<Batch>>();
  const running = new Set<string>();
  const workers = new Map<string, { identity: WorkerIdentity; tasks: number; computeMs: number }>();
  const overheads: number[] = [];
  const startedAt = performance.now();
  const shown = { label: 'tasks', total: 0, done: 0, failed: 0 };
  const status = opts.status && process.stderr.isTTY ? new QueueStatus(process.stderr, opts.address.display) : null;
  let closed = false;

  const workerLines = (): WorkerLine[] => {
    const seconds = (performance.now() - startedAt) / 1000;
    return [...workers.values()].map((w) => ({ name: w.identity.name, tasks: w.tasks, perSecond: seconds > 0 ? w.tasks / seconds : 0 }));
  };
  const redraw = () => status?.update({ ...shown, running: running.size, workers: workerLines() });

  const settle = (id: string, outcome: { result: ReplicationResult } | { failure: string }) => {
    const batches = waiting.get(id);
    if (!batches) return false;
    waiting.delete(id);
    running.delete(id);
    for (const b of batches) {
      const indices = b.indices.get(id)!;
      try {
        for (const i of indices) {
          if ('result' in outcome) {
            b.results[i] = outcome.result;
            b.onResult?.(i, outcome.result);
          } else b.failures.push({ task: taskLabel(b.tasks[i]), reason: outcome.failure });
        }
      } catch (e) {
        b.reject(e);
      }
      if ('result' in outcome) shown.done += indices.length;
      else shown.failed += indices.length;
      if (--b.remaining === 0) {
        if (b.failures.length > 0) b.reject(new TaskFailures(b.failures));
        else b.resolve(b.results);
      }
    }
    redraw();
    return true;
  };

  const completed = (id: string, value: unknown) => {
    if (!waiting.has(id)) return;
    let read;
    try {
      read = readResult(value);
    } catch (e) {
      failed(id, (e as Error).message);
      return;
    }
    const w = workers.get(read.envelope.worker.name) ?? { identity: read.envelope.worker, tasks: 0, computeMs: 0 };
    w.tasks++;
    w.computeMs += read.envelope.computeMs;
    workers.set(w.identity.name, w);
    overheads.push(read.envelope.overheadMs);
    // Checkpointed (onResult) before the job leaves Redis: a kill in between only leaves a job to find again.
    if (settle(id, { result: read.result })) void queue.remove(id).catch(() => {});
  };

  const failed = (id: string, reason: string) => {
    if (settle(id, { failure: reason })) void queue.remove(id).catch(() => {});
  };

  events.on('completed', ({ jobId, returnvalue }) => completed(jobId, returnvalue));
  events.on('failed', ({ jobId }) => {
    // Also emitted for an attempt that will be retried: only a job that stays failed is final.
    if (waiting.has(jobId)) void settleFromRedis([jobId]);
  });
  events.on('active', ({ jobId }) => {
    if (waiting.has(jobId)) running.add(jobId);
  });
  const notRunning = ({ jobId }: { jobId: string }) => running.delete(jobId);
  events.on('stalled', notRunning);
  events.on('waiting', notRunning);

  /** Reads the jobs' states directly: finished ones are settled, vanished ones added again. */
  const settleFromRedis = async (ids: string[]) => {
    const lost: string[] = [];
    for (let k = 0; k < ids.length; k += ADD_CHUNK) {
      const chunk = ids.slice(k, k + ADD_CHUNK).filter((id) => waiting.has(id));
      const states = await Promise.all(chunk.map((id) => queue.getJobState(id)));
      await Promise.all(
        chunk.map(async (id, j) => {
          const state = states[j];
          if (state === 'active') running.add(id);
          if (state === 'unknown') lost.push(id);
          if (state !== 'completed' && state !== 'failed') return;
          const job = await Job.fromId(queue, id);
          if (!job) return;
          if (state === 'completed') completed(id, job.returnvalue);
          else failed(id, job.failedReason || 'failed');
        }),
      );
    }
    if (lost.length > 0) await add(lost);
  };

  const add = async (ids: string[]) => {
    for (let k = 0; k < ids.length; k += ADD_CHUNK) {
      const jobs = ids.slice(k, k + ADD_CHUNK).flatMap((id) => {
        const batch = waiting.get(id)?.values().next().value;
        if (!batch) return [];
        const task = batch.tasks[batch.indices.get(id)![0]];
        return [{ name: 'task', data: wrapTask(task, opts.version), opts: { jobId: id } }];
      });
      if (jobs.length > 0) await queue.addBulk(jobs);
    }
  };

  const reconcile = setInterval(() => {
    if (waiting.size > 0) void settleFromRedis([...waiting.keys()]).catch(() => {});
  }, opts.reconcileMs ?? 5000);
  reconcile.unref();

  return {
    get workers() {
      return workers.size;
    },
    stage(label, total) {
      Object.assign(shown, { label, total, done: 0, failed: 0 });
      redraw();
      return { update: () => {}, stop: () => {} };
    },
    perf() {
      const sorted = [...overheads].sort((a, b) => a - b);
      return {
        url: opts.address.display,
        workers: [...workers.values()].map((w) => ({ ...w.identity, tasks: w.tasks, computeSeconds: Math.round(w.computeMs) / 1000 })),
        workerOverheadMs: sorted.length > 0 ? Math.round(sorted[Math.floor(sorted.length / 2)] * 100) / 100 : null,
      };
    },
    async run(tasks, onResult) {
      if (closed) throw new Error('queue runner is closed');
      if (tasks.length === 0) return [];
      const ids = tasks.map((t) => jobIdOf(t, opts.version));
      const indices = new Map<string, number[]>();
      ids.forEach((id, i) => indices.set(id, [...(indices.get(id) ?? []), i]));
      const promise = new Promise<ReplicationResult[]>((resolve, reject) => {
        const batch: Batch = { tasks, indices, results: new Array(tasks.length), remaining: indices.size, failures: [], onResult, resolve, reject };
        for (const id of indices.keys()) {
          const set = waiting.get(id) ?? new Set();
          set.add(batch);
          waiting.set(id, set);
        }
      });
      const unique = [...indices.keys()];
      await add(unique);
      // Jobs that finished before (a restarted submitter) produce no new events: read them now.
      await settleFromRedis(unique);
      redraw();
      return promise;
    },
    async close() {
      closed = true;
      clearInterval(reconcile);
      status?.stop();
      await events.close();
      await queue.close();
    },
  };
}

function taskLabel(task: ReplicationTask): string {
  return `${task.variant ?? task.scenario.name}, replication ${task.replication}`;
}
