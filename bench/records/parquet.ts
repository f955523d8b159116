/**
 * NDJSON records to Parquet with DuckDB (`--records-format parquet`): each table file of each
 * replication is copied through read_json with the schema's column types into a zstd-compressed
 * Parquet file, under a temporary name renamed into place; the NDJSON file is removed afterwards.
 * The one-row runs files stay NDJSON.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { sqlString } from './duck.ts';
import { listRecordFiles, tempFileName } from './layout.ts';
import { duckdbColumnsStruct, TABLES, type TableName } from './schema.ts';

export interface ConversionSummary {
  files: number;
  seconds: number;
}

/** Converts every NDJSON call-records and agent-states file under `dir` (and its variant subfolders). */
export async function convertToParquet(dir: string): Promise<ConversionSummary> {
  const start = performance.now();
  const found = listRecordFiles(dir).ndjson;
  const jobs: [TableName, string][] = [
    ...found.call_records.map((f): [TableName, string] => ['call_records', f]),
    ...found.agent_states.map((f): [TableName, string] => ['agent_states', f]),
  ];
  if (jobs.length === 0) return { files: 0, seconds: 0 };
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const [table, file] of jobs) {
      const target = file.replace(/\.ndjson$/, '.parquet');
      const tmp = join(dirname(target), tempFileName(basename(target)));
      const columns = TABLES[table].columns;
      const names = columns.map((c) => `"${c.name}"`).join(', ');
      try {
        await connection.run(
          `COPY (SELECT ${names} FROM read_json(${sqlString(file)}, format = 'newline_delimited', columns = ${duckdbColumnsStruct(columns)})) ` +
            `TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd)`,
        );
        renameSync(tmp, target);
      } catch (err) {
        rmSync(tmp, { force: true });
        throw err;
      }
      rmSync(file);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return { files: jobs.length, seconds: (performance.now() - start) / 1000 };
}
