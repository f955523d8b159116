/**
 * SQL over a records folder (the core of `ccsim query`): run one SQL text with DuckDB over the
 * views of duck.ts and turn the result into plain values, then into an aligned table, JSON (numbers
 * as numbers: DuckDB's BIGINT counts come back as bigint and are converted) or CSV.
 */
import {
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import { formatTable } from '../format.ts';
import { LocalTimeWriter } from './bytes.ts';
import { openRecords, RecordsError, type RecordsDb } from './duck.ts';

/** A plain JSON value. */
export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

export interface QueryResult {
  columns: string[];
  /** DuckDB type of each column, as SQL text (BIGINT, DOUBLE, VARCHAR, ...). */
  types: string[];
  rows: Plain[][];
}

/** Runs SQL over the records in `dir`. A mistake in the SQL is a RecordsError with DuckDB's first line. */
export async function queryRecords(dir: string, sql: string): Promise<QueryResult> {
  const db = await openRecords(dir);
  try {
    return await runQuery(db, sql);
  } finally {
    db.close();
  }
}

export async function runQuery(db: RecordsDb, sql: string): Promise<QueryResult> {
  let reader;
  try {
    reader = await db.connection.runAndReadAll(sql);
  } catch (err) {
    throw new RecordsError(`query: ${firstLine(err)}`);
  }
  const columns = reader.columnNames();
  const types = reader.columnTypes().map((t) => t.toString());
  const time = new LocalTimeWriter(0, db.timeZone);
  const rows = reader.getRows().map((row) => row.map((v) => toPlain(v, time)));
  return { columns, types, rows };
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n').map((l) => l.trim()).filter(Boolean).join(' ').replace(/\s+/g, ' ').slice(0, 500);
}

/** A DuckDB value as plain JSON: integers of any width as numbers, timestamps with time zone as local ISO strings. */
export function toPlain(v: DuckDBValue, time: LocalTimeWriter): Plain {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof DuckDBDecimalValue) return v.toDouble();
  if (v instanceof DuckDBTimestampTZValue) return Number.isFinite(Number(v.micros)) && v.isFinite ? time.format(Number(v.micros) / 1e6) : v.toString();
  if (v instanceof DuckDBTimestampValue) return v.toString().replace(' ', 'T');
  if (v instanceof DuckDBDateValue) return v.toString();
  if (v instanceof DuckDBListValue) return v.items.map((x) => toPlain(x, time));
  if (v instanceof DuckDBStructValue) return Object.fromEntries(Object.entries(v.entries).map(([k, x]) => [k, toPlain(x, time)]));
  if (v instanceof DuckDBMapValue) return v.entries.map((e) => ({ key: toPlain(e.key, time), value: toPlain(e.value, time) }));
  return String(v);
}

/** A value as table or CSV text: null as empty, numbers in full (table: 6 significant digits for fractions). */
function text(v: Plain, short: boolean): string {
  if (v === null) return short ? 'NULL' : '';
  if (typeof v === 'number') return short && !Number.isInteger(v) ? String(Number(v.toPrecision(6))) : String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return JSON.stringify(v);
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;

export function renderTable(r: QueryResult): string {
  const right = r.types.map((t) => NUMERIC.test(t));
  const body = formatTable(r.columns, r.rows.map((row) => row.map((v) => text(v, true))), right);
  return `${body}\n(${r.rows.length} row${r.rows.length === 1 ? '' : 's'})`;
}

export function renderJson(r: QueryResult): string {
  const objects = r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, row[i]])));
  return JSON.stringify(objects, null, 2);
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsv(r: QueryResult): string {
  const lines = [r.columns.map(csvCell).join(','), ...r.rows.map((row) => row.map((v) => csvCell(text(v, false))).join(','))];
  return lines.join('\n');
}
