// The pilot planner end to end (bench/pilot/plan.ts, `ccsim pilot plan`): in the null world the lift
// intervals contain zero and the simulated rejection rate is the significance level within Monte
// Carlo error; the shipped scenario gives a staged plan with durations; input mistakes are one line.
import { describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../bench/cli.ts';
import { planPilot, type PilotPlanDocument } from '../../bench/pilot/plan.ts';
import { powerStandardError } from '../../bench/pilot/power.ts';
import { createTaskRunner } from '../../bench/pool.ts';
import { loadScenario } from '../../scenarios/load.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PILOT = join(ROOT, 'scenarios/pilot-weighted-routing.yaml');

async function ccsim(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(((s: string) => ((stdout += s), true)) as typeof process.stdout.write);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(((s: string) => ((stderr += s), true)) as typeof process.stderr.write);
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const contains0 = (ci: [number, number] | null, mean: number | null) => (ci ? ci[0] <= 0 && ci[1] >= 0 : mean === 0);

describe('pilot plan in the null world', () => {
  it('finds no lift: every lift interval contains zero and pilots reject at alpha', async () => {
    const pilots = 2000;
    const loaded = loadScenario(PILOT, {
      replications: 8,
      set: ['outcome.nullWorld=true', 'pilot.plan.stages=[0.25,0.5,1]', `pilot.plan.power.pilots=${pilots}`, 'pilot.plan.power.calibrationDays=12', 'pilot.plan.power.maxDays=6'],
    });
    const runner = createTaskRunner(1);
    let plan: PilotPlanDocument;
    try {
      plan = await planPilot(loaded.scenario, loaded.hash, runner);
    } finally {
      await runner.close();
    }
    const full = plan.fullRollout.conversionRate;
    expect(contains0(full.ci95, full.mean)).toBe(true);
    expect(Math.abs(plan.lift.value)).toBeLessThan(0.005);
    for (const s of plan.stages) {
      const k = s.kpis.conversionRate;
      expect(contains0(k.change.ci95, k.change.mean), `stage ${s.share}: center change`).toBe(true);
      if (k.arms) expect(contains0(k.arms.difference.ci95, k.arms.difference.mean), `stage ${s.share}: arm difference`).toBe(true);
      for (const d of s.power) {
        console.log(`null world, ${d.design} at ${s.share}: rejection ${d.curve.map((p) => `${p.days}d ${(p.power * 100).toFixed(1)}%`).join(', ')}`);
        for (const p of d.curve) {
          const mc = 3.5 * powerStandardError(plan.alpha, pilots);
          const what = `${d.design} at ${s.share}, ${p.days} days: ${p.power}`;
          if (d.design === 'agents') {
            // Randomising agents compares agents' rates, which routing moves by sending them other
            // customers even in the null world: the test may be conservative, never above alpha.
            expect(p.power, what).toBeLessThan(plan.alpha + mc);
            continue;
          }
          // Switchback's analysis needs blocks of each time of day in both arms: from 3 days on.
          if (d.design === 'switchback' && p.days < 3) continue;
          expect(Math.abs(p.power - plan.alpha), what).toBeLessThan(mc);
        }
      }
    }
  });
});

describe('ccsim pilot plan', () => {
  it('plans the shipped scenario: stages, guardrails, durations and a recommendation', async () => {
    const r = await ccsim('pilot', 'plan', PILOT, '--json', '--workers', '1', '--replications', '4', '--set', 'pilot.plan.power.pilots=300', '--set', 'pilot.plan.power.calibrationDays=8');
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as PilotPlanDocument;
    expect(plan.stages.map((s) => s.share)).toEqual([0.1, 0.25, 0.5, 1]);
    expect(plan.stages[0].guardrails.length).toBe(3);
    expect(plan.stages[0].power.map((p) => p.design)).toEqual(['calls', 'agents', 'switchback']);
    expect(plan.stages[3].power).toEqual([]);
    // Weighted routing sells more: the full rollout's lift is positive and so is its interval.
    expect(plan.fullRollout.conversionRate.ci95![0]).toBeGreaterThan(0);
    expect(plan.recommendation).not.toBeNull();
    expect(plan.recommendation!.days).not.toBeNull();
    // Larger stages need no longer pilots with randomised calls.
    const calls = plan.stages.slice(0, 3).map((s) => s.power[0].days ?? Infinity);
    expect(calls[2]).toBeLessThanOrEqual(calls[0]);
  });

  it('a scenario without a pilot block, or a KPI it cannot power, is one line and exit code 2', async () => {
    const none = await ccsim('pilot', 'plan', join(ROOT, 'scenarios/routing-weighted.yaml'));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^ccsim: .*routing-weighted\.yaml: pilot: expected a pilot block .*found nothing\n$/);
    const kpi = await ccsim('pilot', 'plan', PILOT, '--set', 'pilot.plan.kpis=[revenue]');
    expect(kpi.code).toBe(2);
    expect(kpi.stderr).toMatch(/^ccsim: .*pilot\.plan\.kpis\[0\]: expected a per-conversation yes\/no KPI .*found "revenue"\n$/);
    const share = await ccsim('pilot', 'plan', PILOT, '--set', 'pilot.share=1.5');
    expect(share.code).toBe(2);
    expect(share.stderr.trim().split('\n')).toHaveLength(1);
    expect(share.stderr).toMatch(/pilot\.share: expected a number 0\.\.1, found 1\.5/);
  });
});
