/**
 * Paired comparisons run in rounds. Every round adds the same replication numbers to every variant
 * (common random numbers), and the stopping rule looks only at the data after each full round, so
 * where it stops depends on the data, never on how many workers ran the round or in which order
 * its tasks finished.
 */
import type { LoadedScenario } from '../scenarios/load.ts';
import type { ReplicationResult } from '../sim/replication.ts';
import { UsageError } from './commands/options.ts';
import { compareResults, type CompareDocument } from './compare.ts';
import type { TaskRunner } from './pool.ts';
import type { RecordsTarget } from './records/layout.ts';
import type { ResultsDocument } from './results.ts';
import { resultsOf } from './run-scenario.ts';
import { replicationTasks } from './tasks.ts';

/** Stop once the 95% CI half-width of `kpi`'s paired difference is at most the target for every variant. */
export interface StoppingRule {
  kpi: string;
  /** Absolute (in the KPI's unit), or a fraction of the baseline's mean when `relative`. */
  halfWidth: number;
  relative: boolean;
  /** The target as written, for the report. */
  text: string;
  roundSize: number;
  maxReplications: number;
}

export interface StoppingReport {
  kpi: string;
  /** The target as written: "0.5" or "2%". */
  target: string;
  /** The target in the KPI's unit after the last round (a relative target follows the baseline's mean). */
  targetHalfWidth: number | null;
  /** The widest half-width over the variants after the last round; null while some interval is undefined. */
  halfWidth: number | null;
  reached: boolean;
  rounds: number;
  roundSize: number;
  replications: number;
  maxReplications: number;
}

export type SequentialCompareDocument = CompareDocument & { stopping?: StoppingReport };

/** "0.5" (KPI units) or "2%" (of the baseline's mean). */
export function parseHalfWidth(text: string): { halfWidth: number; relative: boolean; text: string } {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[-+]?\d+)?)\s*(%?)\s*$/i.exec(text);
  const value = m ? Number(m[1]) : NaN;
  if (!m || !(value > 0)) throw new UsageError(`--until-halfwidth: expected a number > 0, optionally followed by %, found "${text}"`);
  return { halfWidth: m[2] ? value / 100 : value, relative: m[2] !== '', text: text.trim() };
}

/** The widest paired half-width of `kpi` over the variants; null if any is undefined. */
export function widestHalfWidth(doc: CompareDocument, kpi: string): number | null {
  let widest = 0;
  for (const perKpi of Object.values(doc.differences)) {
    const ci = perKpi[kpi]?.ci95;
    if (!ci) return null;
    widest = Math.max(widest, (ci[1] - ci[0]) / 2);
  }
  return widest;
}

/** The target in the KPI's unit: absolute, or relative to the baseline's current mean (null while undefined). */
export function absoluteTarget(rule: Pick<StoppingRule, 'halfWidth' | 'relative' | 'kpi'>, baseline: ResultsDocument): number | null {
  if (!rule.relative) return rule.halfWidth;
  const m = baseline.kpis[rule.kpi]?.mean;
  return m === null || m === undefined ? null : rule.halfWidth * Math.abs(m);
}

export interface ComparisonRun {
  docs: ResultsDocument[];
  stopping: StoppingReport | null;
}

/**
 * Run the variants (all through one runner, tasks of all variants in one batch per round) and build
 * their results documents. Without a rule: one round of the baseline's replications. Each document's
 * perf.wallSeconds is the whole comparison's wall time, since the variants run interleaved.
 */
export async function runComparison(
  runner: TaskRunner,
  variants: readonly (Pick<LoadedScenario, 'scenario' | 'hash'> & { records?: RecordsTarget })[],
  rule: StoppingRule | null,
  onProgress?: (doneTasks: number) => void,
): Promise<ComparisonRun> {
  const start = performance.now();
  const roundSize = rule ? rule.roundSize : variants[0].scenario.replications;
  const cap = rule ? rule.maxReplications : roundSize;
  const reps: ReplicationResult[][] = variants.map(() => []);
  let done = 0;
  let rounds = 0;
  for (;;) {
    const first = reps[0].length;
    const size = Math.min(roundSize, cap - first);
    const tasks = variants.flatMap((v, i) => replicationTasks(v.scenario, first, size, `${i}:${v.scenario.name}`, v.records));
    const results = await runner.run(tasks, () => onProgress?.(++done));
    results.forEach((r, k) => reps[Math.floor(k / size)].push(r));
    rounds++;
    const wall = (performance.now() - start) / 1000;
    const docs = variants.map((v, i) => resultsOf(v.scenario, v.hash, reps[i], wall));
    if (!rule) return { docs, stopping: null };
    if (rounds === 1 && !(rule.kpi in docs[0].kpis)) {
      throw new UsageError(`--kpi: expected one of ${Object.keys(docs[0].kpis).join(', ')}, found "${rule.kpi}"`);
    }
    const target = absoluteTarget(rule, docs[0]);
    const widest = widestHalfWidth(compareResults(docs, docs.map((_, i) => String(i))), rule.kpi);
    const reached = target !== null && widest !== null && widest <= target;
    if (reached || reps[0].length >= cap) {
      const stopping: StoppingReport = {
        kpi: rule.kpi,
        target: rule.text,
        targetHalfWidth: target,
        halfWidth: widest,
        reached,
        rounds,
        roundSize,
        replications: reps[0].length,
        maxReplications: cap,
      };
      return { docs, stopping };
    }
  }
}
