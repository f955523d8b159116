/**
 * Data shapes the report reads that the simulator does not produce yet (outbound pacing, breakdowns,
 * sweeps). They are the contract: a document that carries data in these shapes gets the matching
 * charts with no change here. Each has a zod schema so that a section present in a document but
 * shaped differently is reported as a note in the report (and on stderr), never silently ignored.
 *
 * Where each lives:
 * - pacing trace: extra Band metrics on `series.rows[i]` (the series row schema already admits any
 *   further Band key): `dials`, `connectRate`, `abandonRate` — see PacingTraceRow (the simulator's
 *   OUTBOUND_SERIES_METRICS). The ceiling is the rule pack's `compliance.threshold` (a share; or
 *   `compliance.abandonRateTarget`), else the common 3%.
 * - breakdowns: `breakdowns[dimension][value][kpi]` is a KpiSummary — see Breakdown.
 * - sweeps: `ccsim sweep`'s points.json (objective and constraints from the sweep.json beside it),
 *   or a document `{ points: SweepPoint[], objective?, constraints? }` — see SweepDocument.
 * Units as everywhere in ccsim: shares in [0, 1], times in seconds, counts per interval.
 */
import { z } from 'zod';
import type { Band, KpiSummary } from '../sim/metrics/aggregate.ts';

// ---------------------------------------------------------------------------------------------------------------
// Pacing trace (outbound dialer), one row per series interval

/** The series-row keys that make a row a pacing trace row; `dials` alone decides that a trace exists. */
export const PACING_KEYS = ['dials', 'connectRate', 'abandonRate'] as const;

/**
 * One interval of a dialer's pacing, read from a series row (mean and 5–95% band across replications):
 * - `dials`: dial attempts placed in the interval (the chart shows them per hour);
 * - `connectRate`: live answers / dials, share;
 * - `abandonRate`: abandoned live answers / live answers (the regulators' definition), share.
 */
export interface PacingTraceRow {
  start: string;
  dials: Band;
  connectRate: Band;
  abandonRate: Band;
}

/** The regulators' common ceiling (FTC TSR, FCC TCPA, Ofcom): 3% of live-answered calls. */
export const DEFAULT_ABANDON_TARGET = 0.03;

/** `compliance` keys the report reads (the results document has more). */
export interface ComplianceTarget {
  /** The rule pack's abandon-rate ceiling, share (e.g. 0.03). */
  threshold?: number;
  /** The rule pack's name, for the label. */
  pack?: string;
  /** Accepted instead of `threshold`. */
  abandonRateTarget?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Breakdowns: KPIs by segment, agent group, script, intent

/** Dimensions charted, in this order, with their display names; other dimensions are charted after them. */
export const BREAKDOWN_DIMENSIONS: Record<string, string> = {
  segment: 'customer segment',
  agentGroup: 'agent group',
  script: 'script',
  intent: 'intent',
  arm: 'pilot arm',
};

/** KPIs charted per breakdown, when present. */
export const BREAKDOWN_KPIS = ['conversionRate'] as const;

/** By value of the dimension (e.g. script id), by KPI name: the KPI across replications. */
export type Breakdown = Record<string, Record<string, KpiSummary>>;
/** By dimension name (`segment`, `agentGroup`, `script`, `intent`, ...). */
export type Breakdowns = Record<string, Breakdown>;

const interval = z.tuple([z.number(), z.number()]);
const kpiSummary = z.looseObject({ mean: z.number().nullable(), ci95: interval.nullable(), values: z.array(z.number().nullable()) });
export const breakdownsSchema = z.record(z.string(), z.record(z.string(), z.record(z.string(), kpiSummary)));

// ---------------------------------------------------------------------------------------------------------------
// Sweeps: one point per parameter combination

/** A KPI at one sweep point: its mean and, with several replications, the 95% CI. */
export interface SweepKpi {
  mean: number | null;
  ci95?: [number, number] | null;
}

/**
 * One point of a parameter sweep, as the charts read it. `params` are the swept values by field
 * path (e.g. `agents.0.count`), `kpis` the point's KPIs by name.
 */
export interface SweepPoint {
  params: Record<string, number | string | boolean>;
  kpis: Record<string, SweepKpi>;
  /** The sweep's own verdict on the constraints (ccsim sweep judges the pessimistic CI bound); else judged here on the means. */
  feasible?: boolean | null;
}

/** A bound on a KPI that a feasible point must meet, e.g. `{ kpi: 'abandonRate', max: 0.03 }`. */
export interface SweepConstraint {
  kpi: string;
  max?: number;
  min?: number;
}

export interface SweepDocument {
  /** The sweep's name, for titles. */
  name?: string;
  /** The KPI coloured in the heatmap; default: the first of DEFAULT_OBJECTIVES present. */
  objective?: { kpi: string; direction?: 'max' | 'min' };
  /** Boundaries drawn on the heatmap; default: abandonRate <= 3% when the points have abandonRate. */
  constraints?: SweepConstraint[];
  points: SweepPoint[];
}

export const DEFAULT_OBJECTIVES = ['conversionsPerAgentHour', 'conversions', 'serviceLevel'] as const;

const sweepKpi = z.looseObject({ mean: z.number().nullable(), ci95: interval.nullable().optional() });
const paramValue = z.union([z.number(), z.string(), z.boolean()]);
const objective = z.looseObject({ kpi: z.string(), direction: z.enum(['max', 'min']).optional() });
const constraint = z.looseObject({ kpi: z.string(), max: z.number().optional(), min: z.number().optional() });

/** The normalized form above: `{ points: [{ params, kpis }], objective?, constraints? }`. */
export const sweepDocumentSchema = z.looseObject({
  name: z.string().optional(),
  objective: objective.optional(),
  constraints: z.array(constraint).optional(),
  points: z.array(z.looseObject({ params: z.record(z.string(), paramValue), kpis: z.record(z.string(), sweepKpi), feasible: z.boolean().nullable().optional() })).min(1),
});

/**
 * `ccsim sweep`'s points.json: one entry per point with its `parameters` and, once evaluated, the
 * evaluation's KPIs and verdict. Its objective and constraints are in sweep.json beside it.
 */
export const sweepPointsFileSchema = z
  .array(
    z.looseObject({
      point: z.number(),
      parameters: z.record(z.string(), paramValue),
      error: z.string().nullable().optional(),
      evaluation: z.looseObject({ kpis: z.record(z.string(), sweepKpi), feasible: z.boolean().optional() }).nullable(),
    }),
  )
  .min(1);

/** The part of `ccsim sweep`'s sweep.json the report reads. */
export const sweepSummarySchema = z.looseObject({
  sweep: z.looseObject({ name: z.string().optional(), objective: objective.optional(), constraints: z.array(constraint).optional() }),
});

/** points.json (+ sweep.json when found) → the normalized document; points without an evaluation are left out. */
export function fromSweepFiles(points: z.output<typeof sweepPointsFileSchema>, summary: z.output<typeof sweepSummarySchema> | null): SweepDocument {
  const doc: SweepDocument = {
    points: points.flatMap((p) => (p.evaluation ? [{ params: p.parameters, kpis: p.evaluation.kpis, feasible: p.evaluation.feasible ?? null }] : [])),
  };
  if (summary?.sweep.name) doc.name = summary.sweep.name;
  if (summary?.sweep.objective) doc.objective = summary.sweep.objective;
  if (summary?.sweep.constraints) doc.constraints = summary.sweep.constraints;
  return doc;
}
