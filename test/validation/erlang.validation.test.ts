/**
 * Validation: the simulator reproduces Erlang B, Erlang C and Erlang A (cases.ts) within Bonferroni-adjusted
 * Student t intervals (check.ts), and the intervals are tight enough that a deliberately wrong model fails.
 *
 * `npm test` runs scale 1 (~35 M simulated calls, ~16 s on an idle 2-core machine). `npm run validate` sets
 * CCSIM_VALIDATE_FULL=1: 10x the calls per replication and 50 (c200, a1000, a2000: 80) replications, with the default
 * half-width targets for every case (several minutes).
 * CCSIM_VALIDATE_SEED=<n> replaces the base seed 1 (for checking that the suite passes for any seed; never
 * choose a seed to make a check pass).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CASES, caseById, familySize, planFromEnv, theoryFor, type Kpi, type Perturbation } from './cases.ts';
import { evaluateRun, failures, formatTable, simulateCase, type CaseRun, type CheckResult } from './check.ts';

const plan = planFromEnv();
const m = familySize(CASES);
const timeout = plan.full ? 3_600_000 : 120_000;

const results: CheckResult[] = [];
const runs: CaseRun[] = [];

describe(`Erlang validation (scale ${plan.scale}, seed ${plan.seed}, ${m} checks at family level 99%)`, () => {
  afterAll(() => {
    if (results.length === 0) return;
    const calls = runs.reduce((s, r) => s + r.calls, 0);
    const seconds = runs.reduce((s, r) => s + r.seconds, 0);
    const perCase = runs
      .map((r) => `${r.case.id} ${r.replications}x${Math.round(r.case.calls * plan.scale)} ${r.seconds.toFixed(1)}s`)
      .join(', ');
    console.log(
      `\nErlang validation, scale ${plan.scale}, seed ${plan.seed}: ${m} checks, per-check level 1 - 0.01/${m}\n` +
        `${formatTable(results)}\n` +
        `${(calls / 1e6).toFixed(1)} M calls simulated (warm-up included) in ${seconds.toFixed(1)} s: ${perCase}\n`,
    );
  });

  it('covers 1 to 2,000 agents, Erlang B, C and A, light load to overload, with >= 20 replications', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(10);
    const agents = CASES.map((c) => c.agents);
    expect(Math.min(...agents)).toBe(1);
    expect(Math.max(...agents)).toBe(2_000);
    expect(new Set(CASES.map((c) => c.kind))).toEqual(new Set(['B', 'C', 'A']));
    for (const c of CASES) {
      expect(c.replications).toBeGreaterThanOrEqual(20);
      expect(c.fullReplications).toBeGreaterThanOrEqual(c.replications);
      expect(c.warmupCalls).toBeGreaterThan(0);
      for (const k of c.kpis) expect(Number.isFinite(theoryFor(c)[k])).toBe(true);
    }
    // Overload with abandonment is represented.
    expect(CASES.some((c) => c.kind === 'A' && (c.arrivalsPerHour / 3600) * c.meanHandleSeconds > c.agents)).toBe(true);
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
  });

  for (const c of CASES) {
    it(
      `${c.id}: ${c.title}`,
      () => {
        const run = simulateCase(c, plan);
        const res = evaluateRun(run, m);
        runs.push(run);
        results.push(...res);
        expect(failures(res)).toEqual([]);
      },
      timeout,
    );
  }

  it('simulated at least 1,000,000 measured calls', () => {
    // Only meaningful when the case tests above ran (a filtered run skips this assertion).
    if (runs.length < CASES.length) return;
    const measured = runs.reduce((s, r) => s + r.replications * Math.round(r.case.calls * plan.scale), 0);
    expect(measured).toBeGreaterThanOrEqual(1_000_000);
  });
});

/**
 * A wrong simulated model, held to the closed form of the right one with the suite's own per-check level,
 * must fail. The KPIs listed as must-fail are those whose closed form moves by several half-widths under the
 * perturbation (the test asserts at least one half-width; over seeds 1-12 every listed check failed, with
 * |z| >= 5.8). Since the interval covers the perturbed closed form except with probability ~0.01/m, the
 * unperturbed value then lies outside it.
 */
const PERTURBATIONS: readonly { caseId: string; perturb: Perturbation; label: string; mustFail: readonly Kpi[] }[] = [
  {
    caseId: 'ref-c14',
    perturb: { handleFactor: 1.1 },
    label: 'handle time mean 10% higher',
    mustFail: ['waitProbability', 'asa', 'serviceLevel', 'occupancy'],
  },
  {
    caseId: 'ref-a12',
    perturb: { patienceFactor: 0.7 },
    label: 'patience mean 30% lower',
    mustFail: ['abandonRate', 'waitProbability', 'asa', 'serviceLevel', 'meanQueueLength'],
  },
  {
    caseId: 'c200',
    perturb: { handleFactor: 1.01 },
    label: 'handle time mean 1% higher',
    mustFail: ['waitProbability', 'asa', 'serviceLevel', 'occupancy'],
  },
];

describe('the validation is not vacuous: a perturbed model fails the same checks', () => {
  const table: CheckResult[] = [];
  afterAll(() => {
    if (table.length > 0) console.log(`\nPerturbed models against the unperturbed closed forms:\n${formatTable(table)}\n`);
  });

  for (const p of PERTURBATIONS) {
    it(
      `${p.caseId} with ${p.label}`,
      () => {
        const c = caseById(p.caseId);
        const base = theoryFor(c);
        const moved = theoryFor({
          ...c,
          meanHandleSeconds: c.meanHandleSeconds * (p.perturb.handleFactor ?? 1),
          meanPatienceSeconds:
            c.meanPatienceSeconds === undefined ? undefined : c.meanPatienceSeconds * (p.perturb.patienceFactor ?? 1),
        });
        const res = evaluateRun(simulateCase(c, plan, p.perturb), m);
        table.push(...res.map((r) => ({ ...r, caseId: `${r.caseId}*` })));
        // The expectation is not luck: each listed KPI's closed form moves by more than the interval's half-width.
        for (const r of res) {
          if (p.mustFail.includes(r.kpi)) {
            expect(Math.abs(moved[r.kpi] - base[r.kpi]), r.kpi).toBeGreaterThan(r.halfWidth + r.tolerance);
          }
        }
        const failed = res.filter((r) => !r.passed).map((r) => r.kpi);
        for (const k of p.mustFail) expect(failed, `${p.caseId} ${k} should fail`).toContain(k);
      },
      timeout,
    );
  }
});
