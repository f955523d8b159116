/**
 * `ccsim compare A.yaml B.yaml [...]`: run variants on the same keyed random draws (same seed, same
 * replication numbers) and report each against the first with paired 95% intervals.
 */
import type { Command } from 'commander';
import { loadScenario } from '../../scenarios/load.ts';
import { INBOUND_KPIS } from '../../sim/metrics/kpis.ts';
import { compareResults, variantNames, type CompareDocument } from '../compare.ts';
import { formatInterval, formatTable, formatValue } from '../format.ts';
import { startProgress } from '../progress.ts';
import { runScenario } from '../run-scenario.ts';
import { replicationsOption, seedOption, setOption, UsageError } from './options.ts';

interface CompareOptions {
  seed?: number;
  replications?: number;
  set?: string[];
  json?: boolean;
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('run scenario variants under common random numbers and report paired differences against the first')
    .argument('<scenarios...>', 'two or more scenario files; the first is the baseline')
    .addOption(seedOption())
    .addOption(replicationsOption())
    .addOption(setOption())
    .option('--json', 'print the comparison document (JSON) on stdout and nothing else')
    .action((files: string[], opts: CompareOptions) => {
      if (files.length < 2) throw new UsageError('compare needs at least two scenario files');
      const first = loadScenario(files[0], { seed: opts.seed, replications: opts.replications, set: opts.set });
      // Pairing needs the same seed and replication numbers everywhere: the baseline's, unless overridden.
      const seed = first.scenario.seed;
      const replications = first.scenario.replications;
      const loaded = [first, ...files.slice(1).map((f) => loadScenario(f, { seed, replications, set: opts.set }))];
      const progress = opts.json ? null : startProgress('compare', loaded.length * replications, 'replications');
      const docs = loaded.map((l, i) => runScenario(l.scenario, l.hash, (done) => progress?.update(i * replications + done)));
      progress?.stop();
      const result = compareResults(docs, variantNames(docs, files));
      process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : `${renderCompare(result)}\n`);
    });
}

export function renderCompare(c: CompareDocument): string {
  const names = Object.keys(c.differences);
  const base = c.variants[0];
  const blocks: string[] = [
    `baseline: ${base.scenario}; ${base.replications} replications, seed ${base.seed}, common random numbers`,
  ];
  names.forEach((name, i) => {
    const v = c.variants[i + 1];
    const rows = INBOUND_KPIS.filter((k) => base.kpis[k.name]).map((k) => {
      const d = c.differences[name][k.name];
      const paired = d?.ci95 ? d.ci95[1] - d.ci95[0] : null;
      const unpaired = d?.unpairedCi95 ? d.unpairedCi95[1] - d.unpairedCi95[0] : null;
      return [
        k.name,
        formatValue(base.kpis[k.name].mean, k.unit),
        formatValue(v.kpis[k.name]?.mean, k.unit),
        formatValue(d?.mean, k.unit),
        formatInterval(d?.ci95, k.unit),
        formatInterval(d?.unpairedCi95, k.unit),
        paired !== null && unpaired !== null && paired > 0 ? `${(unpaired / paired).toFixed(1)}x` : '-',
      ];
    });
    blocks.push(
      `\n${name} vs ${base.scenario}\n` +
        formatTable(['KPI', base.scenario, name, 'difference', 'paired 95% CI', 'unpaired 95% CI', 'CI narrowing'], rows, [false, true, true, true, true, true, true]),
    );
  });
  return blocks.join('\n');
}
