/**
 * Back-test: simulate a (calibrated) scenario over the history's period and compare per-interval
 * KPIs with what happened. Each interval of each day is one comparison: the historical value
 * against the R simulated values of the same local interval (one per replication).
 *
 * Prediction bands are per-interval order statistics across replications, not intervals of a mean:
 * with k = floor(0.05 (R + 1)), the band [s_(k), s_(R+1-k)] holds a new draw from the same model
 * with probability (R + 1 - 2k) / (R + 1), exactly 90% for R = 39 (the default). Coverage counts
 * the historical value's rank among the simulated ones, ties split evenly, so discrete counts (a
 * quiet interval with 0 abandonments in most replications) are neither always in nor always out.
 */
import type { Scenario } from '../../scenarios/schema.ts';
import { compileModel, makeCalendar } from '../../sim/model.ts';
import { IV, IV_FIELDS } from '../../sim/metrics/inbound-stats.ts';
import type { ReplicationResult } from '../../sim/replication.ts';
import { mean } from '../../sim/stats/summary.ts';
import type { TaskRunner } from '../pool.ts';
import { replicationTasks } from '../tasks.ts';
import { KIND_INBOUND } from './cdr.ts';
import { cellCovered, type History } from './history.ts';
import { INBOUND_ABANDONED, INBOUND_ANSWERED } from './layout.ts';

export const BACKTEST_KPIS = ['offered', 'answered', 'abandonRate', 'asa', 'serviceLevel'] as const;
export type BacktestKpi = (typeof BACKTEST_KPIS)[number];

/** Sums per interval: offered, answered, abandoned, answered within T, total wait of answered. */
interface Sums {
  offered: number;
  answered: number;
  abandoned: number;
  withinT: number;
  sumWait: number;
}

function kpiOf(s: Sums, kpi: BacktestKpi): number | null {
  switch (kpi) {
    case 'offered':
      return s.offered;
    case 'answered':
      return s.answered;
    case 'abandonRate':
      return s.offered > 0 ? s.abandoned / s.offered : null;
    case 'serviceLevel':
      return s.offered > 0 ? s.withinT / s.offered : null;
    case 'asa':
      return s.answered > 0 ? s.sumWait / s.answered : null;
  }
}

export interface CellComparison {
  /** Local start "YYYY-MM-DDTHH:MM". */
  start: string;
  history: Record<BacktestKpi, number | null>;
  simulated: Record<BacktestKpi, { mean: number | null; lo: number | null; hi: number | null; covered: number | null }>;
}

export interface KpiSummaryRow {
  kpi: BacktestKpi;
  cells: number;
  historyMean: number;
  simulatedMean: number;
  bias: number;
  mae: number;
  rmse: number;
  /** Share of historical values inside the simulated band (ties split). */
  coverage: number;
}

export interface BacktestDocument {
  scenario: string;
  history: string;
  replications: number;
  band: { k: number; nominal: number };
  intervalSeconds: number;
  slSeconds: number;
  summary: KpiSummaryRow[];
  /** The average day: per interval of the day, the history's mean over days and the simulated band of that mean. */
  averageDay: Record<BacktestKpi, AggregatePoint[]>;
  /** Per day: totals (offered, answered) or ratios of the day's totals, history against the simulated band. */
  daily: Record<BacktestKpi, AggregatePoint[]>;
  cells: CellComparison[];
}

export interface AggregatePoint {
  /** "HH:MM" (average day) or "YYYY-MM-DD" (daily). */
  key: string;
  history: number | null;
  mean: number | null;
  lo: number | null;
  hi: number | null;
}

/** k of the band [s_(k), s_(R+1-k)] and its nominal coverage. */
export function bandOrder(replications: number): { k: number; nominal: number } {
  const k = Math.max(1, Math.floor(0.05 * (replications + 1)));
  return { k, nominal: Math.max(0, replications + 1 - 2 * k) / (replications + 1) };
}

/**
 * Share of the historical value's possible ranks among the simulated values (ties: every position
 * among the equal ones equally likely) that lie inside the band: at least k simulated values below
 * and at least k above.
 */
export function rankCoverage(h: number, sims: readonly number[], k: number): number {
  let below = 0;
  let equal = 0;
  for (const s of sims) {
    if (s < h) below++;
    else if (s === h) equal++;
  }
  const n = sims.length;
  // Rank j (1-based among n + 1 values) ranges over below+1 .. below+equal+1; inside when k+1 <= j <= n+1-k.
  const lo = Math.max(below + 1, k + 1);
  const hi = Math.min(below + equal + 1, n + 1 - k);
  return hi >= lo ? (hi - lo + 1) / (equal + 1) : 0;
}

function localKey(text: string): string {
  return text.slice(0, 16);
}

/** Per-interval sums of the history, keyed by local start "YYYY-MM-DDTHH:MM"; only intervals inside its period. */
export function historySums(h: History, slSeconds: number): Map<string, Sums> {
  const perDay = Math.round(86400 / h.intervalSeconds);
  const out = new Map<string, Sums>();
  const keyOf = (day: number, k: number) => {
    const s = k * h.intervalSeconds;
    return `${new Date(day * 86_400_000).toISOString().slice(0, 10)}T${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
  };
  for (let day = h.firstDay; day <= h.lastDay; day++) {
    for (let k = 0; k < perDay; k++) if (cellCovered(h, day, k)) out.set(keyOf(day, k), { offered: 0, answered: 0, abandoned: 0, withinT: 0, sumWait: 0 });
  }
  const d = h.calls.data;
  for (let i = 0; i < d.n; i++) {
    if (d.kind[i] !== KIND_INBOUND) continue;
    const s = out.get(keyOf(d.dayNumber[i], Math.min(perDay - 1, Math.floor(d.secondOfDay[i] / h.intervalSeconds))));
    if (!s) continue;
    s.offered++;
    if (d.outcome[i] === INBOUND_ANSWERED) {
      s.answered++;
      s.sumWait += d.wait[i];
      if (d.wait[i] <= slSeconds) s.withinT++;
    } else if (d.outcome[i] === INBOUND_ABANDONED) s.abandoned++;
  }
  return out;
}

/** Per-interval sums of each replication, keyed like historySums by the interval's local start. */
export function simulatedSums(scenario: Scenario, reps: readonly ReplicationResult[]): Map<string, Sums[]> {
  const cal = makeCalendar(compileModel(scenario));
  const interval = scenario.series.intervalMinutes * 60;
  const out = new Map<string, Sums[]>();
  const keys = new Map<number, string>();
  reps.forEach((r, ri) => {
    const iv = r.intervals;
    if (!iv) return;
    for (let k = 0; k < iv.count; k++) {
      const t = iv.firstStart + k * interval;
      let key = keys.get(t);
      if (key === undefined) keys.set(t, (key = localKey(cal.format(Math.max(0, t)))));
      let list = out.get(key);
      if (!list) out.set(key, (list = Array.from({ length: reps.length }, () => ({ offered: 0, answered: 0, abandoned: 0, withinT: 0, sumWait: 0 }))));
      const f = iv.fields;
      const o = k * IV_FIELDS;
      const s = list[ri];
      s.offered += f[o + IV.offered];
      s.answered += f[o + IV.answered];
      s.abandoned += f[o + IV.abandoned];
      s.withinT += f[o + IV.withinT];
      s.sumWait += f[o + IV.sumWait];
    }
  });
  return out;
}

export async function runBacktest(runner: TaskRunner, scenario: Scenario, h: History, historyName: string, replications: number): Promise<BacktestDocument> {
  const reps = await runner.run(replicationTasks({ ...scenario, replications }, 0, replications));
  return compareWithHistory(scenario, h, historyName, reps);
}

export function compareWithHistory(scenario: Scenario, h: History, historyName: string, reps: readonly ReplicationResult[]): BacktestDocument {
  const sl = scenario.serviceLevel.seconds;
  const hist = historySums(h, sl);
  const sim = simulatedSums(scenario, reps);
  const band = bandOrder(reps.length);
  const cells: CellComparison[] = [];
  for (const [start, hs] of [...hist.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const ss = sim.get(start);
    const simOffered = ss ? mean(ss.map((s) => s.offered)) : 0;
    if (hs.offered === 0 && simOffered === 0) continue; // closed: nothing to compare
    const cell: CellComparison = { start, history: {} as CellComparison['history'], simulated: {} as CellComparison['simulated'] };
    for (const kpi of BACKTEST_KPIS) {
      const hv = kpiOf(hs, kpi);
      const values = (ss ?? []).map((s) => kpiOf(s, kpi)).filter((v): v is number => v !== null);
      cell.history[kpi] = hv;
      if (values.length === 0) {
        cell.simulated[kpi] = { mean: null, lo: null, hi: null, covered: null };
        continue;
      }
      const sorted = [...values].sort((a, b) => a - b);
      const b = bandOrder(values.length);
      cell.simulated[kpi] = {
        mean: mean(values),
        lo: sorted[b.k - 1],
        hi: sorted[values.length - b.k],
        covered: hv === null ? null : rankCoverage(hv, values, b.k),
      };
    }
    cells.push(cell);
  }
  const summary = BACKTEST_KPIS.map((kpi) => {
    const pairs = cells.filter((c) => c.history[kpi] !== null && c.simulated[kpi].mean !== null && c.simulated[kpi].covered !== null);
    const err = pairs.map((c) => (c.history[kpi] as number) - (c.simulated[kpi].mean as number));
    return {
      kpi,
      cells: pairs.length,
      historyMean: mean(pairs.map((c) => c.history[kpi] as number)),
      simulatedMean: mean(pairs.map((c) => c.simulated[kpi].mean as number)),
      bias: mean(err),
      mae: mean(err.map(Math.abs)),
      rmse: Math.sqrt(mean(err.map((e) => e * e))),
      coverage: mean(pairs.map((c) => c.simulated[kpi].covered as number)),
    };
  });
  const included = new Set(cells.map((c) => c.start));
  return {
    scenario: scenario.name,
    history: historyName,
    replications: reps.length,
    band,
    intervalSeconds: scenario.series.intervalMinutes * 60,
    slSeconds: sl,
    summary,
    averageDay: aggregate(hist, sim, included, reps.length, (start) => start.slice(11, 16), 'mean'),
    daily: aggregate(hist, sim, included, reps.length, (start) => start.slice(0, 10), 'sum'),
    cells,
  };
}

/**
 * Groups the compared intervals (by time of day, or by date) and gives each group the history's value
 * and the band of the simulated one across replications: 'mean' averages the interval KPIs over the
 * group's intervals; 'sum' adds the sums first (daily totals and daily ratios).
 */
function aggregate(hist: Map<string, Sums>, sim: Map<string, Sums[]>, included: Set<string>, reps: number, groupOf: (start: string) => string, how: 'mean' | 'sum'): Record<BacktestKpi, AggregatePoint[]> {
  const groups = new Map<string, string[]>();
  for (const start of [...included].sort()) {
    const g = groupOf(start);
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(start);
  }
  const zero = (): Sums => ({ offered: 0, answered: 0, abandoned: 0, withinT: 0, sumWait: 0 });
  const add = (a: Sums, b: Sums) => {
    a.offered += b.offered;
    a.answered += b.answered;
    a.abandoned += b.abandoned;
    a.withinT += b.withinT;
    a.sumWait += b.sumWait;
  };
  const value = (cells: (Sums | undefined)[], kpi: BacktestKpi): number | null => {
    if (how === 'sum') {
      const total = zero();
      for (const c of cells) if (c) add(total, c);
      return kpiOf(total, kpi);
    }
    const vs = cells.map((c) => (c ? kpiOf(c, kpi) : null)).filter((v): v is number => v !== null);
    return vs.length ? mean(vs) : null;
  };
  const out = {} as Record<BacktestKpi, AggregatePoint[]>;
  for (const kpi of BACKTEST_KPIS) {
    out[kpi] = [...groups.keys()].sort().map((key) => {
      const starts = groups.get(key)!;
      const h = value(starts.map((s) => hist.get(s)), kpi);
      const simValues: number[] = [];
      for (let r = 0; r < reps; r++) {
        const v = value(starts.map((s) => sim.get(s)?.[r]), kpi);
        if (v !== null) simValues.push(v);
      }
      if (simValues.length === 0) return { key, history: h, mean: null, lo: null, hi: null };
      const sorted = [...simValues].sort((a, b) => a - b);
      const b = bandOrder(sorted.length);
      return { key, history: h, mean: mean(simValues), lo: sorted[b.k - 1], hi: sorted[sorted.length - b.k] };
    });
  }
  return out;
}
