/** `ccsim run <scenario>`: run a scenario's replications and print its KPIs with confidence intervals. */
import type { Command } from 'commander';
import { join } from 'node:path';
import { loadScenario } from '../../scenarios/load.ts';
import { tellScenarioNotes } from '../../scenarios/notes.ts';
import { ALL_KPIS } from '../../sim/metrics/kpis.ts';
import { writeFileAtomic } from '../files.ts';
import { formatInterval, formatRate, formatTable, formatValue } from '../format.ts';
import { createTaskRunner, defaultWorkerCount } from '../pool.ts';
import { startProgress } from '../progress.ts';
import type { ResultsDocument } from '../results.ts';
import { runScenarioOn } from '../run-scenario.ts';
import { finishRecords, recordsFormatOption, recordsOption, startRecords } from '../records/session.ts';
import { replicationsOption, seedOption, setOption, workersOption } from './options.ts';
import { defaultRunReportDir, writeReportAndTell } from './report.ts';

interface RunOptions {
  seed?: number;
  replications?: number;
  set?: string[];
  workers?: number;
  json?: boolean;
  out?: string;
  report?: string | true;
  records?: string;
  recordsFormat?: string;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a scenario and print its KPIs with 95% confidence intervals')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .addOption(seedOption())
    .addOption(replicationsOption())
    .addOption(setOption())
    .addOption(workersOption())
    .option('--json', 'print the results document (JSON) on stdout and nothing else')
    .option('--out <dir>', 'also write results.json into this directory')
    .option('--report [dir]', 'also write the HTML report and charts (default dir: <out>/results-report, or out/<scenario>-report)')
    .addOption(recordsOption())
    .addOption(recordsFormatOption())
    .action(async (file: string, opts: RunOptions) => {
      const loaded = loadScenario(file, { seed: opts.seed, replications: opts.replications, set: opts.set });
      tellScenarioNotes(file, loaded.scenario, process.stderr);
      const records = startRecords(opts.records, opts.recordsFormat, [loaded]);
      const runner = createTaskRunner(Math.min(opts.workers ?? defaultWorkerCount(), loaded.scenario.replications));
      const progress = opts.json ? null : startProgress(`${loaded.scenario.name}`, loaded.scenario.replications, 'replications');
      let doc: ResultsDocument;
      try {
        doc = await runScenarioOn(runner, loaded.scenario, loaded.hash, (done) => progress?.update(done), records?.targets[0]);
      } finally {
        progress?.stop();
        await runner.close();
      }
      // stderr, so that --json keeps stdout to the one document.
      if (records) await finishRecords(records, [Array.from({ length: loaded.scenario.replications }, (_, r) => r)], process.stderr);
      const json = `${JSON.stringify(doc, null, 2)}\n`;
      if (opts.out) writeFileAtomic(join(opts.out, 'results.json'), json);
      process.stdout.write(opts.json ? json : `${renderRun(doc)}\n`);
      if (opts.report) {
        const dir = typeof opts.report === 'string' ? opts.report : defaultRunReportDir(doc.scenario, opts.out);
        // stderr, so that --json keeps stdout to the one document.
        await writeReportAndTell({ kind: 'results', doc }, dir, {}, process.stderr);
      }
    });
}

export function renderRun(doc: ResultsDocument): string {
  const head = `${doc.scenario}: ${doc.replications} replication${doc.replications === 1 ? '' : 's'}, seed ${doc.seed}, ` +
    `${doc.perf.calls.toLocaleString('en-US')} calls in ${doc.perf.wallSeconds.toFixed(2)} s (${formatRate(doc.perf.callsPerSecond, 'calls')})`;
  const rows = ALL_KPIS.filter((k) => doc.kpis[k.name]).map((k) => {
    const s = doc.kpis[k.name];
    return [k.name, formatValue(s.mean, k.unit), formatInterval(s.ci95, k.unit), k.description];
  });
  return `${head}\n\n${formatTable(['KPI', 'mean', '95% CI', 'definition'], rows, [false, true, true, false])}`;
}
