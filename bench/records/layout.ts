/**
 * The records folder: file names, the temporary-file protocol, the manifest, and finding the
 * files again (for queries, conversion and cleanup).
 *
 *   DIR/manifest.json                   what wrote the records (written last: a complete set)
 *   DIR/calls-r0000.ndjson              call_records of replication 0 (or .parquet)
 *   DIR/agent-states-r0000.ndjson       agent_states of replication 0 (or .parquet)
 *   DIR/runs-r0000.ndjson               one row: the replication's window, time zone, row counts
 *   DIR/<variant>/...                   `compare`: the same per variant, DIR/manifest.json lists them
 *
 * A file is written under a hidden temporary name (".calls-r0000.ndjson.<pid>-<thread>.tmp") and
 * renamed into place only once complete, so a crashed or killed run leaves no partial file under a
 * record name (the hidden temporaries are removed by the next run into the same folder).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { writeFileAtomic } from '../files.ts';
import { RECORDS_LAYOUT_VERSION, type Assignment, type TableName } from './schema.ts';

export type RecordsFormat = 'ndjson' | 'parquet';
export const RECORDS_FORMATS: readonly RecordsFormat[] = ['ndjson', 'parquet'];

export const MANIFEST = 'manifest.json';

const PREFIX: Record<TableName, string> = { call_records: 'calls', agent_states: 'agent-states', runs: 'runs' };

/** Where one replication's records go (plain data: travels with a task to a worker thread). */
export interface RecordsTarget {
  dir: string;
  /** The variant column's value (scenario name, or the comparison's variant name). */
  variant: string;
  assignment: Assignment;
}

export function replicationTag(replication: number): string {
  return `r${String(replication).padStart(4, '0')}`;
}

export function recordFileName(table: TableName, replication: number, format: RecordsFormat): string {
  return `${PREFIX[table]}-${replicationTag(replication)}.${table === 'runs' ? 'ndjson' : format}`;
}

/** A hidden temporary name beside `finalName`, unique per process and thread. */
export function tempFileName(finalName: string): string {
  return `.${finalName}.${process.pid}-${threadId}.tmp`;
}

const RECORD_FILE = /^(calls|agent-states|runs)-r\d+\.(ndjson|parquet)$/;
const TEMP_FILE = /^\.(calls|agent-states|runs)-r\d+\.(ndjson|parquet)\..+\.tmp$|^\.manifest\.json\..+\.tmp$/;

export function isRecordFile(name: string): boolean {
  return RECORD_FILE.test(name);
}

export interface RecordFiles {
  call_records: string[];
  agent_states: string[];
  runs: string[];
}

/** The record files of a folder and of its variant subfolders (one level), sorted, by table and format. */
export function listRecordFiles(dir: string): { ndjson: RecordFiles; parquet: RecordFiles } {
  const empty = (): RecordFiles => ({ call_records: [], agent_states: [], runs: [] });
  const out = { ndjson: empty(), parquet: empty() };
  const visit = (d: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(d, name);
      const m = RECORD_FILE.exec(name);
      if (m) {
        const table: TableName = m[1] === 'calls' ? 'call_records' : m[1] === 'agent-states' ? 'agent_states' : 'runs';
        out[m[2] as RecordsFormat][table].push(path);
      } else if (depth === 0 && !name.startsWith('.') && isDirectory(path)) {
        visit(path, depth + 1);
      }
    }
  };
  visit(dir, 0);
  return out;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Prepares a folder for a new set of records: creates it, and removes the record files, manifests
 * and leftover temporaries of an earlier run (here and in subfolders holding such files: variants
 * of an earlier comparison), so the views never mix two runs. Nothing else is touched.
 */
export function prepareRecordsDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const ours = (d: string, name: string) => RECORD_FILE.test(name) || TEMP_FILE.test(name) || (name === MANIFEST && readManifest(d) !== null);
  const clean = (d: string, depth: number) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (ours(d, name)) rmSync(path, { force: true });
      else if (depth === 0 && !name.startsWith('.') && isDirectory(path) && readdirSync(path).some((n) => ours(path, n))) clean(path, depth + 1);
    }
  };
  clean(dir, 0);
}

export interface VariantManifest {
  variant: string;
  scenario: string;
  scenarioHash: string;
  seed: number;
  replications: number[];
  timeZone: string;
  start: string;
  assignment: Assignment;
  routingPolicy: string;
  pacingPolicy: string | null;
  /** Subfolder (compare), or "." for a single run. */
  folder: string;
}

export interface RecordsManifest {
  ccsimRecords: number;
  ccsim: string;
  format: RecordsFormat;
  /** Tables and where their files are (globs relative to the manifest's folder). */
  tables: Record<TableName, string>;
  variants: VariantManifest[];
}

export function buildManifest(ccsim: string, format: RecordsFormat, variants: VariantManifest[]): RecordsManifest {
  const sub = variants.length === 1 && variants[0].folder === '.' ? '' : '*/';
  return {
    ccsimRecords: RECORDS_LAYOUT_VERSION,
    ccsim,
    format,
    tables: {
      call_records: `${sub}calls-r*.${format}`,
      agent_states: `${sub}agent-states-r*.${format}`,
      runs: `${sub}runs-r*.ndjson`,
    },
    variants,
  };
}

export function writeManifest(dir: string, manifest: RecordsManifest): void {
  writeFileAtomic(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The folder's records manifest, or null when there is none (records of a run that did not finish, or a file not ours). */
export function readManifest(dir: string): RecordsManifest | null {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return null;
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as Partial<RecordsManifest>;
    return typeof m === 'object' && m !== null && typeof m.ccsimRecords === 'number' ? (m as RecordsManifest) : null;
  } catch {
    return null;
  }
}

/** Folder names for comparison variants: the names made safe for a path, repeats numbered. */
export function variantFolders(names: readonly string[]): string[] {
  const safe = names.map((n) => n.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '_') || 'variant');
  return safe.map((n, i) => (safe.indexOf(n) !== i ? `${n}-${i + 1}` : n));
}
