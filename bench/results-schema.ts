/**
 * zod schemas of the JSON documents ccsim prints: the results document (`ccsim run --json`, results.json),
 * the comparison document (`ccsim compare --json`) and the closed-form table (`ccsim erlang --json`).
 * They describe the documents exactly as bench/results.ts, bench/compare.ts and bench/commands/erlang.ts
 * build them; bench/generate-results-schema.ts turns them into bench/results.schema.json.
 *
 * Units: times are in seconds, shares are fractions in [0, 1] (not percentages), counts are calls.
 *
 * Extension: the documents and their sections are open objects (unknown keys are kept and allowed), so a
 * reader of an older version still accepts a newer document. New fields belong here too: a test checks
 * that every key of a real document is declared. `kpis` is a record (new KPIs need no schema change);
 * `breakdowns` and `compliance` are reserved optional sections, typed loosely until their issues define them.
 * The `*Object` exports are unrefined, for `.extend(...)`; re-apply the exported refinements afterwards.
 */
import { z } from 'zod';
import { SERIES_METRICS, type SeriesMetric } from '../sim/metrics/aggregate.ts';
import { ALL_KPIS } from '../sim/metrics/kpis.ts';
import { SCHEMA_VERSION } from './results.ts';

/**
 * Ids of the shared definitions: bench/generate-results-schema.ts emits each registered schema once under
 * `$defs` (the results document is the root of the file) and refers to it from everywhere else.
 */
export const resultsSchemaRegistry = z.registry<{ id: string }>();

// ---------------------------------------------------------------------------------------------------------------
// Building blocks

const count = (description: string) => z.number().int().nonnegative().meta({ description });
const nullableNumber = (description: string) => z.number().nullable().meta({ description });

/** A 95% interval [low, high]. */
export const interval95 = z
  .tuple([z.number(), z.number()])
  .meta({ title: 'Interval95', description: 'A 95% confidence interval [low, high], in the unit of the quantity it bounds.' })
  .register(resultsSchemaRegistry, { id: 'Interval95' });

const kpiList = ALL_KPIS.map((k) => `${k.name} (${k.unit}): ${k.description}`).join('; ');

/** One KPI over the replications. */
export const kpiSummarySchema = z
  .looseObject({
    mean: nullableNumber(
      "Mean over the replications whose value is defined, in the KPI's unit; null when no replication defines it (e.g. ASA with no answered call).",
    ),
    ci95: interval95
      .nullable()
      .meta({
        description:
          'Student-t 95% confidence interval of the mean; null with a single replication or when some replication leaves the KPI undefined.',
      }),
    values: z
      .array(z.number().nullable())
      .meta({ description: "One value per replication, in replication order, in the KPI's unit; null where the KPI is undefined (a 0/0 ratio)." }),
  })
  .meta({ title: 'KpiSummary', description: 'A KPI across replications: mean, 95% CI and the per-replication values.' })
  .register(resultsSchemaRegistry, { id: 'KpiSummary' });

/** Mean and 5th/95th percentiles of one interval metric across replications. */
export const bandSchema = z
  .looseObject({
    mean: nullableNumber('Mean over the replications defining the value; null when none does.'),
    p5: nullableNumber('5th percentile across replications (linear interpolation, R type 7); null when none defines the value.'),
    p95: nullableNumber('95th percentile across replications (linear interpolation, R type 7); null when none defines the value.'),
  })
  .meta({
    title: 'Band',
    description:
      "An interval metric across replications: its mean and a 5%-95% prediction band (spread of replications, not a CI of the mean), in the metric's unit.",
  })
  .register(resultsSchemaRegistry, { id: 'Band' });

const SERIES_METRIC_DOCS: Record<SeriesMetric, string> = {
  offered: 'Calls that arrived in the interval (warm-up included; outcomes are attributed to the arrival interval).',
  answered: 'Calls arriving in the interval that reached an agent.',
  abandoned: 'Calls arriving in the interval that hung up while waiting.',
  asa: 'Mean wait of the answered calls arriving in the interval, seconds.',
  serviceLevel: 'Share in [0, 1]: calls arriving in the interval answered within the service-level threshold / offered.',
  occupancy: 'Share in [0, 1]: busy agent-time / staffed agent-time during the interval.',
  agentsStaffed: 'Time-average number of agents available (idle or busy) during the interval.',
  agentsOnShift: 'Time-average number of agents on shift (breaks included) during the interval.',
  meanQueueLength: 'Time-average number of calls waiting during the interval.',
};

export const seriesRowSchema = z
  .object({
    start: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
      .meta({ description: "Local start of the interval in the scenario's calendar, \"YYYY-MM-DDTHH:MM\".", examples: ['2026-03-02T07:00'] }),
    startSeconds: z.number().nonnegative().meta({ description: 'Start of the interval in simulated seconds since time 0.' }),
    warmup: z.boolean().meta({ description: 'True when the interval ends before the measurement window opens (warm-up only).' }),
    replications: count('Number of replications that reached this interval (the last intervals may be missing in some).'),
    ...(Object.fromEntries(SERIES_METRICS.map((m) => [m, bandSchema.meta({ description: SERIES_METRIC_DOCS[m] })])) as Record<
      SeriesMetric,
      typeof bandSchema
    >),
  })
  .catchall(bandSchema)
  .meta({ title: 'SeriesRow', description: 'One interval of the time series; any further key is a metric Band.' })
  .register(resultsSchemaRegistry, { id: 'SeriesRow' });

const localTime = (description: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/).meta({ description });
const rate = (description: string) => z.number().min(0).max(1).nullable().meta({ description });

export const complianceSchema = z
  .looseObject({
    pack: z.string().meta({ description: 'Rule pack: us (abandoned / live-answered per fixed 30-day period) or uk (any rolling 24 h, AMD estimate counted as abandoned).' }),
    threshold: z.number().meta({ description: 'Highest abandoned rate the rule allows (share).' }),
    windowHours: z.number().meta({ description: 'Window length, hours.' }),
    rolling: z.boolean().meta({ description: 'True: every window (t - W, t] inside the campaign, evaluated at event times; false: successive fixed periods.' }),
    connectSeconds: z.number().meta({ description: 'A live answer must reach an agent within this many seconds of the greeting.' }),
    recallBlockHours: z.number().meta({ description: 'No re-call of an abandoned lead within this many hours (0: no such rule).' }),
    countAmdEstimate: z.boolean().meta({ description: "Whether the dialer's estimate of AMD false positives is added to the abandoned count." }),
    replicationsWithinThreshold: count('Replications whose worst window stays at or under the threshold.'),
    replications: z.array(
      z.looseObject({
        rate: rate('Abandoned rate over the whole run, as the pack counts it.'),
        worstRate: rate('Worst window.'),
        worstAt: localTime('Local time at which the worst window ends.').nullable(),
        headroom: z.number().nullable().meta({ description: 'threshold - worstRate.' }),
        abandoned: count('Abandoned calls the dialer observed.'),
        connected: count('Answers connected to an agent.'),
        amdEstimate: z.number().nonnegative().meta({ description: "The dialer's estimate of AMD false positives (counted as abandoned where the pack says so)." }),
        amdFalsePositives: count("The world's true AMD false positives (for comparison; a center cannot observe them)."),
        windows: z.array(
          z.looseObject({ start: localTime('Window start (local).'), end: localTime('Window end (local).'), abandoned: count('Abandoned.'), connected: count('Connected.'), rate: rate('Rate in this window.') }),
        ).meta({ description: 'Rolling packs: consecutive 24 h report windows from the campaign start; fixed packs: each period.' }),
        violations: z.array(
          z.looseObject({ from: localTime('Start (local).'), to: localTime('End (local).'), peakRate: z.number().meta({ description: 'Highest rate while over the threshold.' }) }),
        ).meta({ description: 'Spans of time in which the window rate exceeded the threshold.' }),
      }),
    ).meta({ description: 'One entry per replication, in replication order.' }),
  })
  .meta({ title: 'Compliance', description: 'Outbound campaigns: the rule pack and, per replication, the windows, the worst one and any violations.' })
  .register(resultsSchemaRegistry, { id: 'Compliance' });

export const seriesSchema = z
  .looseObject({
    intervalSeconds: z.number().positive().meta({ description: 'Length of each interval, seconds.' }),
    rows: z.array(seriesRowSchema).meta({ description: 'Intervals in time order, from the one containing simulated time 0.' }),
  })
  .meta({ title: 'Series', description: 'Per-interval statistics across replications (e.g. 15-minute rows).' });

export const waitHistogramObject = z.looseObject({
  binEdges: z
    .array(z.number().nonnegative())
    .meta({
      description:
        'Lower edge of each bin, seconds (0, binSeconds, 2 binSeconds, ...). The last bin is open-ended: it holds every wait >= its edge.',
    }),
  counts: z.array(z.number().nonnegative()).meta({ description: 'Calls per bin: answered + abandoned.' }),
  answered: z.array(z.number().nonnegative()).meta({ description: 'Answered calls per bin (bin of their wait before answer).' }),
  abandoned: z.array(z.number().nonnegative()).meta({ description: 'Abandoned calls per bin (bin of their wait before hanging up).' }),
});

/** The four arrays are parallel, and counts = answered + abandoned. */
export function refineWaitHistogram(h: z.output<typeof waitHistogramObject>, ctx: z.RefinementCtx): void {
  for (const key of ['counts', 'answered', 'abandoned'] as const) {
    if (h[key].length !== h.binEdges.length) {
      ctx.addIssue({ code: 'custom', path: [key], input: h[key], message: `${h.binEdges.length} bins like binEdges, found ${h[key].length}` });
    }
  }
  const i = h.counts.findIndex((c, k) => c !== h.answered[k] + h.abandoned[k]);
  if (i >= 0) ctx.addIssue({ code: 'custom', path: ['counts', i], input: h.counts[i], message: 'answered + abandoned' });
}

export const waitHistogramSchema = waitHistogramObject
  .superRefine(refineWaitHistogram)
  .meta({
    title: 'WaitHistogram',
    description: 'Waiting times in queue of the calls offered in the measurement window, pooled over all replications (blocked calls excluded).',
  })
  .register(resultsSchemaRegistry, { id: 'WaitHistogram' });

export const provenanceSchema = z
  .looseObject({
    ccsim: z.string().meta({ description: 'ccsim version (package.json).' }),
    commit: z
      .string()
      .regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/)
      .nullable()
      .meta({ description: 'Git commit of the checkout that ran the simulation; null outside a git checkout.' }),
    node: z.string().meta({ description: 'Node.js version (process.version).', examples: ['v20.19.0'] }),
    scenarioHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .meta({ description: 'sha256 (hex) of the canonical JSON (sorted keys) of the validated scenario, overrides and defaults included.' }),
    rng: z.string().meta({ description: 'The random number generator and how its draws are keyed.' }),
  })
  .meta({ title: 'Provenance', description: 'Where the result came from.' });

export const perfSchema = z
  .looseObject({
    calls: count('Calls generated over all replications, warm-up included.'),
    events: count('Events processed over all replications.'),
    wallSeconds: z.number().nonnegative().meta({ description: 'Wall-clock time of the replications, seconds (rounded to 0.1 ms).' }),
    callsPerSecond: count('calls / wallSeconds, rounded; 0 when wallSeconds is 0.'),
    eventsPerSecond: count('events / wallSeconds, rounded; 0 when wallSeconds is 0.'),
  })
  .meta({
    title: 'Perf',
    description: 'Throughput of this run. The only part of the document that differs between runs of the same scenario and seed.',
  });

// ---------------------------------------------------------------------------------------------------------------
// The results document

export const resultsDocumentObject = z.looseObject({
  schemaVersion: z.literal(SCHEMA_VERSION).meta({ description: 'Version of this document format.' }),
  scenario: z.string().min(1).meta({ description: 'Scenario name.' }),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .meta({ description: 'Base random seed the replications ran with (after overrides).' }),
  replications: z.number().int().min(1).meta({ description: 'Number of replications (after overrides).' }),
  kpis: z
    .record(z.string(), kpiSummarySchema)
    .meta({
      description:
        `KPIs by name, each over the measurement window (warm-up excluded), in this order: ${kpiList}. ` +
        'Units: calls are counts, shares are fractions in [0, 1], seconds are seconds, agents are time-average agent counts. ' +
        'Further KPIs may be added; readers should look KPIs up by name.',
    }),
  series: seriesSchema.nullable().meta({ description: 'Per-interval time series; null when the scenario disables it (series.enabled: false).' }),
  distributions: z
    .looseObject({ wait: waitHistogramSchema })
    .meta({ description: 'Distributions pooled over replications.' }),
  breakdowns: z
    .record(z.string(), z.record(z.string(), z.record(z.string(), kpiSummarySchema)))
    .optional()
    .meta({
      description:
        'Sales KPIs broken down: dimension (segment, agentGroup, ...) -> value (a segment or group name) -> KPI (connected, conversions, conversionRate, revenue, effectiveCallShare, talkSeconds; in a pacing split the arm cells also dials, liveConnects, abandonedLive, abandonedShare) -> summary across replications.',
    }),
  compliance: complianceSchema.optional(),
  provenance: provenanceSchema,
  perf: perfSchema,
});

/** Per-replication arrays have one entry per replication; series rows count at most that many. */
export function refineResultsDocument(d: z.output<typeof resultsDocumentObject>, ctx: z.RefinementCtx): void {
  for (const [name, k] of Object.entries(d.kpis)) {
    if (k.values.length !== d.replications) {
      ctx.addIssue({
        code: 'custom',
        path: ['kpis', name, 'values'],
        input: k.values,
        message: `one value per replication (${d.replications}), found ${k.values.length}`,
      });
    }
  }
  d.series?.rows.forEach((r, i) => {
    if (r.replications > d.replications) {
      ctx.addIssue({ code: 'custom', path: ['series', 'rows', i, 'replications'], input: r.replications, message: `at most ${d.replications}` });
    }
  });
}

export const resultsDocumentSchema = resultsDocumentObject
  .superRefine(refineResultsDocument)
  .meta({
    title: 'ccsim results',
    description:
      'What `ccsim run --json` prints and `--out DIR` writes to DIR/results.json. Apart from `perf`, the same scenario and seed give the same bytes. ' +
      'Times in seconds, shares in [0, 1].',
  })
  .register(resultsSchemaRegistry, { id: 'ResultsDocument' });

// ---------------------------------------------------------------------------------------------------------------
// The comparison document

export const differenceSchema = z
  .looseObject({
    mean: nullableNumber("Mean of (variant - baseline) over the replications where both are defined, in the KPI's unit; null when there are none."),
    ci95: interval95
      .nullable()
      .meta({ description: 'Paired 95% interval of the difference (replication r of both runs on the same random numbers); null with fewer than 2 pairs.' }),
    unpairedCi95: interval95
      .nullable()
      .meta({ description: 'Welch (unpaired) 95% interval of the same difference, for comparison; null with fewer than 2 pairs.' }),
  })
  .meta({ title: 'Difference', description: 'A KPI of a variant minus the same KPI of the baseline.' })
  .register(resultsSchemaRegistry, { id: 'Difference' });

export const compareDocumentObject = z.looseObject({
  schemaVersion: z.literal(SCHEMA_VERSION).meta({ description: 'Version of this document format.' }),
  variants: z
    .array(resultsDocumentSchema)
    .min(2)
    .meta({ description: 'The results document of each scenario, baseline first, all with the same seed and replications.' }),
  differences: z
    .record(z.string(), z.record(z.string(), differenceSchema))
    .meta({
      description:
        'By variant name (the scenario name, followed by " (<file>)" when two variants share a name), in the order of variants[1..], then by KPI name: the variant minus the baseline.',
    }),
});

/** Pairing needs the same seed and replications everywhere; one differences entry per non-baseline variant. */
export function refineCompareDocument(c: z.output<typeof compareDocumentObject>, ctx: z.RefinementCtx): void {
  const base = c.variants[0];
  c.variants.forEach((v, i) => {
    if (v.seed !== base.seed) ctx.addIssue({ code: 'custom', path: ['variants', i, 'seed'], input: v.seed, message: `the baseline's seed ${base.seed}` });
    if (v.replications !== base.replications) {
      ctx.addIssue({ code: 'custom', path: ['variants', i, 'replications'], input: v.replications, message: `the baseline's ${base.replications} replications` });
    }
  });
  const names = Object.keys(c.differences);
  if (names.length !== c.variants.length - 1) {
    ctx.addIssue({ code: 'custom', path: ['differences'], input: c.differences, message: `one entry per variant after the baseline (${c.variants.length - 1})` });
  }
}

export const compareDocumentSchema = compareDocumentObject
  .superRefine(refineCompareDocument)
  .meta({ title: 'ccsim comparison', description: 'What `ccsim compare --json` prints: each variant against the first under common random numbers.' })
  .register(resultsSchemaRegistry, { id: 'CompareDocument' });

// ---------------------------------------------------------------------------------------------------------------
// The Erlang document

const unbounded = (description: string) =>
  z.number().nonnegative().nullable().meta({ description: `${description} null when unbounded (an unstable Erlang C queue: JSON has no Infinity).` });

export const queueMetricsSchema = z
  .looseObject({
    stable: z.boolean().meta({ description: 'Whether a stationary regime exists (Erlang C needs offered load < agents; Erlang A is always stable).' }),
    offeredLoad: z.number().nonnegative().meta({ description: 'a = arrival rate x mean handle time, Erlangs.' }),
    rho: z.number().nonnegative().meta({ description: 'Offered load per agent, a / c.' }),
    waitProbability: z.number().min(0).max(1).meta({ description: 'P(wait > 0), share of offered calls.' }),
    abandonProbability: z.number().min(0).max(1).meta({ description: 'P(abandon), share of offered calls.' }),
    abandonGivenWait: z.number().min(0).max(1).meta({ description: 'P(abandon | wait > 0).' }),
    asa: unbounded('Average speed of answer: mean wait of answered calls, seconds;'),
    meanWait: unbounded('Mean time in queue of all offered calls (abandoned ones until they hang up), seconds;'),
    serviceLevel: z.number().min(0).max(1).meta({ description: 'Share of offered calls answered within slSeconds.' }),
    serviceLevelAnswered: z.number().min(0).max(1).meta({ description: 'Share of answered calls answered within slSeconds.' }),
    occupancy: z.number().min(0).max(1).meta({ description: 'Served load / agents, share.' }),
    meanQueueLength: unbounded('Mean number of calls waiting (Little: arrival rate x meanWait);'),
    piC: z.number().min(0).max(1).meta({ description: 'Probability of exactly c calls in the system.' }),
  })
  .meta({ title: 'QueueMetrics', description: 'Stationary KPIs of a closed-form queue; probabilities per offered call.' })
  .register(resultsSchemaRegistry, { id: 'QueueMetrics' });

export const erlangRowSchema = z
  .looseObject({
    agents: z.number().int().min(1).meta({ description: 'Number of agents c.' }),
    offeredLoad: z.number().nonnegative().meta({ description: 'Offered load a, Erlangs.' }),
    erlangB: z
      .looseObject({ blocking: z.number().min(0).max(1).meta({ description: 'Erlang B blocking probability B(c, a), share.' }) })
      .meta({ description: 'Erlang B (M/M/c/c, no waiting room).' }),
    erlangC: queueMetricsSchema
      .omit({ abandonProbability: true, abandonGivenWait: true })
      .meta({ description: 'Erlang C (M/M/c, nobody abandons).' }),
    erlangA: queueMetricsSchema.nullable().meta({ description: 'Erlang A (M/M/c+M, exponential patience); null without --patience.' }),
  })
  .meta({ title: 'ErlangRow', description: 'Closed-form values for one staffing level.' });

export const erlangDocumentSchema = z
  .looseObject({
    schemaVersion: z.literal(1).meta({ description: 'Version of this document format.' }),
    inputs: z
      .looseObject({
        arrivalsPerHour: z.number().positive().meta({ description: 'Offered calls per hour.' }),
        aht: z.number().positive().meta({ description: 'Average handle time (talk + wrap-up), seconds.' }),
        patience: z.number().positive().nullable().meta({ description: 'Mean patience (exponential), seconds; null when not given (no Erlang A).' }),
        slSeconds: z.number().nonnegative().meta({ description: 'Service-level threshold T, seconds.' }),
      })
      .meta({ description: 'The command-line inputs.' }),
    rows: z.array(erlangRowSchema).min(1).meta({ description: 'One row per agent count, ascending.' }),
    staffing: z
      .looseObject({
        agents: z.number().int().min(1).meta({ description: 'Fewest agents meeting every target given (--target-sl, --max-abandon).' }),
        model: z.enum(['A', 'C']).meta({ description: 'The model used: A with --patience, C without.' }),
      })
      .nullable()
      .meta({ description: 'Staffing answer; null without --target-sl or --max-abandon.' }),
  })
  .meta({ title: 'ccsim erlang', description: 'What `ccsim erlang --json` prints: Erlang B, C and A values (no simulation). Times in seconds, shares in [0, 1].' })
  .register(resultsSchemaRegistry, { id: 'ErlangDocument' });
