/**
 * `ccsim sweep SWEEP.yaml`: evaluate a design of scenario variants, confirm the best few on fresh
 * replications, and write the ranked table, every point (JSON, CSV), the best configuration as a
 * scenario file and the summary into the output directory. Finished tasks are checkpointed there, so
 * running the same command again after an interruption resumes where it stopped.
 *
 * Beyond one machine: `--queue URL` sends the tasks to `ccsim worker` processes through Redis
 * (bench/queue/) and checkpoints their results here as a local run does; `--shard K/N` runs only
 * shard K of the stage, for batch schedulers, and `ccsim merge` puts the shards together.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { join } from 'node:path';
import { formatTable } from '../format.ts';
import { createTaskRunner, defaultWorkerCount, type TaskRunner } from '../pool.ts';
import { startProgress } from '../progress.ts';
import { ccsimVersion } from '../provenance.ts';
import type { QueuePerf, QueueRunner } from '../queue/queue-runner.ts';
import { OUTPUT_FILES, sweepDocument, writeSweepOutputs, type SweepPerf } from '../sweep/outputs.ts';
import { runSweep, runSweepShard, type Shard, type Stage } from '../sweep/run-sweep.ts';
import { shardDocument, writeShardManifest } from '../sweep/shard-manifest.ts';
import { loadSweep } from '../sweep/spec.ts';
import { bestSentence, confirmationTable, evaluationTable, type Table } from '../sweep/tables.ts';
import { ExitStatus, UsageError, workersOption } from './options.ts';

interface SweepOptions {
  out?: string;
  stage: Stage;
  workers?: number;
  json?: boolean;
  queue?: string | true;
  shard?: Shard;
}

const TERMINAL_ROWS = 15;

/** Default output directory: beside the sweep file, named after it (`agents.yaml` → `agents.out/`). */
export function defaultOutDir(file: string): string {
  return file.replace(/\.(ya?ml|json)$/i, '') + '.out';
}

/** `K/N` with 0 <= K < N, K counted from 0 as Kubernetes indexed Jobs (JOB_COMPLETION_INDEX) count. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count || !Number.isSafeInteger(count)) {
    throw new UsageError(`--shard: expected K/N with 0 <= K < N (shards count from 0, e.g. 0/4), found ${JSON.stringify(text)}`);
  }
  return { index, count };
}

export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description('evaluate a design of scenario variants, confirm the best on fresh replications, write ranked results (resumable)')
    .argument('<sweep>', 'sweep file (YAML): base scenario, parameters, design, objective, constraints, confirmation')
    .option('--out <dir>', 'output and checkpoint directory (default: beside the sweep file, <name>.out)')
    .addOption(new Option('--stage <stage>', 'evaluate: all points; confirm: the top ones on fresh replications (needs a finished evaluation); all: both').choices(['evaluate', 'confirm', 'all']).default('all'))
    .addOption(workersOption())
    .option('--queue [url]', 'run the tasks on `ccsim worker` processes through Redis, redis://HOST:PORT[/DB] (default: $CCSIM_QUEUE_URL; password from $CCSIM_REDIS_PASSWORD)')
    .addOption(new Option('--shard <K/N>', 'run only shard K (from 0) of N of the stage (evaluate, or confirm with --stage confirm); combine with ccsim merge').argParser(parseShard))
    .option('--json', 'print sweep.json (with --shard: shard.json) on stdout and nothing else')
    .action(async (file: string, opts: SweepOptions) => {
      if (opts.shard && opts.queue !== undefined) throw new UsageError('--shard with --queue: expected one of them (a shard runs on this machine; the queue spreads a whole stage), found both');
      if (opts.queue !== undefined && opts.workers !== undefined) throw new UsageError('--workers with --queue: expected one of them (with --queue, set the threads on each worker: ccsim worker --concurrency N), found both');
      const sweep = loadSweep(file);
      const out = opts.out ?? defaultOutDir(file);
      const start = performance.now();
      const queued = opts.queue !== undefined ? await openQueue(opts.queue, !opts.json) : null;
      const runner: TaskRunner = queued ?? createTaskRunner(opts.workers ?? defaultWorkerCount());
      const progress = opts.json
        ? undefined
        : queued
          ? (label: string, total: number) => queued.stage(`${sweep.name} ${label}`, total)
          : (label: string, total: number) => startProgress(`${sweep.name} ${label}`, total, 'tasks');
      const seconds = () => Math.round((performance.now() - start) / 10) / 100;

      if (opts.shard) {
        let shard;
        try {
          shard = await runSweepShard(sweep, { stage: opts.stage, tasksDir: join(out, 'tasks'), runner, progress, shard: opts.shard });
        } finally {
          await runner.close();
        }
        const perf = { wallSeconds: seconds(), workers: runner.workers, tasks: shard.tasks };
        const doc = writeShardManifest(out, shard, perf);
        if (opts.json) process.stdout.write(`${JSON.stringify(shardDocument(shard, perf), null, 2)}\n`);
        else {
          process.stdout.write(
            `${sweep.name}: shard ${shard.shard.index}/${shard.shard.count} of the ${shard.stage} stage: ${shard.shardTasks.length} of ${shard.stageTasks.length} tasks ` +
              `(${perf.tasks.run} run, ${perf.tasks.reused} reused) in ${perf.wallSeconds} s; written to ${out}/ (${doc}); combine the shards with: ccsim merge DIR... --out DIR\n`,
          );
        }
        return;
      }

      let outcome;
      try {
        outcome = await runSweep(sweep, { stage: opts.stage, tasksDir: join(out, 'tasks'), runner, progress });
      } catch (e) {
        if (!(e instanceof Error && e.name === 'TaskFailures')) throw e;
        // The tasks that finished are checkpointed; the failed ones are not, so running again retries them.
        process.stderr.write(`ccsim: ${sweep.file}: ${e.message}\n`);
        throw new ExitStatus(1);
      } finally {
        await runner.close();
      }
      const perf: SweepPerf & { queue?: QueuePerf } = { wallSeconds: seconds(), workers: runner.workers, tasks: outcome.tasks, ...(queued ? { queue: queued.perf() } : {}) };
      writeSweepOutputs(out, outcome, perf);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(sweepDocument(outcome, perf), null, 2)}\n`);
        return;
      }
      const blocks = [bestSentence(outcome)];
      const conf = confirmationTable(outcome);
      if (conf) blocks.push(`confirmation (fresh replications):\n${terminalTable(conf)}`);
      const shown = evaluationTable(outcome, TERMINAL_ROWS);
      const more = outcome.points.length - shown.rows.length;
      blocks.push(`evaluation${more > 0 ? ` (first ${shown.rows.length} of ${outcome.points.length} points)` : ''}:\n${terminalTable(shown)}`);
      const where = queued ? `${perf.workers} worker process${perf.workers === 1 ? '' : 'es'} via ${perf.queue!.url}` : `${perf.workers} worker${perf.workers === 1 ? '' : 's'}`;
      blocks.push(
        `${perf.tasks.run} tasks run, ${perf.tasks.reused} reused from the checkpoint, ${perf.wallSeconds} s on ${where}; ` +
          `outputs in ${out}/ (${OUTPUT_FILES.filter((f) => f !== 'best.yaml' || outcome.best !== null).join(', ')})`,
      );
      process.stdout.write(`${blocks.join('\n\n')}\n`);
    });
}

/** The runner checks the server answers (and accepts the password) before anything is queued: one line, exit 2 otherwise. */
async function openQueue(given: string | true, status: boolean): Promise<QueueRunner> {
  // Loaded here, not at start-up: BullMQ and ioredis cost every other command a tenth of a second.
  const { commandLineWarning, resolveQueueAddress } = await import('../queue/address.ts');
  const { openQueueRunner } = await import('../queue/queue-runner.ts');
  const address = resolveQueueAddress(given);
  const warning = commandLineWarning(address);
  if (warning) process.stderr.write(`${warning}\n`);
  return openQueueRunner({ address, version: ccsimVersion(), status });
}

function terminalTable(t: Table): string {
  return formatTable(t.header, t.rows, t.rightAlign);
}
