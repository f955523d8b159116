/** `ccsim run <scenario>`: run a scenario's replications and print its KPIs with confidence intervals. */
import type { Command } from 'commander';
import { join } from 'node:path';
import { loadScenario } from '../../scenarios/load.ts';
import { INBOUND_KPIS } from '../../sim/metrics/kpis.ts';
import { writeFileAtomic } from '../files.ts';
import { formatInterval, formatRate, formatTable, formatValue } from '../format.ts';
import { startProgress } from '../progress.ts';
import type { ResultsDocument } from '../results.ts';
import { runScenario } from '../run-scenario.ts';
import { replicationsOption, seedOption, setOption } from './options.ts';

interface RunOptions {
  seed?: number;
  replications?: number;
  set?: string[];
  json?: boolean;
  out?: string;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a scenario and print its KPIs with 95% confidence intervals')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .addOption(seedOption())
    .addOption(replicationsOption())
    .addOption(setOption())
    .option('--json', 'print the results document (JSON) on stdout and nothing else')
    .option('--out <dir>', 'also write results.json into this directory')
    .action((file: string, opts: RunOptions) => {
      const loaded = loadScenario(file, { seed: opts.seed, replications: opts.replications, set: opts.set });
      const progress = opts.json ? null : startProgress(`${loaded.scenario.name}`, loaded.scenario.replications, 'replications');
      const doc = runScenario(loaded.scenario, loaded.hash, (done) => progress?.update(done));
      progress?.stop();
      const json = `${JSON.stringify(doc, null, 2)}\n`;
      if (opts.out) writeFileAtomic(join(opts.out, 'results.json'), json);
      process.stdout.write(opts.json ? json : `${renderRun(doc)}\n`);
    });
}

export function renderRun(doc: ResultsDocument): string {
  const head = `${doc.scenario}: ${doc.replications} replication${doc.replications === 1 ? '' : 's'}, seed ${doc.seed}, ` +
    `${doc.perf.calls.toLocaleString('en-US')} calls in ${doc.perf.wallSeconds.toFixed(2)} s (${formatRate(doc.perf.callsPerSecond, 'calls')})`;
  const rows = INBOUND_KPIS.filter((k) => doc.kpis[k.name]).map((k) => {
    const s = doc.kpis[k.name];
    return [k.name, formatValue(s.mean, k.unit), formatInterval(s.ci95, k.unit), k.description];
  });
  return `${head}\n\n${formatTable(['KPI', 'mean', '95% CI', 'definition'], rows, [false, true, true, false])}`;
}
