/**
 * `ccsim sweep SWEEP.yaml`: evaluate a design of scenario variants, confirm the best few on fresh
 * replications, and write the ranked table, every point (JSON, CSV), the best configuration as a
 * scenario file and the summary into the output directory. Finished tasks are checkpointed there, so
 * running the same command again after an interruption resumes where it stopped.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { join } from 'node:path';
import { formatTable } from '../format.ts';
import { createTaskRunner, defaultWorkerCount } from '../pool.ts';
import { startProgress } from '../progress.ts';
import { OUTPUT_FILES, sweepDocument, writeSweepOutputs } from '../sweep/outputs.ts';
import { runSweep, type Stage } from '../sweep/run-sweep.ts';
import { loadSweep } from '../sweep/spec.ts';
import { bestSentence, confirmationTable, evaluationTable, type Table } from '../sweep/tables.ts';
import { workersOption } from './options.ts';

interface SweepOptions {
  out?: string;
  stage: Stage;
  workers?: number;
  json?: boolean;
}

const TERMINAL_ROWS = 15;

/** Default output directory: beside the sweep file, named after it (`agents.yaml` → `agents.out/`). */
export function defaultOutDir(file: string): string {
  return file.replace(/\.(ya?ml|json)$/i, '') + '.out';
}

export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description('evaluate a design of scenario variants, confirm the best on fresh replications, write ranked results (resumable)')
    .argument('<sweep>', 'sweep file (YAML): base scenario, parameters, design, objective, constraints, confirmation')
    .option('--out <dir>', 'output and checkpoint directory (default: beside the sweep file, <name>.out)')
    .addOption(new Option('--stage <stage>', 'evaluate: all points; confirm: the top ones on fresh replications (needs a finished evaluation); all: both').choices(['evaluate', 'confirm', 'all']).default('all'))
    .addOption(workersOption())
    .option('--json', 'print sweep.json on stdout and nothing else')
    .action(async (file: string, opts: SweepOptions) => {
      const sweep = loadSweep(file);
      const out = opts.out ?? defaultOutDir(file);
      const start = performance.now();
      const runner = createTaskRunner(opts.workers ?? defaultWorkerCount());
      let outcome;
      try {
        outcome = await runSweep(sweep, {
          stage: opts.stage,
          tasksDir: join(out, 'tasks'),
          runner,
          progress: opts.json ? undefined : (label, total) => startProgress(`${sweep.name} ${label}`, total, 'tasks'),
        });
      } finally {
        await runner.close();
      }
      const perf = { wallSeconds: Math.round((performance.now() - start) / 10) / 100, workers: runner.workers, tasks: outcome.tasks };
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
      blocks.push(
        `${perf.tasks.run} tasks run, ${perf.tasks.reused} reused from the checkpoint, ${perf.wallSeconds} s on ${perf.workers} worker${perf.workers === 1 ? '' : 's'}; ` +
          `outputs in ${out}/ (${OUTPUT_FILES.filter((f) => f !== 'best.yaml' || outcome.best !== null).join(', ')})`,
      );
      process.stdout.write(`${blocks.join('\n\n')}\n`);
    });
}

function terminalTable(t: Table): string {
  return formatTable(t.header, t.rows, t.rightAlign);
}
