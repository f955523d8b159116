/**
 * Reads call records and agent logs as raw text columns through DuckDB: a CSV, NDJSON or Parquet
 * file, or a records folder as `--records` writes it (one variant and one replication of it: a
 * center's history is one sequence of days). Every value arrives as text (or null) exactly as the
 * source holds it, so the importer can say which rows do not parse instead of DuckDB guessing types.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { openRecords, sqlString, type RecordsDb } from '../records/duck.ts';

export class DataError extends Error {}

export interface RawTable {
  /** Rows read. */
  rows: number;
  /** Canonical column name -> values (null when absent in the row or in the source). */
  columns: Record<string, (string | null)[]>;
  /** Canonical columns the source has (after mapping). */
  present: Set<string>;
}

export interface SourceInfo {
  path: string;
  kind: 'records' | 'csv' | 'ndjson' | 'parquet';
  /** Records: the center's time zone from the records; files: null (the --time-zone option decides). */
  timeZone: string | null;
  /** Records: the variant and replication read, and what else the folder holds. */
  variant: string | null;
  replication: number | null;
  replications: number[];
  /** Records: the simulated period (scenario start to the end of the measurement window), epoch ms; null for files. */
  period: { startMs: number; endMs: number } | null;
}

export interface Source {
  info: SourceInfo;
  calls(columns: readonly string[], mapping: Record<string, string>): Promise<RawTable>;
  /** Agent logs (records folder only; a separate file otherwise). */
  agentLog(columns: readonly string[], mapping: Record<string, string>): Promise<RawTable | null>;
  close(): void;
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function readColumns(connection: DuckDBConnection, from: string, available: string[], wanted: readonly string[], mapping: Record<string, string>, where = ''): Promise<RawTable> {
  const present = new Set<string>();
  const selects: string[] = [];
  const names: string[] = [];
  const lower = new Map(available.map((a) => [a.toLowerCase(), a]));
  for (const w of wanted) {
    const sourceName = mapping[w] ?? w;
    const actual = available.includes(sourceName) ? sourceName : lower.get(sourceName.toLowerCase());
    if (actual === undefined) continue;
    present.add(w);
    names.push(w);
    selects.push(`CAST(${ident(actual)} AS VARCHAR) AS ${ident(w)}`);
  }
  const columns: Record<string, (string | null)[]> = {};
  if (selects.length === 0) return { rows: 0, columns, present };
  const reader = await connection.runAndReadAll(`SELECT ${selects.join(', ')} FROM ${from} ${where}`);
  const cols = reader.getColumnsJS() as (string | null)[][];
  names.forEach((n, i) => (columns[n] = cols[i]));
  return { rows: cols[0]?.length ?? 0, columns, present };
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n').map((l) => l.trim()).filter(Boolean).join(' ').slice(0, 300);
}

/** Opens a CDR source. `replication` and `variant` choose within a records folder (default: the first). */
export async function openSource(path: string, opts: { replication?: number; variant?: string } = {}): Promise<Source> {
  if (!existsSync(path)) throw new DataError(`${path}: expected a CSV, NDJSON or Parquet file or a records folder, found no such file`);
  if (statSync(path).isDirectory()) return openRecordsSource(path, opts);
  const ext = extname(path).toLowerCase();
  const kind = ext === '.csv' || ext === '.tsv' ? 'csv' : ext === '.parquet' ? 'parquet' : ext === '.ndjson' || ext === '.jsonl' || ext === '.json' ? 'ndjson' : null;
  if (kind === null) throw new DataError(`${path}: expected a .csv, .ndjson (.jsonl) or .parquet file, found "${ext || 'no extension'}"`);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    const from = await fileRelation(connection, path, kind);
    const info: SourceInfo = { path, kind, timeZone: null, variant: null, replication: null, replications: [], period: null };
    return {
      info,
      calls: (wanted, mapping) => readColumns(connection, from.relation, from.columns, wanted, mapping),
      agentLog: async () => null,
      close,
    };
  } catch (err) {
    close();
    if (err instanceof DataError) throw err;
    throw new DataError(`${path}: expected a readable ${kind} file, found: ${firstLine(err)}`);
  }
}

/** A file's rows as a relation whose columns are all text, and the column names. */
async function fileRelation(connection: DuckDBConnection, path: string, kind: 'csv' | 'ndjson' | 'parquet'): Promise<{ relation: string; columns: string[] }> {
  const p = sqlString(path);
  if (kind === 'ndjson') {
    // Objects as JSON, each wanted key extracted as text: no type guessing, a bad value stays visible.
    await connection.run(`CREATE TABLE raw AS SELECT json AS j FROM read_json_objects(${p}, format = 'newline_delimited')`);
    const keys = await connection.runAndReadAll(`SELECT DISTINCT unnest(json_keys(j)) AS k FROM raw`);
    const columns = (keys.getColumnsJS()[0] as string[]).sort();
    const selects = columns.map((c) => `json_extract_string(j, ${sqlString(`$.${JSON.stringify(c)}`)}) AS ${ident(c)}`);
    await connection.run(`CREATE VIEW src AS SELECT ${selects.length ? selects.join(', ') : '1 AS none'} FROM raw`);
    return { relation: 'src', columns };
  }
  const from = kind === 'csv' ? `read_csv(${p}, all_varchar = true, header = true)` : `read_parquet(${p})`;
  await connection.run(`CREATE VIEW src AS SELECT * FROM ${from}`);
  const described = await connection.runAndReadAll('DESCRIBE src');
  return { relation: 'src', columns: described.getColumnsJS()[0] as string[] };
}

async function openRecordsSource(dir: string, opts: { replication?: number; variant?: string }): Promise<Source> {
  let db: RecordsDb;
  try {
    db = await openRecords(dir);
  } catch (err) {
    throw new DataError(err instanceof Error ? err.message : String(err));
  }
  try {
    const c = db.connection;
    const sets = (await c.runAndReadAll('SELECT DISTINCT variant, replication FROM call_records ORDER BY variant, replication')).getRowsJS() as [string, number][];
    if (sets.length === 0) throw new DataError(`${dir}: expected call records, found none`);
    const variant = opts.variant ?? sets[0][0];
    const reps = sets.filter((s) => s[0] === variant).map((s) => Number(s[1]));
    if (reps.length === 0) throw new DataError(`${dir}: --variant: expected one of ${[...new Set(sets.map((s) => s[0]))].join(', ')}, found "${variant}"`);
    const replication = opts.replication ?? reps[0];
    if (!reps.includes(replication)) throw new DataError(`${dir}: --replication: expected one of ${reps.join(', ')}, found ${replication}`);
    const where = `WHERE variant = ${sqlString(variant)} AND replication = ${replication}`;
    const runRow = (await c.runAndReadAll(`SELECT epoch_ms(start_time), epoch_ms(start_time) + CAST(round(window_end_s * 1000) AS BIGINT) FROM runs ${where}`)).getRowsJS() as [number | bigint, number | bigint][];
    const period = runRow.length > 0 ? { startMs: Number(runRow[0][0]), endMs: Number(runRow[0][1]) } : null;
    const callCols = ((await c.runAndReadAll('DESCRIBE call_records')).getColumnsJS()[0] as string[]);
    const agentCols = ((await c.runAndReadAll('DESCRIBE agent_states')).getColumnsJS()[0] as string[]);
    const hasAgents = db.files.agent_states.length > 0;
    return {
      info: { path: dir, kind: 'records', timeZone: db.timeZone, variant, replication, replications: reps, period },
      calls: (wanted, mapping) => readColumns(c, 'call_records', callCols, wanted, mapping, where),
      agentLog: async (wanted, mapping) => (hasAgents ? readColumns(c, 'agent_states', agentCols, wanted, mapping, where) : null),
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
