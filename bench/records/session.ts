/**
 * `--records DIR` on run and compare: the options, preparing the folder, the per-variant targets
 * the tasks carry, and what happens once every replication is written (the optional conversion to
 * Parquet, then the manifest, written last).
 */
import { Option } from 'commander';
import { resolve } from 'node:path';
import type { LoadedScenario } from '../../scenarios/load.ts';
import { UsageError } from '../commands/options.ts';
import { ccsimVersion } from '../provenance.ts';
import { buildManifest, prepareRecordsDir, RECORDS_FORMATS, variantFolders, writeManifest, type RecordsFormat, type RecordsTarget, type VariantManifest } from './layout.ts';
import { convertToParquet } from './parquet.ts';

export const recordsOption = () => new Option('--records <dir>', 'write call records and agent state records (NDJSON, or Parquet) into this folder');
export const recordsFormatOption = () =>
  new Option('--records-format <format>', 'format of the records: ndjson (default) or parquet (converted with DuckDB at the end)').choices([...RECORDS_FORMATS]);

export interface RecordsSession {
  dir: string;
  format: RecordsFormat;
  /** One target per variant (a single run: the folder itself). */
  targets: RecordsTarget[];
  variants: VariantManifest[];
}

/**
 * Prepares DIR for the records of these variants: a single run writes into DIR, a comparison into
 * one subfolder per variant. Returns null without --records.
 */
export function startRecords(dir: string | undefined, format: string | undefined, loaded: readonly LoadedScenario[], names?: readonly string[]): RecordsSession | null {
  if (dir === undefined) {
    if (format !== undefined) throw new UsageError('--records-format: only with --records <dir>');
    return null;
  }
  const fmt = (format ?? 'ndjson') as RecordsFormat;
  if (!RECORDS_FORMATS.includes(fmt)) throw new UsageError(`--records-format: expected ndjson or parquet, found "${format}"`);
  const root = resolve(dir);
  prepareRecordsDir(root);
  const variantNames = names ?? loaded.map((l) => l.scenario.name);
  const folders = loaded.length === 1 ? ['.'] : variantFolders(variantNames);
  const targets: RecordsTarget[] = [];
  const variants: VariantManifest[] = [];
  loaded.forEach((l, i) => {
    const folder = folders[i];
    const target: RecordsTarget = { dir: resolve(root, folder), variant: variantNames[i], assignment: 'policy' };
    if (folder !== '.') prepareRecordsDir(target.dir);
    targets.push(target);
    const s = l.scenario;
    variants.push({
      variant: variantNames[i],
      scenario: s.name,
      scenarioHash: l.hash,
      seed: s.seed,
      replications: [],
      timeZone: s.calendar.timeZone,
      start: s.calendar.start,
      assignment: 'policy',
      routingPolicy: s.routing.policy,
      pacingPolicy: s.outbound ? s.outbound.pacing.policy : null,
      folder,
    });
  });
  return { dir: root, format: fmt, targets, variants };
}

/** After the last replication: convert if asked, then write the manifest (its presence marks a complete set). */
export async function finishRecords(session: RecordsSession, replications: number[][], out: NodeJS.WritableStream): Promise<void> {
  const variants = session.variants.map((v, i) => ({ ...v, replications: replications[i] ?? [] }));
  if (session.format === 'parquet') await convertToParquet(session.dir);
  writeManifest(session.dir, buildManifest(ccsimVersion(), session.format, variants));
  const sets = variants.reduce((n, v) => n + v.replications.length, 0);
  out.write(`records: ${session.dir} (${session.format}; ${sets} replication${sets === 1 ? '' : 's'})\n`);
}
