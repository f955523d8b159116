// Issue 5 acceptance on the shipped pair: script assist on versus off, under common random numbers,
// with the default (modest) effects; and the null world, where no script can change anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareResults } from '../../bench/compare.ts';
import { createTaskRunner, type TaskRunner } from '../../bench/pool.ts';
import { runScenarioOn } from '../../bench/run-scenario.ts';
import type { ResultsDocument } from '../../bench/results.ts';
import { tf } from '../../engine/tf/backend.ts';
import { loadScenario } from '../../scenarios/load.ts';
import { compileModel } from '../../sim/model.ts';
import { prepareModel } from '../../sim/prepare.ts';
import { runReplication } from '../../sim/replication.ts';
import { pairedInterval } from '../../sim/stats/summary.ts';

let runner: TaskRunner;
beforeAll(() => {
  runner = createTaskRunner(1);
});
afterAll(() => runner.close());

function run(file: string, set: string[] = []): Promise<ResultsDocument> {
  const l = loadScenario(file, { set });
  return runScenarioOn(runner, l.scenario, l.hash);
}

const values = (doc: ResultsDocument, kpi: string) => doc.kpis[kpi].values as number[];

describe('shipped assist pair (issue 5 acceptance)', () => {
  let off: ResultsDocument;
  let on: ResultsDocument;
  beforeAll(async () => {
    off = await run('scenarios/assist-off.yaml');
    on = await run('scenarios/assist-on.yaml');
  }, 120_000);

  it('assist lowers the average handle time: the paired 95% CI lies below zero', () => {
    expect(on.replications).toBeGreaterThanOrEqual(20);
    const d = compareResults([off, on], ['off', 'on']).differences.on;
    expect(d.avgHandleTime.ci95![1]).toBeLessThan(0);
  });

  it('assist raises conversion: the paired 95% CIs of conversion rate and conversions per offered call lie above zero', () => {
    const d = compareResults([off, on], ['off', 'on']).differences.on;
    expect(d.conversionRate.ci95![0]).toBeGreaterThan(0);
    expect(d.conversionsPerOffered.ci95![0]).toBeGreaterThan(0);
  });

  it('reports the assist KPIs and the breakdowns by intent and script only where assist runs', () => {
    for (const k of ['intentAccuracy', 'scriptHitRate', 'scriptComplianceRate']) {
      expect(on.kpis[k].mean).toBeGreaterThan(0.5);
      expect(on.kpis[k].mean).toBeLessThanOrEqual(1);
      expect(off.kpis[k]).toBeUndefined();
    }
    // Paraphrased scripts (3% by default) miss disclosures now and then: compliance is measured, not assumed.
    expect(on.kpis.scriptComplianceRate.mean).toBeLessThan(1);
    expect(Object.keys(on.breakdowns!.intent!).length).toBeGreaterThanOrEqual(8);
    expect(Object.keys(on.breakdowns!.script!).length).toBeGreaterThan(3);
    expect(off.breakdowns!.intent).toBeUndefined();
  });
});

describe('null world', () => {
  it('assist can change neither handle time nor conversion: both paired 99.9% intervals contain zero, and are not vacuous', async () => {
    const nullSet = ['outcome.nullWorld=true'];
    const a = await run('scenarios/assist-off.yaml', nullSet);
    const b = await run('scenarios/assist-on.yaml', nullSet);
    for (const kpi of ['avgHandleTime', 'conversionRate']) {
      const ci = pairedInterval(values(a, kpi), values(b, kpi), 0.999)!;
      expect(ci[0], kpi).toBeLessThanOrEqual(0);
      expect(ci[1], kpi).toBeGreaterThanOrEqual(0);
    }
    // The model still listens in the null world; only its effects are off.
    expect(b.kpis.intentAccuracy.mean).toBeGreaterThan(0.8);
    // In the real world the same intervals exclude zero at the same level.
    const realOff = await run('scenarios/assist-off.yaml');
    const realOn = await run('scenarios/assist-on.yaml');
    expect(pairedInterval(values(realOff, 'avgHandleTime'), values(realOn, 'avgHandleTime'), 0.999)![1]).toBeLessThan(0);
    expect(pairedInterval(values(realOff, 'conversionRate'), values(realOn, 'conversionRate'), 0.999)![0]).toBeGreaterThan(0);
  }, 180_000);
});

describe('tensor memory over a long run', () => {
  it('does not grow: classification in many chunks leaves the tfjs tensor count and bytes where they were', async () => {
    const l = loadScenario('scenarios/assist-on.yaml', { set: ['replications=1', 'inbound.arrivals={"perHour":4000}', 'agents.1.count=300'] });
    const model = await prepareModel(compileModel(l.scenario), { quiet: true });
    const first = runReplication(model, 0);
    expect(first.calls).toBeGreaterThan(5 * 4096); // several classification chunks
    const before = tf.memory();
    for (let r = 1; r <= 3; r++) runReplication(model, r);
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
  }, 120_000);
});
