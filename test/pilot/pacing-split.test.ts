// Pacing pilots (pilot.treatment.pacing, unit agents): the dialer paces each arm for its own agents.
// A share of 0 runs exactly the baseline campaign and a share of 1 exactly the treatment's (byte for
// byte in every KPI the plain scenarios report); in between each arm's answers reach only its own
// agents, the arms share the lead list, and the center's counts add up.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTaskRunner } from '../../bench/pool.ts';
import type { ResultsDocument } from '../../bench/results.ts';
import { runScenarioOn } from '../../bench/run-scenario.ts';
import { loadScenario } from '../../scenarios/load.ts';
import { atShare, baselineScenario, treatmentScenario } from '../../scenarios/pilot-variants.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { Center } from '../../sim/center.ts';
import { compileModel } from '../../sim/model.ts';
import { ARM_TREATMENT } from '../../sim/pilot.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const runner = createTaskRunner(1);
const run = (s: Scenario): Promise<ResultsDocument> => runScenarioOn(runner, s, 'test');

function expectSameAs(split: ResultsDocument, plain: ResultsDocument): void {
  for (const [kpi, summary] of Object.entries(plain.kpis)) expect(JSON.stringify(split.kpis[kpi]), kpi).toBe(JSON.stringify(summary));
  expect(JSON.stringify(split.series)).toBe(JSON.stringify(plain.series));
}

/** The shipped pacing pilot, cut to a day and a half so the test stays fast. */
const pilot = (set: string[] = []) => loadScenario(join(ROOT, 'scenarios/pilot-predictive-dialing.yaml'), { replications: 3, set: ['horizon.hours=36', ...set] }).scenario;

describe('split center, pacing (unit agents)', () => {
  it('0% is the manual baseline and 100% the predictive treatment exactly; the arms differ in between', async () => {
    const s = pilot();
    const [base, zero, full, one, half] = await Promise.all([run(baselineScenario(s)), run(atShare(s, 0)), run(treatmentScenario(s)), run(atShare(s, 1)), run(atShare(s, 0.5))]);
    expectSameAs(zero, base);
    expectSameAs(one, full);
    // The treatment really changes the campaign, so the identities are not vacuous.
    expect(full.kpis.dialsPerAgentHour.mean!).toBeGreaterThan(base.kpis.dialsPerAgentHour.mean! * 1.5);
    // Half the team on the predictive dialer: dials in between, and both arms hold conversations.
    expect(half.kpis.dialsPerAgentHour.mean!).toBeGreaterThan(base.kpis.dialsPerAgentHour.mean!);
    expect(half.kpis.dialsPerAgentHour.mean!).toBeLessThan(full.kpis.dialsPerAgentHour.mean!);
    expect(half.breakdowns!.arm.treatment.connected.mean!).toBeGreaterThan(half.breakdowns!.arm.baseline.connected.mean!);
    expect(half.breakdowns!.arm.baseline.connected.mean!).toBeGreaterThan(0);
    // Each team's own dialer figures: they add up to the campaign's, and only the predictive team
    // can abandon an answer (an agent dialing by hand is on the line when it is answered).
    const arm = half.breakdowns!.arm;
    half.kpis.dials.values.forEach((d, r) => expect(arm.baseline.dials.values[r]! + arm.treatment.dials.values[r]!).toBe(d));
    half.kpis.abandonedLive.values.forEach((a, r) => expect(arm.baseline.abandonedLive.values[r]! + arm.treatment.abandonedLive.values[r]!).toBe(a));
    expect(arm.baseline.abandonedLive.mean).toBe(0);
    expect(arm.treatment.abandonedLive.mean!).toBeGreaterThan(0);
    // The campaign-wide share by the same measure is diluted by the hand-dialers' clean connects.
    const campaign = (r: number) => {
      const abandoned = arm.treatment.abandonedLive.values[r]!;
      return abandoned / (abandoned + arm.treatment.liveConnects.values[r]! + arm.baseline.liveConnects.values[r]!);
    };
    arm.treatment.abandonedShare.values.forEach((share, r) => expect(share!).toBeGreaterThan(campaign(r)));
  });

  it('an answer reaches only an agent of the arm that dialed it, and each agent works in one mode', () => {
    const model = compileModel(atShare(pilot(['replications=1']), 0.5));
    const center = new Center(model, 0);
    const dialer = center.dialer!;
    const arm = center.pacingArm!;
    expect(arm).not.toBeNull();
    let connects = 0;
    let agentDriven = 0;
    const seen = new Set<number>();
    dialer.observer = {
      onAttemptEnd(d, slot) {
        const agent = d.agent[slot];
        if (agent < 0) return;
        // Connected (or agent-driven) attempts carry their agent: it belongs to the arm that placed the attempt.
        expect(arm[agent]).toBe(d.arm[slot]);
        if (d.agentDrivenAttempt(slot)) {
          agentDriven++;
          expect(d.arm[slot]).not.toBe(ARM_TREATMENT); // the treatment dials predictively, never by hand
        } else {
          connects++;
          expect(d.arm[slot]).toBe(ARM_TREATMENT);
        }
        seen.add(d.lead[slot]);
      },
    };
    center.run();
    expect(connects).toBeGreaterThan(100);
    expect(agentDriven).toBeGreaterThan(100);
    // Both arms' agents exist in every group (stratified split).
    for (const g of model.groups) {
      const arms = Array.from({ length: g.count }, (_, i) => arm[g.firstAgent + i]);
      expect(arms).toContain(0);
      expect(arms).toContain(1);
    }
    // Nothing is left dialing or waiting, and the per-arm counters returned to zero with the totals.
    expect(dialer.linesDialing).toBe(0);
    expect(dialer.connectsWaiting).toBe(0);
    expect([...dialer.armLines]).toEqual([0, 0]);
    expect([...dialer.armConnects]).toEqual([0, 0]);
    expect(center.outboundBusyArm[0] + center.outboundBusyArm[1]).toBe(center.outboundBusy);
    expect(center.outboundStaffedArm[0] + center.outboundStaffedArm[1]).toBe(center.outboundStaffed);
  });

  it('refuses a pacing treatment that splits calls, or without an outbound campaign, in one line each', () => {
    const base = loadScenario(join(ROOT, 'scenarios/pilot-predictive-dialing.yaml'));
    expect(base.scenario.pilot!.treatment.pacing!.policy).toBe('predictive');
    expect(() => loadScenario(join(ROOT, 'scenarios/pilot-predictive-dialing.yaml'), { set: ['pilot.unit=calls'] })).toThrow(/pilot\.unit.*unit agents for a pacing treatment/);
    expect(() => loadScenario(join(ROOT, 'scenarios/pilot-weighted-routing.yaml'), { set: ['pilot.unit=agents', 'pilot.treatment.pacing={"policy":"predictive"}'] })).toThrow(/pilot\.treatment\.pacing.*outbound campaign/);
  });
});
