/**
 * `ccsim bench`: the regression benchmark for CI. Runs the suite (KPIs with CIs, speed as a ratio to
 * the reference loop), compares with the baseline and exits 1 naming each regression, 0 when there
 * is none; `--update-baseline` records the run as the new baseline instead.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { runSuite, type BenchDocument } from '../benchmark.ts';
import { writeFileAtomic } from '../files.ts';
import { formatRate, formatTable } from '../format.ts';
import { createTaskRunner, defaultWorkerCount } from '../pool.ts';
import { startProgress, type Progress } from '../progress.ts';
import { compareToBaseline, renderVerdictMarkdown, type Verdict } from '../regression.ts';
import { formatKpi } from '../kpi-defs.ts';
import { loadSuite } from '../suite-spec.ts';
import { ExitStatus, UsageError, workersOption } from './options.ts';

interface BenchOptions {
  suite: string;
  baseline?: string;
  updateBaseline?: boolean;
  speed: boolean;
  markdown?: string;
  workers?: number;
  json?: boolean;
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('regression benchmark: run the suite, compare KPIs and speed with the baseline, exit 1 on a regression')
    .option('--suite <file>', 'suite file', 'bench/suite.yaml')
    .option('--baseline <file>', "baseline document (default: the suite's baseline)")
    .option('--update-baseline', 'write this run as the baseline instead of failing on differences')
    .option('--no-speed', 'skip the speed measurement and check KPIs only (machines without stable timing)')
    .option('--markdown <file>', 'write the markdown summary to this file (default: print it after the table)')
    .addOption(workersOption())
    .option('--json', 'print the bench document with its verdict (JSON) on stdout and nothing else')
    .action(async (opts: BenchOptions) => {
      const suite = loadSuite(opts.suite);
      const baselinePath = opts.baseline ?? suite.baseline;
      if (opts.updateBaseline && !opts.speed) throw new UsageError('--update-baseline needs the speed measurement (drop --no-speed)');
      if (opts.updateBaseline && !baselinePath) throw new UsageError('--update-baseline needs --baseline <file> (the suite names none)');
      const baseline = baselinePath && !opts.updateBaseline ? readBaseline(baselinePath, opts.baseline !== undefined) : null;

      const runner = createTaskRunner(opts.workers ?? defaultWorkerCount());
      const bar: { progress?: Progress | null } = opts.json ? { progress: null } : {}; // started once the task count is known
      let doc: BenchDocument;
      try {
        doc = await runSuite(suite, runner, {
          speed: opts.speed,
          onProgress: (done, total) => {
            if (bar.progress === undefined) bar.progress = startProgress('bench', total, 'replications');
            bar.progress?.update(done);
          },
        });
      } finally {
        bar.progress?.stop();
        await runner.close();
      }

      const verdict = baseline ? compareToBaseline(doc, baseline) : null;
      if (opts.updateBaseline) writeFileAtomic(baselinePath!, `${JSON.stringify(doc, null, 2)}\n`);
      const markdown = renderVerdictMarkdown(doc, verdict, baseline ? baselinePath! : null);
      if (opts.markdown) writeFileAtomic(opts.markdown, markdown);
      if (opts.json) process.stdout.write(`${JSON.stringify({ ...doc, verdict }, null, 2)}\n`);
      else {
        process.stdout.write(`${renderMeasurements(doc)}\n\n`);
        if (opts.updateBaseline) process.stdout.write(`baseline written to ${baselinePath}\n`);
        else if (!opts.markdown) process.stdout.write(markdown);
        else process.stdout.write(`${verdict ? (verdict.pass ? 'PASS' : 'FAIL') : 'no baseline'}; summary written to ${opts.markdown}\n`);
      }
      for (const r of verdict?.regressions ?? []) process.stderr.write(`ccsim bench: regression: ${r.scenario}: ${r.subject}: ${r.current} vs baseline ${r.baseline}: ${r.detail}\n`);
      if (verdict && !verdict.pass && !opts.updateBaseline) throw new ExitStatus(1);
    });
}

function readBaseline(path: string, explicit: boolean): BenchDocument | null {
  if (!existsSync(path)) {
    if (explicit) throw new UsageError(`--baseline: no such file ${path}`);
    return null; // a suite without a recorded baseline yet: measure and report only
  }
  let doc: BenchDocument;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8')) as BenchDocument;
  } catch (e) {
    throw new UsageError(`${path}: expected a bench document (JSON), found ${(e as Error).message}`);
  }
  if (doc?.schemaVersion !== 1 || !Array.isArray(doc.scenarios)) throw new UsageError(`${path}: expected a bench document (schemaVersion 1, scenarios), found something else`);
  return doc;
}

export function renderMeasurements(doc: BenchDocument): string {
  const rows = doc.scenarios.flatMap((s) => [
    ...Object.entries(s.kpis).map(([kpi, k]) => [s.name, kpi, formatKpi(kpi, k.mean, k.ci95), `${k.better} is better`]),
    [
      s.name,
      'speed ratio',
      s.speed ? String(Number(s.speed.ratio.toPrecision(4))) : 'not measured',
      s.speed ? `${formatRate(s.speed.callsPerSecond, 'calls')} vs reference ${formatRate(s.speed.referenceCallsPerSecond, 'calls')}` : '',
    ],
  ]);
  return `${doc.suite}: ${doc.scenarios.length} scenarios in ${doc.perf.wallSeconds} s on ${doc.perf.workers} worker${doc.perf.workers === 1 ? '' : 's'}\n\n` +
    formatTable(['scenario', 'measure', 'mean [95% CI]', ''], rows, [false, false, true, false]);
}
