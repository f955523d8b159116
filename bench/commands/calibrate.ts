/** `ccsim calibrate PATH --scenario-out scenario.yaml`: fit a scenario to a center's call records and agent logs. */
import type { Command } from 'commander';
import { basename, extname } from 'node:path';
import { parseScenario, ScenarioError } from '../../scenarios/load.ts';
import { calibrate } from '../data/calibrate.ts';
import { renderCalibration } from '../data/calibrate-text.ts';
import { scenarioOf } from '../data/scenario-yaml.ts';
import { writeFileAtomic } from '../files.ts';
import { addHistoryOptions, loadHistoryOrExplain, type HistoryCliOptions } from './data.ts';
import { parseInteger, parseNumber } from './options.ts';

interface CalibrateOptions extends HistoryCliOptions {
  scenarioOut?: string;
  name?: string;
  slSeconds?: number;
  replications?: number;
  json?: boolean;
  out?: string;
}

export function registerCalibrate(program: Command): void {
  const cmd = program
    .command('calibrate')
    .description('fit arrivals, handle times, patience, outbound answer rates and staffing present to call records, and write a commented scenario')
    .argument('<path>', 'a CSV, NDJSON or Parquet file of CDRs, or a records folder written by --records');
  addHistoryOptions(cmd)
    .option('--scenario-out <file>', 'write the calibrated scenario (YAML) here')
    .option('--name <name>', 'scenario name (default: calibrated-<input name>)')
    .option('--sl-seconds <s>', 'service-level threshold of the scenario (default 20)', parseNumber('--sl-seconds', 0, true))
    .option('--replications <n>', 'replications of the scenario (default 20)', parseInteger('--replications', 1))
    .option('--out <file>', 'also write the calibration document (JSON) here')
    .option('--json', 'print the calibration document (JSON) instead of the text')
    .action(async (path: string, opts: CalibrateOptions) => {
      const h = await loadHistoryOrExplain(path, opts);
      const cal = calibrate(h);
      const name = opts.name ?? `calibrated-${basename(path, extname(path)).replace(/[^\w.-]+/g, '-') || 'history'}`;
      const { object, yaml } = scenarioOf(cal, { name, slSeconds: opts.slSeconds, replications: opts.replications });
      if (cal.doc.arrivals) {
        try {
          parseScenario(object, opts.scenarioOut ?? '<calibrated scenario>');
        } catch (err) {
          // A calibrated scenario the loader refuses is a bug here, not a user mistake.
          if (err instanceof ScenarioError) throw new Error(`calibrate produced an invalid scenario: ${err.message}`);
          throw err;
        }
      }
      const json = `${JSON.stringify({ ...cal.doc, scenario: object }, null, 2)}\n`;
      if (opts.scenarioOut) writeFileAtomic(opts.scenarioOut, yaml);
      if (opts.out) writeFileAtomic(opts.out, json);
      process.stdout.write(opts.json ? json : `${renderCalibration(cal.doc)}\n`);
      if (opts.scenarioOut) process.stderr.write(`calibrate: scenario written to ${opts.scenarioOut}\n`);
    });
}
