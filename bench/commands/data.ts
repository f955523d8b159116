/** `ccsim data check PATH`: problems in call records and agent logs, counted by reason, before anything is fitted. */
import { Option, type Command } from 'commander';
import { checkHistory, renderCheck } from '../data/check.ts';
import { loadHistory, type HistoryOptions } from '../data/history.ts';
import { DataError } from '../data/source.ts';
import { collect, ExitStatus, parseInteger, parseNumber, UsageError } from './options.ts';

/** The options every data command shares (how to read the history). */
export function addHistoryOptions(cmd: Command): Command {
  return cmd
    .option('--time-zone <tz>', 'the center\'s IANA time zone (records carry theirs; files default to UTC)')
    .option('--map <canonical=column>', 'read a layout column from another column name, e.g. --map arrival_time=StartTime (repeatable)', collect)
    .option('--agents <file>', 'agent log file (CSV, NDJSON or Parquet: agent_id, state, from_time, to_time); a records folder has its own')
    .option('--agents-map <canonical=column>', 'column mapping for the agent log (repeatable)', collect)
    .option('--replication <n>', 'records folder: which replication is the history (default the first)', parseInteger('--replication', 0))
    .option('--variant <name>', 'records folder of a comparison: which variant (default the first)')
    .addOption(new Option('--interval-minutes <n>', 'interval length for per-interval figures').choices(['5', '10', '15', '20', '30', '60']).default('15'))
    .option('--max-duration <s>', 'durations longer than this are impossible (default 86400)', parseNumber('--max-duration', 0, true));
}

export interface HistoryCliOptions {
  timeZone?: string;
  map?: string[];
  agents?: string;
  agentsMap?: string[];
  replication?: number;
  variant?: string;
  intervalMinutes?: string;
  maxDuration?: number;
}

export function historyOptions(o: HistoryCliOptions): HistoryOptions {
  return {
    timeZone: o.timeZone,
    map: o.map,
    agents: o.agents,
    agentsMap: o.agentsMap,
    replication: o.replication,
    variant: o.variant,
    intervalMinutes: Number(o.intervalMinutes ?? 15),
    maxDurationSeconds: o.maxDuration,
  };
}

/** loadHistory with its input mistakes turned into one-line usage errors. */
export async function loadHistoryOrExplain(path: string, o: HistoryCliOptions) {
  try {
    return await loadHistory(path, historyOptions(o));
  } catch (err) {
    if (err instanceof DataError) throw new UsageError(err.message);
    throw err;
  }
}

interface CheckOptions extends HistoryCliOptions {
  maxErrors?: number;
  json?: boolean;
}

export function registerData(program: Command): void {
  const data = program.command('data').description('import and check call records (CDRs) and agent logs');
  const check = data
    .command('check')
    .description('report missing or unparsable fields, impossible durations, duplicates, times out of order, clock gaps and outliers, with counts and example rows')
    .argument('<path>', 'a CSV, NDJSON or Parquet file, or a records folder written by --records');
  addHistoryOptions(check)
    .option('--max-errors <share>', 'exit code 1 when more than this share of rows is excluded (default 0.01)', parseNumber('--max-errors', 0))
    .option('--json', 'print the check document (JSON)')
    .action(async (path: string, opts: CheckOptions) => {
      const h = await loadHistoryOrExplain(path, opts);
      const doc = checkHistory(h, opts.maxErrors ?? 0.01);
      process.stdout.write(opts.json ? `${JSON.stringify(doc, null, 2)}\n` : `${renderCheck(doc)}\n`);
      if (doc.verdict === 'fail') throw new ExitStatus(1);
    });
  for (const c of data.commands) c.exitOverride();
  data.exitOverride();
}
