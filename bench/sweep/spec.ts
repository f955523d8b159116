/**
 * The sweep file: a base scenario, the parameters to vary (by field path, applied as the scenario
 * loader's `--set` overrides, so any scenario field can be swept without changes here), a design,
 * an objective with constraints, and the confirmation of the top configurations.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { readConfigFile } from '../config-file.ts';

const finite = (error: string) => z.number({ error }).refine(Number.isFinite, { error });

const discreteRange = z
  .strictObject({ from: finite('a number'), to: finite('a number'), step: finite('a number > 0').refine((s) => s > 0, { error: 'a number > 0' }) })
  .refine((r) => r.to >= r.from, { error: 'to >= from', path: ['to'] })
  .refine((r) => (r.to - r.from) / r.step <= 100_000, { error: 'at most 100,001 values', path: ['step'] });

const continuousRange = z
  .strictObject({ from: finite('a number'), to: finite('a number') })
  .refine((r) => r.to >= r.from, { error: 'to >= from', path: ['to'] });

export const parameterSpec = z.union(
  [z.array(z.unknown(), { error: 'a non-empty list of values' }).min(1, { error: 'a non-empty list of values' }), discreteRange, continuousRange],
  { error: 'a list of values, { from, to, step } or { from, to } (continuous, random and lhs designs only)' },
);
export type ParameterSpec = z.output<typeof parameterSpec>;

export const designSpec = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('grid') }),
    z.strictObject({
      kind: z.literal('random'),
      points: z.number().int({ error: 'an integer >= 1' }).min(1, { error: 'an integer >= 1' }),
      seed: z.number().int({ error: 'an integer >= 0' }).min(0, { error: 'an integer >= 0' }).default(1),
    }),
    z.strictObject({
      kind: z.literal('lhs'),
      points: z.number().int({ error: 'an integer >= 1' }).min(1, { error: 'an integer >= 1' }),
      seed: z.number().int({ error: 'an integer >= 0' }).min(0, { error: 'an integer >= 0' }).default(1),
    }),
  ],
  { error: 'a design { kind: grid }, { kind: random, points, seed } or { kind: lhs, points, seed }' },
);
export type DesignSpec = z.output<typeof designSpec>;

const kpiName = z.string({ error: 'a KPI name' }).min(1, { error: 'a KPI name' });

export const objectiveSpec = z.strictObject({
  kpi: kpiName,
  direction: z.enum(['max', 'min'], { error: 'max or min' }),
});
export type Objective = z.output<typeof objectiveSpec>;

export const constraintSpec = z
  .strictObject({
    kpi: kpiName,
    max: finite('a number').optional(),
    min: finite('a number').optional(),
    /** Which estimate must satisfy the bound; default the conservative end of the 95% CI. */
    judgedOn: z.enum(['upper', 'lower', 'mean'], { error: 'upper, lower or mean' }).optional(),
  })
  .refine((c) => c.max !== undefined || c.min !== undefined, { error: 'a bound: max, min or both', path: ['max'] });
export type Constraint = z.output<typeof constraintSpec>;

const int = (min: number) => z.number({ error: `an integer >= ${min}` }).int({ error: `an integer >= ${min}` }).min(min, { error: `an integer >= ${min}` });

export const sweepSpec = z
  .strictObject({
    name: z.string({ error: 'a non-empty string' }).min(1, { error: 'a non-empty string' }).optional(),
    description: z.string({ error: 'a string' }).optional(),
    base: z.string({ error: 'a path to the base scenario (relative to this file)' }).min(1, { error: 'a path to the base scenario (relative to this file)' }),
    parameters: z
      .record(z.string().regex(/^[^.\s=]+(\.[^.\s=]+)*$/, { error: 'a dotted field path such as agents.0.count' }), parameterSpec, { error: 'a mapping of field paths to values' })
      .refine((p) => Object.keys(p).length > 0, { error: 'at least one parameter' }),
    design: designSpec.prefault({ kind: 'grid' }),
    replications: int(2),
    objective: objectiveSpec,
    constraints: z.array(constraintSpec, { error: 'a list of constraints' }).default([]),
    confirm: z.strictObject({ top: int(0), replications: int(2).optional() }).prefault({ top: 3 }),
  })
  .superRefine((s, ctx) => {
    if (s.design.kind !== 'grid') return;
    for (const [path, p] of Object.entries(s.parameters)) {
      if (!Array.isArray(p) && !('step' in p)) {
        ctx.addIssue({ code: 'custom', path: ['parameters', path], message: 'a list or { from, to, step } (a grid cannot enumerate a continuous range)' });
      }
    }
  });
export type SweepSpec = z.output<typeof sweepSpec>;

export interface LoadedSweep {
  spec: SweepSpec;
  /** The sweep file as given. */
  file: string;
  /** The base scenario's path, resolved against the sweep file's folder. */
  basePath: string;
  name: string;
  /** Confirmation replications (default: the evaluation's). */
  confirmReplications: number;
}

export function loadSweep(file: string): LoadedSweep {
  const spec = readConfigFile(file, sweepSpec, 'sweep');
  const basePath = isAbsolute(spec.base) ? spec.base : join(dirname(file), spec.base);
  const name = spec.name ?? file.replace(/^.*[\\/]/, '').replace(/\.(ya?ml|json)$/i, '');
  return { spec, file, basePath, name, confirmReplications: spec.confirm.replications ?? spec.replications };
}
