/**
 * The consuming side of queue mode (`ccsim worker`): a BullMQ worker that takes tasks from the queue
 * and runs each on a thread of its own piscina pool (one thread per unit of concurrency), so the main
 * thread stays free to renew the jobs' locks however long a task takes. A worker process that dies
 * (SIGKILL, a lost machine) stops renewing them; after the stall timeout another worker's stall check
 * puts its jobs back in the queue. Every refusal or failure of a task is final (UnrecoverableError):
 * tasks are pure, so running one again would fail again.
 */
import { Piscina } from 'piscina';
import { TSX_WORKER_ARGV } from '../worker-argv.ts';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Scenario } from '../../scenarios/schema.ts';
import { backendInUse } from '../../engine/tf/backend.ts';
import type { ReplicationResult } from '../../sim/replication.ts';
import { preparedModel, type ReplicationTask } from '../tasks.ts';
import { connectionOptions, type QueueAddress } from './address.ts';
import { acceptTask, QUEUE_NAME, QUEUE_PREFIX, workerIdentity, wrapResult, type ResultEnvelope, type TaskEnvelope, type WorkerIdentity } from './envelope.ts';

export interface ConsumerOptions {
  address: QueueAddress;
  version: string;
  concurrency: number;
  /** A job whose worker stopped renewing its lock for this long is given to another worker. */
  stallSeconds: number;
  /** One line per task started and finished (for operators and tests); failures are always logged. */
  verbose: boolean;
  log: (line: string) => void;
}

export interface Consumer {
  identity(): WorkerIdentity;
  readonly finished: number;
  /** Stops taking tasks, lets the running ones finish, and releases the threads. */
  close(): Promise<void>;
}

/** How many times a job may lose its worker before it is failed (a task that kills its worker every time). */
const MAX_STALLS = 2;
const WARMED_KEYS = 64;

export async function startConsumer(opts: ConsumerOptions): Promise<Consumer> {
  const pool = new Piscina<ReplicationTask, ReplicationResult>({
    filename: new URL('../worker.ts', import.meta.url).href,
    minThreads: opts.concurrency,
    maxThreads: opts.concurrency,
    execArgv: TSX_WORKER_ARGV,
    idleTimeout: Infinity,
  });
  let tfjs: string | null = null;
  const identity = () => workerIdentity(opts.version, opts.concurrency, tfjs);

  // Scenarios whose decision models are trained (value model, intent model) are prepared once in this
  // thread first, as the local pool does, so the threads load them from the disk cache instead of
  // each training its own.
  const warmed = new Map<string, Promise<unknown>>();
  const warm = async (scenario: Scenario) => {
    if (scenario.priority === undefined && scenario.assist === undefined) return;
    const key = JSON.stringify(scenario);
    let p = warmed.get(key);
    if (!p) {
      if (warmed.size >= WARMED_KEYS) warmed.delete(warmed.keys().next().value!);
      warmed.set(key, (p = preparedModel(scenario, true)));
    }
    await p;
    tfjs = backendInUse();
  };

  let finished = 0;
  const label = (task: ReplicationTask) => `${task.variant ?? task.scenario.name}, replication ${task.replication}`;
  const handle = async (job: Job<TaskEnvelope, ResultEnvelope>): Promise<ResultEnvelope> => {
    const t0 = performance.now();
    const task = acceptTask(job.id, job.data, opts.version);
    if (opts.verbose) opts.log(`start ${job.id} (${label(task)})`);
    let computeMs: number;
    let result: ReplicationResult;
    try {
      const t1 = performance.now();
      await warm(task.scenario);
      result = await pool.run(task);
      computeMs = performance.now() - t1;
    } catch (e) {
      throw new UnrecoverableError(`failed: ${(e as Error).message ?? String(e)}`);
    }
    const envelope = wrapResult(result, identity(), computeMs, 0);
    envelope.overheadMs = Math.round((performance.now() - t0 - computeMs) * 100) / 100;
    envelope.computeMs = Math.round(computeMs * 100) / 100;
    finished++;
    if (opts.verbose) opts.log(`done ${job.id} in ${Math.round(computeMs)} ms`);
    return envelope;
  };

  const worker = new Worker<TaskEnvelope, ResultEnvelope>(QUEUE_NAME, handle, {
    connection: connectionOptions(opts.address, `ccsim-worker-${identity().name}`),
    prefix: QUEUE_PREFIX,
    name: identity().name,
    concurrency: opts.concurrency,
    lockDuration: opts.stallSeconds * 1000,
    stalledInterval: opts.stallSeconds * 1000,
    maxStalledCount: MAX_STALLS,
    autorun: false,
  });
  worker.on('failed', (job, err) => opts.log(`failed ${job?.id ?? '?'}: ${err.message}`));
  let lastError = '';
  worker.on('error', (err) => {
    // ioredis retries a lost connection every few seconds: say so once, not at every attempt.
    if (err.message !== lastError) opts.log(`queue error: ${(lastError = err.message)}`);
  });
  void worker.run();
  await worker.waitUntilReady();

  return {
    identity,
    get finished() {
      return finished;
    },
    async close() {
      await worker.close();
      await pool.destroy();
    },
  };
}
