import { describe, expect, it } from 'vitest';
import { compareResults } from '../../bench/compare.ts';
import { createTaskRunner } from '../../bench/pool.ts';
import { withoutPerf } from '../../bench/results.ts';
import { parseHalfWidth, runComparison, widestHalfWidth, type StoppingRule } from '../../bench/sequential-compare.ts';
import { parseScenario, scenarioHash } from '../../scenarios/load.ts';

function variant(agents: number) {
  const scenario = parseScenario(
    {
      name: `agents-${agents}`,
      seed: 5,
      replications: 3,
      horizon: { calls: 3000 },
      warmup: { calls: 100 },
      inbound: { arrivals: { perHour: 1140 }, handleTime: { dist: 'exponential', mean: 300 }, patience: { dist: 'exponential', mean: 180 } },
      agents: [{ group: 'general', count: agents }],
    },
    'compare-test',
  );
  return { scenario, hash: scenarioHash(scenario) };
}

const variants = [variant(100), variant(97)];

async function compare(workers: number, rule: StoppingRule | null) {
  const runner = createTaskRunner(workers);
  try {
    return await runComparison(runner, variants, rule, undefined);
  } finally {
    await runner.close();
  }
}

describe('--until-halfwidth', () => {
  it('reads an absolute or a relative target', () => {
    expect(parseHalfWidth('0.002')).toEqual({ halfWidth: 0.002, relative: false, text: '0.002' });
    expect(parseHalfWidth('2%')).toEqual({ halfWidth: 0.02, relative: true, text: '2%' });
    expect(() => parseHalfWidth('-1')).toThrow(/expected a number > 0/);
    expect(() => parseHalfWidth('abc%')).toThrow(/expected a number > 0/);
  });

  it('adds rounds until the paired half-width meets the target, stopping at the same point with 1 or 2 workers', async () => {
    // Loose enough to stop before the cap, tight enough to need more than one round.
    const probe = await compare(1, null);
    const first = widestHalfWidth(compareResults(probe.docs, ['a', 'b']), 'abandonRate')!;
    const rule: StoppingRule = { kpi: 'abandonRate', halfWidth: first / 2, relative: false, text: 'half', roundSize: 3, maxReplications: 60 };
    const one = await compare(1, rule);
    const two = await compare(2, rule);
    expect(one.stopping).toEqual(two.stopping);
    expect(one.docs.map((d) => JSON.stringify(withoutPerf(d)))).toEqual(two.docs.map((d) => JSON.stringify(withoutPerf(d))));
    const s = one.stopping!;
    expect(s.reached).toBe(true);
    expect(s.rounds).toBeGreaterThan(1);
    expect(s.replications).toBe(3 * s.rounds);
    expect(s.halfWidth).toBeLessThanOrEqual(first / 2);
    expect(one.docs[1].kpis.abandonRate.values).toHaveLength(s.replications);
    // The first round is the plain comparison's replications: rounds extend it, never redraw it.
    expect(one.docs[0].kpis.abandonRate.values.slice(0, 3)).toEqual(probe.docs[0].kpis.abandonRate.values);
  });

  it('stops at the cap when the target is out of reach, and says so', async () => {
    const r = await compare(1, { kpi: 'abandonRate', halfWidth: 1e-9, relative: false, text: '1e-9', roundSize: 3, maxReplications: 7 });
    expect(r.stopping).toMatchObject({ reached: false, rounds: 3, replications: 7, maxReplications: 7 });
  });

  it('refuses a KPI the results do not have', async () => {
    await expect(compare(1, { kpi: 'nope', halfWidth: 1, relative: false, text: '1', roundSize: 3, maxReplications: 6 })).rejects.toThrow(/--kpi: expected one of offered, .*found "nope"/);
  });
});
