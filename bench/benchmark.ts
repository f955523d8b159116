/**
 * Running a benchmark suite: every scenario's replications through the task runner (KPIs with 95%
 * CIs, deterministic), then, unless disabled, each scenario's speed ratio measured in this thread
 * with the pool idle. The document is what `ccsim bench --json` prints and what a baseline file holds.
 */
import { loadScenario } from '../scenarios/load.ts';
import type { ReplicationResult } from '../sim/replication.ts';
import type { TaskRunner } from './pool.ts';
import { provenance } from './provenance.ts';
import { resultsOf } from './run-scenario.ts';
import { measureSpeed, type SpeedFigures } from './speed.ts';
import type { LoadedSuite } from './suite-spec.ts';
import { replicationTasks } from './tasks.ts';

export const BENCH_SCHEMA_VERSION = 1;

export interface BenchKpi {
  better: 'higher' | 'lower';
  mean: number | null;
  ci95: [number, number] | null;
}

export interface BenchScenario {
  name: string;
  scenario: string;
  scenarioHash: string;
  seed: number;
  replications: number;
  kpis: Record<string, BenchKpi>;
  /** Null when speed was not measured (--no-speed). */
  speed: SpeedFigures | null;
}

export interface BenchDocument {
  schemaVersion: number;
  suite: string;
  tolerance: number;
  scenarios: BenchScenario[];
  provenance: { ccsim: string; commit: string | null; node: string };
  perf: { wallSeconds: number; workers: number };
}

export async function runSuite(
  suite: LoadedSuite,
  runner: TaskRunner,
  opts: { speed: boolean; onProgress?: (done: number, total: number) => void },
): Promise<BenchDocument> {
  const start = performance.now();
  const loaded = suite.scenarios.map((s) => loadScenario(s.file, { set: s.set, replications: s.replications }));
  const tasks = loaded.flatMap((l, i) => replicationTasks(l.scenario, 0, l.scenario.replications, suite.scenarios[i].name));
  let done = 0;
  const results = await runner.run(tasks, () => opts.onProgress?.(++done, tasks.length));
  const byScenario: ReplicationResult[][] = loaded.map(() => []);
  let k = 0;
  loaded.forEach((l, i) => {
    for (let r = 0; r < l.scenario.replications; r++) byScenario[i].push(results[k++]);
  });
  const scenarios = suite.scenarios.map((s, i): BenchScenario => {
    const l = loaded[i];
    const doc = resultsOf(l.scenario, l.hash, byScenario[i], 0);
    const kpis: Record<string, BenchKpi> = {};
    for (const { kpi, better } of s.kpis) kpis[kpi] = { better, mean: doc.kpis[kpi]?.mean ?? null, ci95: doc.kpis[kpi]?.ci95 ?? null };
    return { name: s.name, scenario: l.scenario.name, scenarioHash: l.hash, seed: l.scenario.seed, replications: l.scenario.replications, kpis, speed: null };
  });
  if (opts.speed) {
    scenarios.forEach((s, i) => (s.speed = measureSpeed(loaded[i].scenario, suite.speed.rounds, suite.speed.minSeconds)));
  }
  const p = provenance('');
  return {
    schemaVersion: BENCH_SCHEMA_VERSION,
    suite: suite.name,
    tolerance: suite.tolerance,
    scenarios,
    provenance: { ccsim: p.ccsim, commit: p.commit, node: p.node },
    perf: { wallSeconds: Math.round((performance.now() - start) / 10) / 100, workers: runner.workers },
  };
}
