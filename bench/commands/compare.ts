/**
 * `ccsim compare A.yaml B.yaml [...]`: run variants on the same keyed random draws (same seed, same
 * replication numbers) and report each against the first with paired 95% intervals.
 */
import type { Command } from 'commander';
import { loadScenario } from '../../scenarios/load.ts';
import { tellScenarioNotes } from '../../scenarios/notes.ts';
import { ALL_KPIS } from '../../sim/metrics/kpis.ts';
import { compareResults, variantNames, type CompareDocument } from '../compare.ts';
import { finishRecords, recordsFormatOption, recordsOption, startRecords } from '../records/session.ts';
import { formatInterval, formatTable, formatValue } from '../format.ts';
import { createTaskRunner, defaultWorkerCount } from '../pool.ts';
import { startProgress } from '../progress.ts';
import { parseHalfWidth, runComparison, type SequentialCompareDocument, type StoppingReport, type StoppingRule } from '../sequential-compare.ts';
import { parseInteger, replicationsOption, seedOption, setOption, UsageError, workersOption } from './options.ts';
import { defaultRunReportDir, writeReportAndTell } from './report.ts';

interface CompareOptions {
  seed?: number;
  replications?: number;
  set?: string[];
  workers?: number;
  untilHalfwidth?: string;
  kpi?: string;
  roundSize?: number;
  maxReplications?: number;
  json?: boolean;
  report?: string | true;
  records?: string;
  recordsFormat?: string;
}

const DEFAULT_MAX_REPLICATIONS = 100;

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('run scenario variants under common random numbers and report paired differences against the first')
    .argument('<scenarios...>', 'two or more scenario files; the first is the baseline')
    .addOption(seedOption())
    .addOption(replicationsOption())
    .addOption(setOption())
    .addOption(workersOption())
    .option('--until-halfwidth <x|x%>', "add rounds of replications until the 95% CI half-width of --kpi's paired difference is at most x (KPI units) or x% of the baseline's mean")
    .option('--kpi <name>', 'the KPI --until-halfwidth watches')
    .option('--round-size <n>', "replications added per round (default: the baseline's replications)", parseInteger('--round-size', 2))
    .option('--max-replications <n>', `cap on replications per variant with --until-halfwidth (default ${DEFAULT_MAX_REPLICATIONS})`, parseInteger('--max-replications', 2))
    .option('--json', 'print the comparison document (JSON) on stdout and nothing else')
    .option('--report [dir]', 'also write the HTML report and charts (default dir: out/<baseline>-compare-report)')
    .addOption(recordsOption())
    .addOption(recordsFormatOption())
    .action(async (files: string[], opts: CompareOptions) => {
      if (files.length < 2) throw new UsageError('compare needs at least two scenario files');
      const first = loadScenario(files[0], { seed: opts.seed, replications: opts.replications, set: opts.set });
      // Pairing needs the same seed and replication numbers everywhere: the baseline's, unless overridden.
      const seed = first.scenario.seed;
      const replications = first.scenario.replications;
      const loaded = [first, ...files.slice(1).map((f) => loadScenario(f, { seed, replications, set: opts.set }))];
      loaded.forEach((l, i) => tellScenarioNotes(files[i], l.scenario, process.stderr));
      const rule = stoppingRule(opts, replications);
      // One records subfolder per variant, named like the comparison's variants.
      const records = startRecords(opts.records, opts.recordsFormat, loaded, variantNames(loaded.map((l) => ({ scenario: l.scenario.name }) as CompareDocument['variants'][number]), files));
      const withRecords = loaded.map((l, i) => (records ? { ...l, records: records.targets[i] } : l));
      const perVariant = rule ? rule.maxReplications : replications;
      const runner = createTaskRunner(Math.min(opts.workers ?? defaultWorkerCount(), loaded.length * perVariant));
      const progress = opts.json ? null : startProgress('compare', loaded.length * perVariant, 'replications');
      let result: SequentialCompareDocument;
      try {
        const run = await runComparison(runner, withRecords, rule, (done) => progress?.update(done));
        result = compareResults(run.docs, variantNames(run.docs, files));
        if (run.stopping) result = { ...result, stopping: run.stopping };
      } finally {
        progress?.stop();
        await runner.close();
      }
      if (records) await finishRecords(records, result.variants.map((v) => Array.from({ length: v.replications }, (_, r) => r)), process.stderr);
      process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : `${renderCompare(result)}\n`);
      if (opts.report) {
        const dir = typeof opts.report === 'string' ? opts.report : defaultRunReportDir(`${result.variants[0].scenario}-compare`);
        await writeReportAndTell({ kind: 'compare', doc: result }, dir, {}, process.stderr);
      }
    });
}

function stoppingRule(opts: CompareOptions, replications: number): StoppingRule | null {
  const sequentialOnly = [opts.kpi !== undefined && '--kpi', opts.roundSize !== undefined && '--round-size', opts.maxReplications !== undefined && '--max-replications'].filter(Boolean);
  if (opts.untilHalfwidth === undefined) {
    if (sequentialOnly.length > 0) throw new UsageError(`${sequentialOnly[0]}: only with --until-halfwidth`);
    return null;
  }
  if (opts.kpi === undefined) throw new UsageError('--until-halfwidth needs --kpi <name> (the KPI whose paired difference it watches)');
  const roundSize = opts.roundSize ?? Math.max(2, replications);
  const maxReplications = opts.maxReplications ?? Math.max(DEFAULT_MAX_REPLICATIONS, roundSize);
  if (maxReplications < roundSize) throw new UsageError(`--max-replications: expected at least the round size (${roundSize}), found ${maxReplications}`);
  return { kpi: opts.kpi, ...parseHalfWidth(opts.untilHalfwidth), roundSize, maxReplications };
}

export function renderStopping(s: StoppingReport): string {
  const fmt = (x: number | null) => (x === null ? 'undefined' : x.toPrecision(3));
  const how = s.reached
    ? `half-width ${fmt(s.halfWidth)} <= target ${fmt(s.targetHalfWidth)}`
    : `cap of ${s.maxReplications} reached; half-width ${fmt(s.halfWidth)} > target ${fmt(s.targetHalfWidth)}`;
  return `stopping rule on ${s.kpi} (paired 95% CI half-width <= ${s.target}): ${s.replications} replications in ${s.rounds} round${s.rounds === 1 ? '' : 's'} of ${s.roundSize}; ${how}`;
}

export function renderCompare(c: SequentialCompareDocument): string {
  const names = Object.keys(c.differences);
  const base = c.variants[0];
  const blocks: string[] = [
    `baseline: ${base.scenario}; ${base.replications} replications, seed ${base.seed}, common random numbers`,
  ];
  if (c.stopping) blocks.push(renderStopping(c.stopping));
  names.forEach((name, i) => {
    const v = c.variants[i + 1];
    const rows = ALL_KPIS.filter((k) => base.kpis[k.name]).map((k) => {
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
