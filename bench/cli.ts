/**
 * The `ccsim` command line. Each command parses its options (commander), calls a runner, and
 * prints either a readable table or, with --json, exactly one JSON document on stdout.
 * User mistakes (bad scenario, bad option) print one line on stderr and exit 2; a crash is a bug
 * and keeps its stack trace.
 */
import { Command, CommanderError } from 'commander';
import { ScenarioError } from '../scenarios/load.ts';
import { ccsimVersion } from './provenance.ts';
import { ExitStatus, UsageError } from './commands/options.ts';
import { registerRun } from './commands/run.ts';
import { registerCompare } from './commands/compare.ts';
import { registerErlang } from './commands/erlang.ts';
import { registerSweep } from './commands/sweep.ts';
import { registerBench } from './commands/bench.ts';
import { registerReport } from './commands/report.ts';
import { registerQuery } from './commands/query.ts';
import { registerInsights } from './commands/insights.ts';
import { registerIntent } from './commands/intent.ts';
import { registerPilot } from './commands/pilot.ts';
import { registerData } from './commands/data.ts';
import { registerCalibrate } from './commands/calibrate.ts';
import { registerBacktest } from './commands/backtest.ts';
import { registerStaff } from './commands/staff.ts';
import { registerWorker } from './commands/worker.ts';
import { registerMerge } from './commands/merge.ts';

export function buildProgram(): Command {
  const program = new Command('ccsim')
    .description('Discrete-event simulation of sales contact centers, driving real decision models')
    .version(ccsimVersion())
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerRun(program);
  registerCompare(program);
  registerSweep(program);
  registerBench(program);
  registerErlang(program);
  registerReport(program);
  registerQuery(program);
  registerInsights(program);
  registerIntent(program);
  registerPilot(program);
  registerData(program);
  registerCalibrate(program);
  registerBacktest(program);
  registerStaff(program);
  registerWorker(program);
  registerMerge(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; everything else commander reports is a usage mistake (already printed).
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof ExitStatus) return err.code;
    if (err instanceof ScenarioError || err instanceof UsageError) {
      process.stderr.write(`ccsim: ${err.message}\n`);
      return 2;
    }
    const io = fileSystemMistake(err);
    if (io !== null) {
      process.stderr.write(`ccsim: ${io}\n`);
      return 2;
    }
    throw err;
  }
}

/**
 * A file-system error on a path the user gave (an --out that is a file, a folder without write
 * permission, a missing input): one line naming the path and what was expected, not a stack trace.
 */
export function fileSystemMistake(err: unknown): string | null {
  const e = err as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof e.code !== 'string' || typeof e.path !== 'string') return null;
  const expected: Record<string, string> = {
    EEXIST: 'a folder (or a path where one can be made), found a file',
    ENOTDIR: 'a folder, found a file on the way',
    EISDIR: 'a file, found a folder',
    ENOENT: 'an existing file or folder, found nothing',
    EACCES: 'a path ccsim may write, found no permission',
    EPERM: 'a path ccsim may write, found no permission',
    EROFS: 'a writable path, found a read-only file system',
    ENOSPC: 'room to write, found the disk full',
  };
  const what = expected[e.code];
  return what === undefined ? null : `${e.path}: expected ${what} (${e.code})`;
}
