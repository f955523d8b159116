/** `ccsim query "SQL" --records DIR [--json|--csv]`: SQL with DuckDB over the call and agent records of a run. */
import type { Command } from 'commander';
import { RecordsError } from '../records/duck.ts';
import { queryRecords, renderCsv, renderJson, renderTable } from '../records/query.ts';
import { CALL_RECORD_COLUMNS, AGENT_STATE_COLUMNS, RUN_COLUMNS, schemaMarkdown } from '../records/schema.ts';
import { UsageError } from './options.ts';

interface QueryOptions {
  records?: string;
  json?: boolean;
  csv?: boolean;
  schema?: boolean;
}

export function registerQuery(program: Command): void {
  program
    .command('query')
    .description('run SQL (DuckDB) over the records of a run: views call_records, agent_states and runs')
    .argument('[sql]', 'the SQL, e.g. "SELECT outcome, count(*) FROM call_records GROUP BY outcome"')
    .option('--records <dir>', 'records folder written by run/compare --records (variant subfolders included)')
    .option('--json', 'print the rows as a JSON array of objects (numbers as numbers)')
    .option('--csv', 'print the rows as CSV with a header line')
    .option('--schema', 'print the tables\' columns, types and meanings (markdown) and exit')
    .action(async (sql: string | undefined, opts: QueryOptions) => {
      if (opts.schema) {
        process.stdout.write(
          `## call_records\n\n${schemaMarkdown(CALL_RECORD_COLUMNS)}\n\n## agent_states\n\n${schemaMarkdown(AGENT_STATE_COLUMNS)}\n\n## runs\n\n${schemaMarkdown(RUN_COLUMNS)}\n`,
        );
        return;
      }
      if (sql === undefined || sql.trim() === '') throw new UsageError('query: expected the SQL to run as the first argument');
      if (!opts.records) throw new UsageError('query: expected --records <dir> (a folder written by run --records)');
      if (opts.json && opts.csv) throw new UsageError('query: --json and --csv exclude each other');
      let result;
      try {
        result = await queryRecords(opts.records, sql);
      } catch (err) {
        if (err instanceof RecordsError) throw new UsageError(err.message);
        throw err;
      }
      process.stdout.write(`${opts.json ? renderJson(result) : opts.csv ? renderCsv(result) : renderTable(result)}\n`);
    });
}
