import { describe, expect, it } from 'vitest';
import type { BenchDocument, BenchScenario } from '../../bench/benchmark.ts';
import { checkKpi, checkSpeed, compareToBaseline, renderVerdictMarkdown } from '../../bench/regression.ts';

/** A hand-made bench document: no simulation, no timing. */
function doc(edit: (s: BenchScenario) => void = () => {}): BenchDocument {
  const scenario: BenchScenario = {
    name: 'erlang-a',
    scenario: 'inbound-erlang-a',
    scenarioHash: 'a'.repeat(64),
    seed: 1,
    replications: 5,
    kpis: {
      abandonRate: { better: 'lower', mean: 0.0245, ci95: [0.0222, 0.0269] },
      serviceLevel: { better: 'higher', mean: 0.896, ci95: [0.8868, 0.9051] },
    },
    speed: { ratio: 0.5, callsPerSecond: 2_000_000, referenceCallsPerSecond: 4_000_000, ratios: [0.49, 0.5, 0.51] },
  };
  edit(scenario);
  return {
    schemaVersion: 1,
    suite: 'test',
    tolerance: 0.25,
    scenarios: [scenario],
    provenance: { ccsim: '0.1.0', commit: null, node: 'v20.0.0' },
    perf: { wallSeconds: 1, workers: 1 },
  };
}

describe('compareToBaseline', () => {
  it('passes on a baseline with the same figures', () => {
    const v = compareToBaseline(doc(), doc());
    expect(v.pass).toBe(true);
    expect(v.regressions).toEqual([]);
    expect(v.checks.map((c) => [c.subject, c.outcome])).toEqual([
      ['abandonRate', 'ok'],
      ['serviceLevel', 'ok'],
      ['speed', 'ok'],
    ]);
    expect(v.notes).toEqual([]);
  });

  it('fails on a baseline whose speed ratio is better beyond the tolerance, and only then', () => {
    const fast = doc((s) => (s.speed!.ratio = 0.7)); // current 0.5 < 0.7 x 0.75 = 0.525
    const v = compareToBaseline(doc(), fast);
    expect(v.pass).toBe(false);
    expect(v.regressions.map((c) => [c.scenario, c.subject])).toEqual([['erlang-a', 'speed']]);
    expect(compareToBaseline(doc(), doc((s) => (s.speed!.ratio = 0.65))).pass).toBe(true); // 0.5 >= 0.4875
  });

  it('fails on a baseline whose KPI CI lies entirely on the better side, in either direction', () => {
    const betterAbandon = doc((s) => (s.kpis.abandonRate = { better: 'lower', mean: 0.015, ci95: [0.013, 0.017] }));
    const betterSl = doc((s) => (s.kpis.serviceLevel = { better: 'higher', mean: 0.95, ci95: [0.94, 0.96] }));
    expect(compareToBaseline(doc(), betterAbandon).regressions.map((c) => c.subject)).toEqual(['abandonRate']);
    expect(compareToBaseline(doc(), betterSl).regressions.map((c) => c.subject)).toEqual(['serviceLevel']);
    // Overlapping intervals are not a regression, even with a worse mean.
    const slightlyBetter = doc((s) => (s.kpis.abandonRate = { better: 'lower', mean: 0.024, ci95: [0.021, 0.0223] }));
    expect(compareToBaseline(doc(), slightlyBetter).pass).toBe(true);
  });

  it('calls a non-overlap on the good side an improvement, not a failure', () => {
    const worseBaseline = doc((s) => (s.kpis.abandonRate = { better: 'lower', mean: 0.04, ci95: [0.035, 0.045] }));
    const v = compareToBaseline(doc(), worseBaseline);
    expect(v.pass).toBe(true);
    expect(v.checks[0].outcome).toBe('improvement');
  });

  it('skips speed when it was not measured, and notes new, missing and changed scenarios', () => {
    const noSpeed = doc((s) => (s.speed = null));
    const v = compareToBaseline(noSpeed, doc());
    expect(v.pass).toBe(true);
    expect(v.checks.find((c) => c.subject === 'speed')!.outcome).toBe('unchecked');

    const renamed = doc((s) => (s.name = 'other'));
    const w = compareToBaseline(renamed, doc());
    expect(w.checks).toEqual([]);
    expect(w.notes).toEqual(['other: not in the baseline (new scenario); nothing to compare', 'erlang-a: in the baseline but not in the suite']);

    const changed = doc((s) => (s.scenarioHash = 'b'.repeat(64)));
    expect(compareToBaseline(changed, doc()).notes[0]).toMatch(/differs from the baseline/);
  });

  it('compares a one-replication KPI (no CI) on its mean', () => {
    expect(checkKpi('s', 'asa', { better: 'lower', mean: 5, ci95: null }, { better: 'lower', mean: 4, ci95: null }).outcome).toBe('regression');
    expect(checkKpi('s', 'asa', { better: 'lower', mean: 4, ci95: null }, { better: 'lower', mean: 4, ci95: null }).outcome).toBe('ok');
    expect(checkKpi('s', 'asa', { better: 'lower', mean: null, ci95: null }, { better: 'lower', mean: 4, ci95: null }).outcome).toBe('unchecked');
    expect(checkSpeed('s', null, null, 0.25).outcome).toBe('unchecked');
  });

  it('summarises in markdown, naming each regression', () => {
    const v = compareToBaseline(doc(), doc((s) => (s.kpis.serviceLevel = { better: 'higher', mean: 0.95, ci95: [0.94, 0.96] })));
    const md = renderVerdictMarkdown(doc(), v, 'bench/baseline.json');
    expect(md).toMatch(/^## ccsim bench: FAIL \(1 regression\)/);
    expect(md).toMatch(/\| erlang-a \| serviceLevel \| 95\.00% \[94\.00%, 96\.00%\] \| 89\.60% \[88\.68%, 90\.51%\] \| \*\*REGRESSION\*\*/);
    expect(renderVerdictMarkdown(doc(), compareToBaseline(doc(), doc()), 'b.json')).toMatch(/^## ccsim bench: PASS/);
  });
});
