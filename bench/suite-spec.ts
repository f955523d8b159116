/**
 * The regression-benchmark suite file (bench/suite.yaml): scenarios to measure, the KPIs to watch
 * with the direction that counts as worse, the speed tolerance and where the baseline lives.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { ConfigFileError, lineInFile, readConfigFile } from './config-file.ts';
import { betterDirection } from './kpi-defs.ts';

const betterSpec = z.enum(['higher', 'lower'], { error: 'higher or lower' });

const kpiEntry = z.union(
  [z.string().min(1), z.strictObject({ kpi: z.string({ error: 'a KPI name' }).min(1), better: betterSpec })],
  { error: 'a KPI name, or { kpi: <name>, better: higher|lower } for a KPI ccsim does not define' },
);

export const suiteSpec = z.strictObject({
  name: z.string({ error: 'a non-empty string' }).min(1).default('ccsim-bench'),
  baseline: z.string({ error: 'a path (relative to this file)' }).min(1).optional(),
  tolerance: z
    .number({ error: 'a number in [0, 1)' })
    .min(0, { error: 'a number in [0, 1)' })
    .lt(1, { error: 'a number in [0, 1)' })
    .default(0.25),
  speed: z
    .strictObject({
      rounds: z.number({ error: 'an integer >= 1' }).int().min(1, { error: 'an integer >= 1' }).default(3),
      minSeconds: z.number({ error: 'a number > 0' }).positive({ error: 'a number > 0' }).default(0.3),
    })
    .prefault({}),
  scenarios: z
    .array(
      z.strictObject({
        name: z.string({ error: 'a non-empty string' }).min(1),
        file: z.string({ error: 'a scenario file (relative to this file)' }).min(1),
        replications: z.number({ error: 'an integer >= 2' }).int().min(2, { error: 'an integer >= 2' }).optional(),
        set: z.array(z.string({ error: 'a path=value override' }), { error: 'a list of path=value overrides' }).optional(),
        kpis: z.array(kpiEntry, { error: 'a list of KPIs' }).min(1, { error: 'a non-empty list of KPIs' }),
      }),
      { error: 'a list of scenarios' },
    )
    .min(1, { error: 'a non-empty list of scenarios' })
    .refine((list) => new Set(list.map((s) => s.name)).size === list.length, { error: 'scenarios with distinct names' }),
});
export type SuiteSpec = z.output<typeof suiteSpec>;

export interface SuiteScenario {
  name: string;
  /** Resolved against the suite file's folder. */
  file: string;
  replications?: number;
  set: string[];
  kpis: { kpi: string; better: 'higher' | 'lower' }[];
}

export interface LoadedSuite {
  file: string;
  name: string;
  tolerance: number;
  speed: { rounds: number; minSeconds: number };
  /** Resolved against the suite file's folder; undefined when the suite names none. */
  baseline?: string;
  scenarios: SuiteScenario[];
}

export function loadSuite(file: string): LoadedSuite {
  const spec = readConfigFile(file, suiteSpec, 'bench suite');
  const near = (p: string) => (isAbsolute(p) ? p : join(dirname(file), p));
  return {
    file,
    name: spec.name,
    tolerance: spec.tolerance,
    speed: spec.speed,
    baseline: spec.baseline !== undefined ? near(spec.baseline) : undefined,
    scenarios: spec.scenarios.map((s, i) => ({
      name: s.name,
      file: near(s.file),
      replications: s.replications,
      set: s.set ?? [],
      kpis: s.kpis.map((k, j) => {
        if (typeof k !== 'string') return k;
        const better = betterDirection(k);
        if (!better) {
          throw new ConfigFileError({ file, line: lineInFile(file, ['scenarios', i, 'kpis', j]), path: `scenarios[${i}].kpis[${j}]`, expected: 'a KPI with a better direction, or { kpi, better: higher|lower }', found: JSON.stringify(k) });
        }
        return { kpi: k, better };
      }),
    })),
  };
}
