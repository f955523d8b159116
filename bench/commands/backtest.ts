/** `ccsim backtest scenario.yaml PATH`: simulate a scenario over a history's period and compare per-interval KPIs with it. */
import type { Command } from 'commander';
import { join } from 'node:path';
import { loadScenario } from '../../scenarios/load.ts';
import { runBacktest } from '../data/backtest.ts';
import { renderBacktest, writeBacktestReport } from '../data/backtest-report.ts';
import { createTaskRunner, defaultWorkerCount } from '../pool.ts';
import { addHistoryOptions, loadHistoryOrExplain, type HistoryCliOptions } from './data.ts';
import { parseInteger, setOption, UsageError, workersOption } from './options.ts';

interface BacktestOptions extends HistoryCliOptions {
  replications?: number;
  set?: string[];
  workers?: number;
  out?: string;
  json?: boolean;
}

export function registerBacktest(program: Command): void {
  const cmd = program
    .command('backtest')
    .description('simulate a scenario over the history\'s period and compare offered, answered, abandonment, ASA and service level per interval: error table, prediction-band coverage, charts')
    .argument('<scenario>', 'scenario file (e.g. from ccsim calibrate)')
    .argument('<path>', 'the history: a CDR file or a records folder');
  addHistoryOptions(cmd)
    .option('--replications <n>', 'simulated replications per interval (default 39: the band is then order statistics 2 and 38, exactly 90%)', parseInteger('--replications', 2))
    .addOption(setOption())
    .addOption(workersOption())
    .option('--out <dir>', 'where to write backtest.html, backtest.json and the charts (default out/<scenario>-backtest)')
    .option('--json', 'print the back-test document (JSON)')
    .action(async (file: string, path: string, opts: BacktestOptions) => {
      const loaded = loadScenario(file, { set: opts.set });
      const scenario = loaded.scenario;
      if (!scenario.inbound) throw new UsageError(`${file}: inbound: expected an inbound section to back-test, found none`);
      if (!scenario.series.enabled) throw new UsageError(`${file}: series.enabled: expected true (the back-test compares intervals), found false`);
      const intervalMinutes = String(scenario.series.intervalMinutes);
      if (opts.intervalMinutes !== undefined && opts.intervalMinutes !== '15' && opts.intervalMinutes !== intervalMinutes) {
        throw new UsageError(`--interval-minutes: expected the scenario's series interval (${intervalMinutes}), found ${opts.intervalMinutes}`);
      }
      const h = await loadHistoryOrExplain(path, { ...opts, intervalMinutes });
      const replications = opts.replications ?? 39;
      const runner = createTaskRunner(Math.min(opts.workers ?? defaultWorkerCount(), replications));
      let doc;
      try {
        doc = await runBacktest(runner, scenario, h, path, replications);
      } finally {
        await runner.close();
      }
      const dir = opts.out ?? join('out', `${scenario.name}-backtest`);
      const files = await writeBacktestReport(doc, dir);
      process.stdout.write(opts.json ? `${JSON.stringify(doc, null, 2)}\n` : `${renderBacktest(doc)}\n`);
      process.stderr.write(`backtest: ${files[0]} (and ${files.length - 1} more files in ${dir})\n`);
    });
}
