/**
 * `ccsim pilot plan`: the staged rollout of a split-center scenario.
 *
 *   1. Stages: the split center at every stage's share (the scenario's replications, through the
 *      task runner), the baseline (share 0) and the full rollout (share 1) beside them. Per stage:
 *      each plan KPI for the whole center and its paired change against the baseline (common random
 *      numbers: replication r of every stage meets the same callers), the arms' difference inside
 *      the split (breakdowns.arm), and every guardrail judged on the pessimistic end of its 95% CI.
 *   2. Power: calibration.ts pairs the calls of the baseline and the full rollout over
 *      `calibrationDays` simulated days; power.ts simulates `pilots` pilots per design, share and
 *      duration; the days needed are the first duration whose simulated power reaches the target.
 *   3. Recommendation: the smallest go stage below 100% at which some design reaches the target
 *      within `maxDays`, with its fastest design; else the best that can be had.
 */
import type { PilotDesign, PilotSpec } from '../../scenarios/pilot-schema.ts';
import { atShare, baselineScenario, treatmentScenario } from '../../scenarios/pilot-variants.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { confidenceInterval, pairedInterval, mean } from '../../sim/stats/summary.ts';
import type { TaskRunner } from '../pool.ts';
import { provenance, type Provenance } from '../provenance.ts';
import type { ResultsDocument } from '../results.ts';
import { runScenarioOn } from '../run-scenario.ts';
import { calibrate, POWER_KPIS, type PowerKpi } from './calibration.ts';
import { analyticTwoProportionPower, simulatePower, type PowerPoint } from './power.ts';

export const PLAN_SCHEMA_VERSION = 1;

export interface Estimate {
  mean: number | null;
  ci95: [number, number] | null;
}

export interface GuardrailResult {
  kpi: string;
  kind: 'max' | 'min' | 'maxIncrease' | 'maxDecrease';
  limit: number;
  rule: string | null;
  /** The value judged (the KPI, or its change against the baseline) and its CI. */
  value: Estimate;
  /** The end of the CI the limit is judged on. */
  judged: number | null;
  pass: boolean;
}

export interface StageKpi {
  center: Estimate;
  /** Paired change of the whole center against the baseline. */
  change: Estimate;
  /** Inside the split: each arm's value and the paired difference treatment − baseline (breakdown KPIs only; null at 100%). */
  arms: { baseline: Estimate; treatment: Estimate; difference: Estimate } | null;
}

export interface DesignPower {
  design: PilotDesign;
  share: number;
  /** The first duration (days) whose simulated power reaches the target; null when none within maxDays. */
  days: number | null;
  conversations: number | null;
  curve: (PowerPoint & { analytic?: number })[];
}

export interface Stage {
  share: number;
  go: boolean;
  guardrails: GuardrailResult[];
  kpis: Record<string, StageKpi>;
  power: DesignPower[];
}

export interface PilotPlanDocument {
  schemaVersion: number;
  kind: 'pilot-plan';
  scenario: string;
  seed: number;
  replications: number;
  unit: PilotSpec['unit'];
  treatment: PilotSpec['treatment'];
  kpis: string[];
  powerKpi: PowerKpi;
  alpha: number;
  target: number;
  baseline: Record<string, Estimate>;
  fullRollout: Record<string, Estimate>;
  lift: { value: number; source: 'full-rollout' | 'given'; ci95: [number, number] | null };
  calibration: { days: number; conversationsPerDay: [number, number]; rate: [number, number]; blockHours: number; pilots: number };
  stages: Stage[];
  recommendation: { share: number; design: PilotDesign; days: number | null; conversations: number | null; power: number; reachesTarget: boolean; reason: string } | null;
  provenance: Provenance;
}

export interface PlanProgress {
  (step: string): void;
}

const est = (values: (number | null)[]): Estimate => {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (xs.length === 0) return { mean: null, ci95: null };
  const ci = xs.length === values.length && xs.length > 1 ? confidenceInterval(xs, 0.95) : null;
  return { mean: mean(xs), ci95: ci };
};

/** Paired difference b − a over replications where both are defined. */
function paired(a: (number | null)[], b: (number | null)[]): Estimate {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x !== null && y !== null && Number.isFinite(x) && Number.isFinite(y)) {
      xs.push(x);
      ys.push(y);
    }
  }
  if (xs.length === 0) return { mean: null, ci95: null };
  return { mean: mean(ys) - mean(xs), ci95: xs.length > 1 ? pairedInterval(xs, ys, 0.95) : null };
}

const kpiValues = (doc: ResultsDocument, kpi: string): (number | null)[] => doc.kpis[kpi]?.values ?? [];
const armValues = (doc: ResultsDocument, arm: string, kpi: string): (number | null)[] | null =>
  (doc.breakdowns?.arm?.[arm]?.[kpi]?.values as (number | null)[] | undefined) ?? null;

function judge(g: PilotSpec['plan']['guardrails'][number], doc: ResultsDocument, base: ResultsDocument): GuardrailResult[] {
  const out: GuardrailResult[] = [];
  const level = est(kpiValues(doc, g.kpi));
  const change = paired(kpiValues(base, g.kpi), kpiValues(doc, g.kpi));
  const hi = (e: Estimate) => (e.ci95 ? e.ci95[1] : e.mean);
  const lo = (e: Estimate) => (e.ci95 ? e.ci95[0] : e.mean);
  const add = (kind: GuardrailResult['kind'], limit: number, value: Estimate, judged: number | null, pass: boolean) =>
    out.push({ kpi: g.kpi, kind, limit, rule: g.rule ?? null, value, judged, pass });
  if (g.max !== undefined) add('max', g.max, level, hi(level), hi(level) !== null && hi(level)! <= g.max);
  if (g.min !== undefined) add('min', g.min, level, lo(level), lo(level) !== null && lo(level)! >= g.min);
  if (g.maxIncrease !== undefined) add('maxIncrease', g.maxIncrease, change, hi(change), hi(change) !== null && hi(change)! <= g.maxIncrease);
  if (g.maxDecrease !== undefined) add('maxDecrease', g.maxDecrease, change, lo(change), lo(change) !== null && lo(change)! >= -g.maxDecrease);
  return out;
}

function stageKpis(kpis: string[], doc: ResultsDocument, base: ResultsDocument, share: number): Record<string, StageKpi> {
  const out: Record<string, StageKpi> = {};
  for (const kpi of kpis) {
    const b = armValues(doc, 'baseline', kpi);
    const t = armValues(doc, 'treatment', kpi);
    out[kpi] = {
      center: est(kpiValues(doc, kpi)),
      change: paired(kpiValues(base, kpi), kpiValues(doc, kpi)),
      arms: b && t && share < 1 ? { baseline: est(b), treatment: est(t), difference: paired(b, t) } : null,
    };
  }
  return out;
}

/** Durations evaluated: every day up to two weeks, then weekly. */
export function durationGrid(maxDays: number): number[] {
  const days: number[] = [];
  for (let d = 1; d <= Math.min(14, maxDays); d++) days.push(d);
  for (let d = 21; d <= maxDays; d += 7) days.push(d);
  if (days[days.length - 1] !== maxDays) days.push(maxDays);
  return days;
}

export async function planPilot(scenario: Scenario, hash: string, runner: TaskRunner, progress: PlanProgress = () => {}): Promise<PilotPlanDocument> {
  const pilot = scenario.pilot!;
  const plan = pilot.plan;
  const pw = plan.power;
  const powerKpi = plan.kpis[0] as PowerKpi;
  const base = baselineScenario(scenario);
  const full = treatmentScenario(scenario);

  progress('baseline');
  const baseDoc = await runScenarioOn(runner, base, hash);
  const stageDocs: ResultsDocument[] = [];
  for (const share of plan.stages) {
    progress(`stage ${share * 100}%`);
    stageDocs.push(share === 1 ? await runScenarioOn(runner, full, hash) : await runScenarioOn(runner, atShare(scenario, share), hash));
  }
  const fullDoc = plan.stages[plan.stages.length - 1] === 1 ? stageDocs[stageDocs.length - 1] : await runScenarioOn(runner, full, hash);
  const fullLift = paired(kpiValues(baseDoc, powerKpi), kpiValues(fullDoc, powerKpi));

  progress('calibration');
  const cal = await calibrate(base, full, { days: pw.calibrationDays, kpi: powerKpi, blockHours: pw.blockHours, lift: pw.lift, seed: pw.seed });
  const c = cal.calibration;
  const grid = durationGrid(pw.maxDays);

  const stages: Stage[] = plan.stages.map((share, i) => {
    const doc = stageDocs[i];
    const guardrails = plan.guardrails.flatMap((g) => judge(g, doc, baseDoc));
    const powerShare = pw.share ?? share;
    const power: DesignPower[] = share >= 1 && pw.share === undefined ? [] : pw.designs.map((design) => {
      progress(`power ${design} ${Math.round(powerShare * 100)}%`);
      const points = simulatePower(c, design, powerShare, { alpha: pw.alpha, pilots: pw.pilots, days: grid, seed: pw.seed });
      const curve = points.map((p) => design === 'calls'
        ? { ...p, analytic: analyticTwoProportionPower(c.rate[0], c.rate[1], (1 - powerShare) * c.conversationsPerDay[0] * p.days, powerShare * c.conversationsPerDay[1] * p.days, pw.alpha) }
        : p);
      const hit = points.find((p) => p.power >= pw.target) ?? null;
      const perDay = (1 - powerShare) * c.conversationsPerDay[0] + powerShare * c.conversationsPerDay[1];
      return { design, share: powerShare, days: hit ? hit.days : null, conversations: hit ? Math.round(hit.days * perDay) : null, curve };
    });
    return { share, go: guardrails.every((g) => g.pass), guardrails, kpis: stageKpis(plan.kpis, doc, baseDoc, share), power };
  });

  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    kind: 'pilot-plan',
    scenario: scenario.name,
    seed: scenario.seed,
    replications: scenario.replications,
    unit: pilot.unit,
    treatment: pilot.treatment,
    kpis: plan.kpis,
    powerKpi,
    alpha: pw.alpha,
    target: pw.target,
    baseline: Object.fromEntries(plan.kpis.map((k) => [k, est(kpiValues(baseDoc, k))])),
    fullRollout: Object.fromEntries(plan.kpis.map((k) => [k, paired(kpiValues(baseDoc, k), kpiValues(fullDoc, k))])),
    lift: pw.lift !== undefined ? { value: pw.lift, source: 'given', ci95: null } : { value: fullLift.mean ?? 0, source: 'full-rollout', ci95: fullLift.ci95 },
    calibration: { days: pw.calibrationDays, conversationsPerDay: c.conversationsPerDay, rate: c.rate, blockHours: pw.blockHours, pilots: pw.pilots },
    stages,
    recommendation: recommend(stages, pw.target),
    provenance: provenance(hash),
  };
}

/** The smallest go stage (below 100%) where a design reaches the target, with its fastest design; else the most powerful option. */
export function recommend(stages: Stage[], target: number): PilotPlanDocument['recommendation'] {
  const options = stages.filter((s) => s.go).flatMap((s) => s.power.map((p) => ({ stage: s, p })));
  if (options.length === 0) return null;
  const reaching = options.filter((o) => o.p.days !== null);
  if (reaching.length > 0) {
    const smallest = Math.min(...reaching.map((o) => o.stage.share));
    const best = reaching.filter((o) => o.stage.share === smallest).sort((a, b) => a.p.days! - b.p.days!)[0];
    const point = best.p.curve.find((c) => c.days === best.p.days)!;
    return {
      share: best.p.share,
      design: best.p.design,
      days: best.p.days,
      conversations: best.p.conversations,
      power: point.power,
      reachesTarget: true,
      reason: `the smallest stage that passes its guardrails and reaches ${Math.round(target * 100)}% power within the longest pilot considered; the fastest design there`,
    };
  }
  const last = (o: (typeof options)[number]) => o.p.curve[o.p.curve.length - 1];
  const best = options.sort((a, b) => last(b).power - last(a).power)[0];
  return {
    share: best.p.share,
    design: best.p.design,
    days: null,
    conversations: null,
    power: last(best).power,
    reachesTarget: false,
    reason: `no design reaches ${Math.round(target * 100)}% power within ${last(best).days} days at a stage that passes its guardrails; this one comes closest`,
  };
}

export function isPowerKpi(kpi: string): kpi is PowerKpi {
  return (POWER_KPIS as readonly string[]).includes(kpi);
}
