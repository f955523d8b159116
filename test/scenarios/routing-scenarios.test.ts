import { describe, expect, it } from 'vitest';
import { compareResults } from '../../bench/compare.ts';
import { runScenario } from '../../bench/run-scenario.ts';
import { loadScenario, parseScenario } from '../../scenarios/load.ts';
import { AGENT_BUSY, Center, type CenterObserver } from '../../sim/center.ts';
import { compileModel } from '../../sim/model.ts';
import { pairedInterval } from '../../sim/stats/summary.ts';

function run(file: string, overrides: { set?: string[]; replications?: number } = {}) {
  const l = loadScenario(file, overrides);
  return runScenario(l.scenario, l.hash);
}

describe('shipped routing pair (issue 4 acceptance)', () => {
  const base = run('scenarios/routing-longest-idle.yaml');
  const weighted = run('scenarios/routing-weighted.yaml');
  const cmp = compareResults([base, weighted], ['longest-idle', 'weighted']);
  const d = cmp.differences.weighted;

  it('weighted routing raises conversions per offered call, paired 95% CI excluding zero', () => {
    expect(base.replications).toBeGreaterThanOrEqual(20);
    expect(d.conversionsPerOffered.ci95![0]).toBeGreaterThan(0);
  });

  it('without raising the abandon rate by more than half a point', () => {
    // The whole paired interval stays under +0.5 points, not just the mean.
    expect(d.abandonRate.ci95![1]).toBeLessThan(0.005);
  });

  it('reports the workload spread it causes (routing that favours some agents concentrates work)', () => {
    expect(weighted.kpis.agentWorkloadGini.mean).toBeGreaterThan(base.kpis.agentWorkloadGini.mean!);
    expect(weighted.breakdowns?.agentGroup['senior-bilingual'].conversions.values).toHaveLength(weighted.replications);
    expect(Object.keys(weighted.breakdowns!.segment)).toEqual(['consumer', 'small-business']);
  });

  it('has a plausible baseline: about two thirds of connected calls become real conversations', () => {
    expect(base.kpis.effectiveCallShare.mean).toBeGreaterThan(0.6);
    expect(base.kpis.effectiveCallShare.mean).toBeLessThan(0.75);
  });
});

describe('null world', () => {
  it('no routing can change conversion: the paired 99.9% interval of the difference contains zero', () => {
    const nullSet = ['outcome.nullWorld=true'];
    const a = run('scenarios/routing-longest-idle.yaml', { set: nullSet });
    const b = run('scenarios/routing-weighted.yaml', { set: nullSet });
    const xs = a.kpis.conversionRate.values as number[];
    const ys = b.kpis.conversionRate.values as number[];
    const ci = pairedInterval(xs, ys, 0.999)!;
    expect(ci[0]).toBeLessThanOrEqual(0);
    expect(ci[1]).toBeGreaterThanOrEqual(0);
    // And the same interval is not vacuous: in the real world it excludes zero at the same level.
    const real = compareResults([run('scenarios/routing-longest-idle.yaml'), run('scenarios/routing-weighted.yaml')], ['a', 'b']);
    const realCi = pairedInterval(real.variants[0].kpis.conversionRate.values as number[], real.variants[1].kpis.conversionRate.values as number[], 0.999)!;
    expect(realCi[0]).toBeGreaterThan(0);
  });
});

describe('routing never picks a busy or off-shift agent', () => {
  it('every answered call goes to an agent that was idle and on shift', () => {
    const s = parseScenario(
      {
        name: 'routing-shifts',
        seed: 3,
        calendar: { start: '2026-03-02T08:00', timeZone: 'UTC' },
        horizon: { hours: 10 },
        inbound: { arrivals: { perHour: 260 }, talkTime: { dist: 'lognormal', mean: 240, cv: 0.8 }, patience: { dist: 'exponential', mean: 120 } },
        customers: { count: 5000, languages: [{ name: 'en', share: 0.7 }, { name: 'zh', share: 0.3 }] },
        routing: { policy: 'weighted' },
        agents: [
          { group: 'a', count: 6, skills: { languages: ['en', 'zh'], seniority: 0.9 }, shift: { start: '08:00', end: '13:00' }, breaks: [{ from: '10:00', to: '11:00', minutes: 15 }] },
          { group: 'b', count: 8, skills: { languages: ['en'], seniority: 0.3 }, shift: { start: '10:00', end: '18:00' }, breaks: [{ at: '14:00', minutes: 30 }] },
          { group: 'c', count: 4, skills: { languages: ['zh'], digital: 0.9 } },
        ],
      },
      'routing-shifts',
    );
    const problems: string[] = [];
    const busyUntil: number[] = [];
    let answers = 0;
    const obs: CenterObserver = {
      onEvent: (_k, _now, c) => {
        for (let a = 0; a < c.agentState.length; a++) if ((c.agentState[a] === AGENT_BUSY) !== (c.agentCall[a] >= 0)) problems.push(`agent ${a} inconsistent`);
      },
      onAnswer: (index, agent, _arrival, now, handle) => {
        answers++;
        if ((busyUntil[agent] ?? -Infinity) > now + 1e-9) problems.push(`call ${index}: agent ${agent} still busy until ${busyUntil[agent]}`);
        busyUntil[agent] = now + handle;
        if (agent < 6 && now >= 5 * 3600) problems.push(`call ${index}: group a agent ${agent} answered after its shift`);
        if (agent >= 6 && agent < 14 && now < 2 * 3600) problems.push(`call ${index}: group b agent ${agent} answered before its shift`);
      },
    };
    const center = new Center(compileModel(s), 0, obs);
    center.run();
    expect(problems).toEqual([]);
    expect(answers).toBeGreaterThan(1000);
  });
});
