/**
 * DuckDB over a records folder: views `call_records`, `agent_states` and `runs` over every record
 * file of the folder and of its variant subfolders, NDJSON and Parquet alike, typed by schema.ts.
 * The session's TimeZone is the records' time zone, so `hour(arrival_time)` or
 * `date_trunc('day', arrival_time)` are in the center's local time.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { listRecordFiles, readManifest, type RecordsManifest } from './layout.ts';
import { duckdbColumnsStruct, TABLES, type TableName } from './schema.ts';

export class RecordsError extends Error {}

export interface RecordsDb {
  connection: DuckDBConnection;
  /** The records' time zone (the session's TimeZone). */
  timeZone: string;
  manifest: RecordsManifest | null;
  /** Files per table. */
  files: Record<TableName, string[]>;
  close(): void;
}

/** A SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function fileList(paths: string[]): string {
  return `[${paths.map(sqlString).join(', ')}]`;
}

/** The SELECT that reads one table's files (both formats), or null when there are none. */
export function tableSource(table: TableName, ndjson: string[], parquet: string[]): string | null {
  const columns = TABLES[table].columns;
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const parts: string[] = [];
  if (ndjson.length > 0) {
    parts.push(`SELECT ${names} FROM read_json(${fileList(ndjson)}, format = 'newline_delimited', columns = ${duckdbColumnsStruct(columns)})`);
  }
  if (parquet.length > 0) parts.push(`SELECT ${names} FROM read_parquet(${fileList(parquet)})`);
  return parts.length === 0 ? null : parts.join('\nUNION ALL\n');
}

/** The SELECT of an empty table with the right columns (a folder without, say, agent states still has the view). */
function emptySource(table: TableName): string {
  return `SELECT ${TABLES[table].columns.map((c) => `NULL::${c.type} AS "${c.name}"`).join(', ')} WHERE false`;
}

/** Opens DuckDB in memory with the record views of `dir`. */
export async function openRecords(dir: string): Promise<RecordsDb> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new RecordsError(`${dir}: expected a records folder (written by --records), found no such folder`);
  const found = listRecordFiles(dir);
  // A conversion to Parquet interrupted after a file was renamed into place leaves both: read the Parquet one.
  for (const table of ['call_records', 'agent_states'] as const) {
    const converted = new Set(found.parquet[table].map((f) => f.replace(/\.parquet$/, '')));
    found.ndjson[table] = found.ndjson[table].filter((f) => !converted.has(f.replace(/\.ndjson$/, '')));
  }
  const files = {
    call_records: [...found.ndjson.call_records, ...found.parquet.call_records],
    agent_states: [...found.ndjson.agent_states, ...found.parquet.agent_states],
    runs: [...found.ndjson.runs, ...found.parquet.runs],
  };
  if (files.call_records.length === 0 && files.agent_states.length === 0) {
    throw new RecordsError(`${dir}: expected record files (calls-r*.ndjson or .parquet, written by --records), found none`);
  }
  const manifest = readManifest(dir);
  const timeZone = recordsTimeZone(found.ndjson.runs, manifest);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`SET TimeZone = ${sqlString(timeZone)}`);
    for (const table of Object.keys(TABLES) as TableName[]) {
      const source = tableSource(table, found.ndjson[table], found.parquet[table]) ?? emptySource(table);
      await connection.run(`CREATE VIEW ${table} AS ${source}`);
    }
  } catch (err) {
    connection.closeSync();
    instance.closeSync();
    throw err;
  }
  return {
    connection,
    timeZone,
    manifest,
    files,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** The time zone of the records: the manifest's first variant, else the first runs row, else UTC. */
function recordsTimeZone(runFiles: string[], manifest: RecordsManifest | null): string {
  const fromManifest = manifest?.variants?.[0]?.timeZone;
  if (typeof fromManifest === 'string' && fromManifest) return fromManifest;
  for (const f of runFiles) {
    try {
      const row = JSON.parse(readFileSync(f, 'utf8').split('\n')[0]) as { time_zone?: unknown };
      if (typeof row.time_zone === 'string' && row.time_zone) return row.time_zone;
    } catch {
      // an unreadable runs file: try the next
    }
  }
  return 'UTC';
}
