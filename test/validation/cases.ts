/**
 * Validation cases: the simulator against the closed forms of Erlang B (M/M/c/c), Erlang C (M/M/c) and Erlang A
 * (M/M/c+M), from 1 to 2,000 agents and from light load to overload with abandonment.
 *
 * Each case says which KPIs are held to which closed-form value, how many calls each replication measures, how
 * many calls it discards first (warm-up from the empty, all-idle start), and how many independent replications
 * are run. `check.ts` turns the per-replication KPIs into Bonferroni-adjusted Student t intervals.
 *
 * Sizing. The default half-width targets (DEFAULT_LIMITS) are: probabilities and shares within 0.01 absolute,
 * ASA and mean queue length within 10 % relative, abandonment and blocking within 10 % relative or 0.002
 * absolute, whichever is larger. Calls per replication were chosen from pilot runs (seed 1, 20 x 100k-200k
 * calls per case; then the suite itself over seeds 1-12) so that the expected half-width is at most ~60 % of
 * its limit: the sample standard deviation of 30 replications itself varies by ~15 %, and the limit assertions
 * must not fail by chance either. Three many-agent, near-critical cases would need 20-190 M calls at scale 1 to
 * meet a default target with that margin: their
 * KPIs fluctuate on the time scale of handle times (the Halfin-Whitt regime) while a handle time there costs
 * 200-2,000 arrivals. Those cases carry explicit looser `quickLimits` (stated with each case); the full run
 * (`npm run validate`: 10x the calls, 50 replications (80 for the three), 17-27x the data, half-widths 4-5x
 * smaller) drops every `quickLimits` entry and holds all cases to the default targets.
 *
 * Warm-up. The sample path starts empty with all agents idle. The warm-up is at least ~15 mean handle times'
 * worth of arrivals and at least ~20 relaxation times 1/(cμ(1-√ρ)²) of the M/M/c queue where that is longer
 * (near ρ = 1), so the initial-condition bias left is a tiny fraction of the initial deviation (over seeds 1-12
 * the 576 z-scores of the suite had mean 0.03 and standard deviation 1.00).
 */
import { parseScenario } from '../../scenarios/load.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { erlangA, erlangB, erlangC } from '../../sim/theory/erlang.ts';

/** KPIs of `runReplication(...).kpis` that the suite compares with a closed form. */
export type Kpi =
  | 'waitProbability'
  | 'abandonRate'
  | 'blockRate'
  | 'asa'
  | 'serviceLevel'
  | 'occupancy'
  | 'meanQueueLength';

/** Largest allowed half-width: max(abs, rel x |theory|). */
export interface KpiLimit {
  abs?: number;
  rel?: number;
}

/** The suite's half-width targets (see the header). */
export const DEFAULT_LIMITS: Record<Kpi, KpiLimit> = {
  waitProbability: { abs: 0.01 },
  serviceLevel: { abs: 0.01 },
  occupancy: { abs: 0.01 },
  asa: { rel: 0.1 },
  meanQueueLength: { rel: 0.1 },
  abandonRate: { rel: 0.1, abs: 0.002 },
  blockRate: { rel: 0.1, abs: 0.002 },
};

/** KPIs that are probabilities (shares of calls or of agent time). */
export const PROBABILITY_KPIS: readonly Kpi[] = ['waitProbability', 'abandonRate', 'blockRate', 'serviceLevel', 'occupancy'];

export type ModelKind = 'B' | 'C' | 'A';

export interface ValidationCase {
  id: string;
  title: string;
  /** Erlang B (loss system), C (no abandonment) or A (exponential patience). */
  kind: ModelKind;
  agents: number;
  arrivalsPerHour: number;
  meanHandleSeconds: number;
  /** Erlang A only. */
  meanPatienceSeconds?: number;
  /** Service-level threshold T. */
  slSeconds: number;
  kpis: readonly Kpi[];
  /** Measured calls per replication at scale 1 (arrivals after the warm-up). */
  calls: number;
  /** Calls discarded at the start of each replication (not scaled). */
  warmupCalls: number;
  /** Replications at scale 1 (the quick run of `npm test`). */
  replications: number;
  /** Replications in the full run. */
  fullReplications: number;
  /** Looser half-width limits for scale 1 only, with the reason in `note`; the full run uses DEFAULT_LIMITS. */
  quickLimits?: Partial<Record<Kpi, KpiLimit>>;
  note?: string;
}

/** A deliberately wrong simulated model (the theory stays that of the unperturbed case). */
export interface Perturbation {
  handleFactor?: number;
  patienceFactor?: number;
}

export interface RunPlan {
  full: boolean;
  /** Multiplies the measured calls per replication. */
  scale: number;
  seed: number;
}

/** The run plan from the environment: CCSIM_VALIDATE_FULL=1 for the full run, CCSIM_VALIDATE_SEED to vary the seed. */
export function planFromEnv(env: NodeJS.ProcessEnv = process.env): RunPlan {
  const full = env.CCSIM_VALIDATE_FULL === '1';
  const seedText = env.CCSIM_VALIDATE_SEED;
  const seed = seedText === undefined || seedText === '' ? 1 : Number(seedText);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
    throw new RangeError(`CCSIM_VALIDATE_SEED must be an integer in [0, 2^32 - 1], got ${JSON.stringify(seedText)}`);
  }
  return { full, scale: full ? 10 : 1, seed };
}

const HOUR = 3600;
const R_QUICK = 30;
const R_FULL = 50;

/** Arrivals per hour for c agents at utilisation rho with the given mean handle time. */
function perHourAt(rho: number, agents: number, meanHandleSeconds: number): number {
  return (rho * agents * HOUR) / meanHandleSeconds;
}

export const CASES: readonly ValidationCase[] = [
  {
    id: 'mm1-c',
    title: 'M/M/1 Erlang C, rho 0.8',
    kind: 'C',
    agents: 1,
    arrivalsPerHour: 16,
    meanHandleSeconds: 180,
    slSeconds: 20,
    kpis: ['waitProbability', 'asa', 'serviceLevel', 'occupancy', 'meanQueueLength'],
    calls: 40_000,
    // Relaxation time 1/(μ(1-√0.8)²) ≈ 90 handle times ≈ 72 arrivals: 2,500 calls is ~35 of them.
    warmupCalls: 2_500,
    replications: R_QUICK,
    fullReplications: R_FULL,
  },
  {
    id: 'mm1m-over',
    title: 'M/M/1+M overload, rho 1.2, patience = handle',
    kind: 'A',
    agents: 1,
    arrivalsPerHour: 24,
    meanHandleSeconds: 180,
    meanPatienceSeconds: 180,
    slSeconds: 20,
    kpis: ['abandonRate', 'waitProbability', 'asa', 'serviceLevel', 'occupancy'],
    calls: 20_000,
    warmupCalls: 1_000,
    replications: R_QUICK,
    fullReplications: R_FULL,
  },
  {
    id: 'b5',
    title: 'Erlang B, c = 5, a = 3',
    kind: 'B',
    agents: 5,
    arrivalsPerHour: 60,
    meanHandleSeconds: 180,
    slSeconds: 20,
    kpis: ['blockRate', 'occupancy'],
    calls: 20_000,
    warmupCalls: 500,
    replications: R_QUICK,
    fullReplications: R_FULL,
  },
  {
    id: 'b100',
    title: 'Erlang B, c = 100, a = 100',
    kind: 'B',
    agents: 100,
    arrivalsPerHour: 2_000,
    meanHandleSeconds: 180,
    slSeconds: 20,
    kpis: ['blockRate', 'occupancy'],
    calls: 40_000,
    warmupCalls: 2_000, // 20 handle times
    replications: R_QUICK,
    fullReplications: R_FULL,
  },
  {
    id: 'ref-c14',
    title: 'DOMAIN reference, Erlang C, c = 14',
    kind: 'C',
    agents: 14,
    arrivalsPerHour: 200,
    meanHandleSeconds: 180,
    slSeconds: 20,
    kpis: ['waitProbability', 'asa', 'serviceLevel', 'occupancy'],
    calls: 120_000,
    warmupCalls: 2_000, // ~180 handle times
    replications: R_QUICK,
    fullReplications: R_FULL,
  },
  {
    id: 'ref-a14',
    title: 'DOMAIN reference, Erlang A, c = 14, patience 5 min',
    kind: 'A',
    agents: 14,
    arrivalsPerHour: 200,
    meanHandleSeconds: 180,
    meanPatienceSeconds: 300,
    slSeconds: 20,
    kpis: ['abandonRate', 'waitProbability', 'asa', 'serviceLevel', 'occupancy'],
    calls: 40_000,
    warmupCalls: 2_000,
    replications: R_QUICK,
    fullReplications: R_FULL,
  },
  {
    id: 'ref-a12',
    title: 'DOMAIN reference, Erlang A, c = 12, patience 5 min',
    kind: 'A',
    agents: 12,
    arrivalsPerHour: 200,
    meanHandleSeconds: 180,
    meanPatienceSeconds: 300,
    slSeconds: 20,
    kpis: ['abandonRate', 'waitProbability', 'asa', 'serviceLevel', 'occupancy', 'meanQueueLength'],
    calls: 80_000,
    warmupCalls: 2_000,
    replications: R_QUICK,
    fullReplications: R_FULL,
  },
  {
    id: 'a50-over',
    title: 'Erlang A overload, c = 50, rho 1.1, patience = handle / 2',
    kind: 'A',
    agents: 50,
    arrivalsPerHour: perHourAt(1.1, 50, 180),
    meanHandleSeconds: 180,
    meanPatienceSeconds: 90,
    slSeconds: 20,
    kpis: ['abandonRate', 'waitProbability', 'asa', 'serviceLevel', 'occupancy'],
    calls: 160_000,
    warmupCalls: 5_000, // ~90 handle times
    replications: R_QUICK,
    fullReplications: R_FULL,
  },
  {
    id: 'c200',
    title: 'Erlang C, c = 200, rho 0.95',
    kind: 'C',
    agents: 200,
    arrivalsPerHour: perHourAt(0.95, 200, 180),
    meanHandleSeconds: 180,
    slSeconds: 20,
    kpis: ['waitProbability', 'asa', 'serviceLevel', 'occupancy'],
    calls: 150_000,
    // Relaxation time 1/(cμ(1-√0.95)²) ≈ 7.8 handle times ≈ 1,500 arrivals: 30,000 calls is ~20 of them.
    warmupCalls: 30_000,
    replications: R_QUICK,
    fullReplications: 80, // margin for the default limits in the full run (see note)
    quickLimits: { waitProbability: { abs: 0.045 }, serviceLevel: { abs: 0.04 }, asa: { rel: 0.3 } },
    note:
      'Halfin-Whitt regime (beta = 0.71): P(wait), SL and ASA move with the number of busy agents, which relaxes ' +
      'over ~8 handle times = 1,500 arrivals. At scale 1 (4.5 M measured calls) the half-widths average ~0.025, ' +
      '~0.021 and ~17 % (12 seeds); meeting 0.01 / 0.01 / 10 % with margin would take ~80 M, ~55 M and ~35 M calls. ' +
      'The full run (80 replications: ~0.005, ~0.004, ~4 %) meets the defaults.',
  },
  {
    id: 'a1000',
    title: 'Erlang A, c = 1,000, rho 0.95, handle 300 s, patience 180 s',
    kind: 'A',
    agents: 1_000,
    arrivalsPerHour: perHourAt(0.95, 1_000, 300),
    meanHandleSeconds: 300,
    meanPatienceSeconds: 180,
    slSeconds: 20,
    kpis: ['abandonRate', 'waitProbability', 'asa', 'serviceLevel', 'occupancy'],
    calls: 200_000,
    warmupCalls: 15_000, // ~16 handle times
    replications: R_QUICK,
    fullReplications: 80, // margin for the default limits in the full run (see note)
    quickLimits: { waitProbability: { abs: 0.02 }, asa: { rel: 0.45 } },
    note:
      'Only 5 % of callers wait, in bursts lasting a few handle times (1,000 arrivals each), so P(wait) and ASA ' +
      '(0.18 s) are noisy: at scale 1 (6 M measured calls) their half-widths average ~0.010 and ~26 % (12 seeds); ' +
      'meeting 0.01 / 10 % with margin would take ~20 M / ~110 M calls. The full run (80 replications: ~0.002, ~6 %) ' +
      'meets the defaults.',
  },
  {
    id: 'a2000',
    title: 'Erlang A overload, c = 2,000, rho 1.02, handle 300 s, patience 180 s',
    kind: 'A',
    agents: 2_000,
    arrivalsPerHour: perHourAt(1.02, 2_000, 300),
    meanHandleSeconds: 300,
    meanPatienceSeconds: 180,
    slSeconds: 20,
    kpis: ['abandonRate', 'waitProbability', 'asa', 'serviceLevel', 'occupancy'],
    calls: 200_000,
    warmupCalls: 30_000, // ~15 handle times
    replications: R_QUICK,
    fullReplications: 80, // P(wait) to 0.01 (see note)
    quickLimits: { waitProbability: { abs: 0.06 }, abandonRate: { rel: 0.15 }, asa: { rel: 0.15 } },
    note:
      'Critically loaded (beta = -0.9): whether all 2,000 agents are busy switches on the time scale of handle ' +
      'times (2,000 arrivals). At scale 1 (6 M measured calls) the half-widths of P(wait), abandonment and ASA ' +
      'average ~0.034, ~8.6 % and ~8.6 % (12 seeds); P(wait) within 0.01 with margin would take ~190 M calls. The ' +
      'full run (80 replications: ~0.006, ~1.6 %, ~1.6 %) meets the defaults.',
  },
];

export function caseById(id: string): ValidationCase {
  const c = CASES.find((x) => x.id === id);
  if (!c) throw new Error(`no validation case ${id}`);
  return c;
}

/** Offered load a = λ/μ in Erlangs. */
export function offeredLoad(c: ValidationCase): number {
  return (c.arrivalsPerHour / HOUR) * c.meanHandleSeconds;
}

/** The closed-form value of every KPI the case checks (of the unperturbed model). */
export function theoryFor(c: ValidationCase): Record<Kpi, number> {
  const a = offeredLoad(c);
  if (c.kind === 'B') {
    const b = erlangB(c.agents, a);
    return {
      blockRate: b,
      occupancy: (a * (1 - b)) / c.agents,
      waitProbability: 0,
      abandonRate: 0,
      asa: 0,
      serviceLevel: 1 - b,
      meanQueueLength: 0,
    };
  }
  const base = {
    agents: c.agents,
    arrivalRatePerSecond: c.arrivalsPerHour / HOUR,
    meanHandleSeconds: c.meanHandleSeconds,
    slSeconds: c.slSeconds,
  };
  if (c.kind === 'A' && c.meanPatienceSeconds === undefined) throw new Error(`${c.id}: Erlang A needs a patience`);
  const m = c.kind === 'C' ? erlangC(base) : erlangA({ ...base, meanPatienceSeconds: c.meanPatienceSeconds! });
  if (!m.stable) throw new Error(`${c.id}: the closed form has no stationary law`);
  return {
    waitProbability: m.waitProbability,
    abandonRate: m.abandonProbability,
    blockRate: 0,
    asa: m.asa,
    serviceLevel: m.serviceLevel,
    occupancy: m.occupancy,
    meanQueueLength: m.meanQueueLength,
  };
}

/** Replications for a run plan. */
export function replicationsFor(c: ValidationCase, plan: RunPlan): number {
  return plan.full ? c.fullReplications : c.replications;
}

/** The largest allowed half-width of a KPI for a run plan (quickLimits apply to the quick run only). */
export function maxHalfWidth(c: ValidationCase, kpi: Kpi, theory: number, plan: RunPlan): number {
  const limit = (!plan.full && c.quickLimits?.[kpi]) || DEFAULT_LIMITS[kpi];
  return Math.max(limit.abs ?? 0, (limit.rel ?? 0) * Math.abs(theory));
}

/** The simulated scenario of a case (optionally with a deliberately wrong handle or patience mean). */
export function scenarioFor(c: ValidationCase, plan: RunPlan, perturb: Perturbation = {}): Scenario {
  const measured = Math.round(c.calls * plan.scale);
  const handle = c.meanHandleSeconds * (perturb.handleFactor ?? 1);
  const inbound: Record<string, unknown> = {
    arrivals: { perHour: c.arrivalsPerHour },
    handleTime: { dist: 'exponential', mean: handle },
  };
  if (c.kind === 'A') {
    inbound.patience = { dist: 'exponential', mean: c.meanPatienceSeconds! * (perturb.patienceFactor ?? 1) };
  } else if (perturb.patienceFactor !== undefined) {
    throw new Error(`${c.id}: no patience to perturb`);
  }
  if (c.kind === 'B') inbound.queue = { capacity: 0 };
  return parseScenario(
    {
      name: `validation-${c.id}`,
      seed: plan.seed,
      replications: replicationsFor(c, plan),
      horizon: { calls: c.warmupCalls + measured },
      warmup: { calls: c.warmupCalls },
      serviceLevel: { seconds: c.slSeconds },
      series: { intervalMinutes: 60, enabled: false },
      inbound,
      agents: [{ group: 'all', count: c.agents }],
    },
    `validation case ${c.id}`,
  );
}

/** Total number of (case, KPI) checks: the Bonferroni family size m. */
export function familySize(cases: readonly ValidationCase[] = CASES): number {
  return cases.reduce((n, c) => n + c.kpis.length, 0);
}
