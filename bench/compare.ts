/**
 * Paired comparison of scenario variants under common random numbers: every variant runs with
 * the same seed and replication numbers, so replication r of each variant meets the same callers
 * (keyed draws), and the difference of replication r's values pairs them. The unpaired (Welch)
 * interval is reported beside the paired one so the gain from pairing is visible.
 */
import { pairedInterval, welchInterval, mean } from '../sim/stats/summary.ts';
import { SCHEMA_VERSION, type ResultsDocument } from './results.ts';

export interface Difference {
  mean: number | null;
  ci95: [number, number] | null;
  unpairedCi95: [number, number] | null;
}

export interface CompareDocument {
  schemaVersion: number;
  variants: ResultsDocument[];
  differences: Record<string, Record<string, Difference>>;
}

/** Each variant against the first, KPI by KPI, over replications where both values are defined. */
export function compareResults(variants: ResultsDocument[], names: string[]): CompareDocument {
  const base = variants[0];
  const differences: Record<string, Record<string, Difference>> = {};
  for (let v = 1; v < variants.length; v++) {
    const perKpi: Record<string, Difference> = {};
    for (const kpi of Object.keys(base.kpis)) {
      const a = base.kpis[kpi]?.values ?? [];
      const b = variants[v].kpis[kpi]?.values ?? [];
      const xs: number[] = [];
      const ys: number[] = [];
      for (let i = 0; i < Math.min(a.length, b.length); i++) {
        const x = a[i];
        const y = b[i];
        if (x !== null && y !== null) {
          xs.push(x);
          ys.push(y);
        }
      }
      perKpi[kpi] = xs.length === 0
        ? { mean: null, ci95: null, unpairedCi95: null }
        : { mean: mean(ys) - mean(xs), ci95: pairedInterval(xs, ys, 0.95), unpairedCi95: welchInterval(xs, ys, 0.95) };
    }
    differences[names[v]] = perKpi;
  }
  return { schemaVersion: SCHEMA_VERSION, variants, differences };
}

/** Distinct display names: scenario names, disambiguated by file name when two coincide. */
export function variantNames(docs: ResultsDocument[], files: string[]): string[] {
  const names = docs.map((d) => d.scenario);
  const withFiles = names.map((n, i) => (names.indexOf(n) !== names.lastIndexOf(n) ? `${n} (${files[i]})` : n));
  // The same file given more than once: number the repeats, so that each variant keeps its own differences entry.
  return withFiles.map((n, i) => (withFiles.indexOf(n) !== i ? `${n} #${i + 1}` : n));
}
