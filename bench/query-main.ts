/**
 * `ccsim query` on its own: the same command as in the full CLI (bench/cli.ts), behind a smaller
 * module graph (no simulator, no charts), because start-up is most of a query's time. bin/ccsim.js
 * comes here when the first argument is `query`.
 */
import { Command, CommanderError } from 'commander';
import { ccsimVersion } from './provenance.ts';
import { registerQuery } from './commands/query.ts';
import { ExitStatus, UsageError } from './commands/options.ts';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('ccsim')
    .version(ccsimVersion())
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerQuery(program);
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof ExitStatus) return err.code;
    if (err instanceof UsageError) {
      process.stderr.write(`ccsim: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
