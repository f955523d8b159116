/**
 * Where tasks run: in this thread (one worker) or on a piscina pool of worker threads, behind one
 * interface. A command opens one runner, sends every batch through it and closes it at the end, so
 * worker threads start once. Results come back in task order whatever order they finished in, which
 * is what keeps the output independent of the worker count.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { TSX_WORKER_ARGV } from './worker-argv.ts';
import type { Scenario } from '../scenarios/schema.ts';
import type { Model } from '../sim/model.ts';
import type { ReplicationResult } from '../sim/replication.ts';
import { preparedModel, runTask, type ReplicationTask } from './tasks.ts';

export interface TaskRunner {
  readonly workers: number;
  /**
   * Run the tasks; resolve with their results in task order. `onResult` is called as each finishes
   * (in completion order) with the task's index, e.g. to checkpoint or move a progress bar.
   */
  run(tasks: readonly ReplicationTask[], onResult?: (index: number, result: ReplicationResult) => void): Promise<ReplicationResult[]>;
  close(): Promise<void>;
}

/** One worker per core. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

export function createTaskRunner(workers: number): TaskRunner {
  return workers <= 1 ? inProcessRunner() : piscinaRunner(workers);
}

/** Sequential, in this thread; yields to the event loop between tasks so progress and signals are handled. */
function inProcessRunner(): TaskRunner {
  // Tasks of one batch usually share a scenario object: compile and prepare it once. Keyed by
  // identity and owned by this runner, so nothing outlives the command.
  const models = new WeakMap<Scenario, Promise<Model>>();
  const modelOf = (scenario: Scenario) => {
    let m = models.get(scenario);
    if (m === undefined) models.set(scenario, (m = preparedModel(scenario, true)));
    return m;
  };
  return {
    workers: 1,
    async run(tasks, onResult) {
      const results: ReplicationResult[] = [];
      for (let i = 0; i < tasks.length; i++) {
        const result = await runTask(tasks[i], await modelOf(tasks[i].scenario));
        results.push(result);
        onResult?.(i, result);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      return results;
    },
    async close() {},
  };
}

function piscinaRunner(workers: number): TaskRunner {
  // Started on the first non-empty batch, so a command with nothing left to run (a resumed sweep
  // that is already complete) does not pay for starting threads.
  let pool: Piscina<ReplicationTask, ReplicationResult> | null = null;
  const warmed = new WeakSet<Scenario>();
  const started = () =>
    (pool ??= new Piscina<ReplicationTask, ReplicationResult>({
      filename: new URL('./worker.ts', import.meta.url).href,
      minThreads: workers,
      maxThreads: workers,
      // Workers do not inherit a loader registered through tsx's API (bin/ccsim.js) nor vitest's
      // transform: give each its own, so it can import the TypeScript sources. ESM only, as in the
      // main thread: with `--import tsx` the workers ran the simulator about 20% slower (measured).
      execArgv: TSX_WORKER_ARGV,
      idleTimeout: Infinity,
    }));
  return {
    workers,
    async run(tasks, onResult) {
      if (tasks.length === 0) return [];
      // Train whatever the scenarios need here, once, so workers only load from the disk caches.
      for (const scenario of new Set(tasks.map((t) => t.scenario))) {
        if (!warmed.has(scenario) && (scenario.priority !== undefined || scenario.assist !== undefined)) await preparedModel(scenario);
        warmed.add(scenario);
      }
      const p = started();
      return Promise.all(
        tasks.map(async (task, i) => {
          const result = await p.run(task);
          onResult?.(i, result);
          return result;
        }),
      );
    },
    close: async () => {
      await pool?.destroy();
      pool = null;
    },
  };
}
