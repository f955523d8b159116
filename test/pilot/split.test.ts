// Split centers (sim/pilot.ts): a share of 0 runs exactly the baseline and a share of 1 exactly the
// treatment, byte for byte in every KPI and breakdown the plain scenarios report, for routing
// (calls and agents as the unit) and for script assist; in between the arms are nested across
// shares and the call records carry each call's arm.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTaskRunner } from '../../bench/pool.ts';
import type { ResultsDocument } from '../../bench/results.ts';
import { runScenarioOn } from '../../bench/run-scenario.ts';
import { runRecordedReplication } from '../../bench/records/run-recorded.ts';
import { loadScenario } from '../../scenarios/load.ts';
import { atShare, baselineScenario, treatmentScenario } from '../../scenarios/pilot-variants.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { compileModel } from '../../sim/model.ts';
import { prepareModel } from '../../sim/prepare.ts';
import { KeyedStream } from '../../sim/random/stream.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const runner = createTaskRunner(1);
const run = (s: Scenario): Promise<ResultsDocument> => runScenarioOn(runner, s, 'test');

/** Every KPI and breakdown of `plain` is in `split` with the same bytes. */
function expectSameAs(split: ResultsDocument, plain: ResultsDocument): void {
  for (const [kpi, summary] of Object.entries(plain.kpis)) expect(JSON.stringify(split.kpis[kpi]), kpi).toBe(JSON.stringify(summary));
  for (const [dim, cells] of Object.entries(plain.breakdowns ?? {})) expect(JSON.stringify(split.breakdowns?.[dim]), dim).toBe(JSON.stringify(cells));
  expect(JSON.stringify(split.series)).toBe(JSON.stringify(plain.series));
}

const routingPilot = (unit: 'calls' | 'agents') => {
  const s = loadScenario(join(ROOT, 'scenarios/pilot-weighted-routing.yaml'), { replications: 3, set: ['horizon.hours=4'] }).scenario;
  return { ...s, pilot: { ...s.pilot!, unit } };
};

describe('split center, routing', () => {
  for (const unit of ['calls', 'agents'] as const) {
    it(`unit ${unit}: 0% is the baseline and 100% the treatment exactly; the arms differ in between`, async () => {
      const s = routingPilot(unit);
      const [base, zero, full, one, half] = await Promise.all([run(baselineScenario(s)), run(atShare(s, 0)), run(treatmentScenario(s)), run(atShare(s, 1)), run(atShare(s, 0.5))]);
      expectSameAs(zero, base);
      expectSameAs(one, full);
      // The treatment really changes something, so the identities above are not vacuous.
      expect(full.kpis.conversionRate.mean).not.toBe(base.kpis.conversionRate.mean);
      expect(half.breakdowns!.arm.treatment.connected.mean).toBeGreaterThan(0);
      expect(half.breakdowns!.arm.baseline.connected.mean).toBeGreaterThan(0);
      const conv = (d: ResultsDocument) => d.breakdowns!.arm.baseline.connected.values.map((v, i) => v! + d.breakdowns!.arm.treatment.connected.values[i]!);
      expect(conv(half)).toEqual(half.kpis.answered.values);
      // Nothing counts in the treatment arm at 0%, nor in the baseline arm at 100%.
      expect(zero.breakdowns!.arm.treatment.connected.mean).toBe(0);
      expect(one.breakdowns!.arm.baseline.connected.mean).toBe(0);
    });
  }
});

describe('split center, script assist', () => {
  it('0% is assist off and 100% assist on exactly', async () => {
    const raw = loadScenario(join(ROOT, 'scenarios/assist-off.yaml'), { replications: 2, set: ['horizon.hours=1.5'] }).scenario;
    const s = { ...raw, name: 'assist-pilot', pilot: { unit: 'calls', share: 0, treatment: { assist: { enabled: true } }, plan: loadScenario(join(ROOT, 'scenarios/pilot-weighted-routing.yaml')).scenario.pilot!.plan } } as Scenario;
    const [off, zero, on, one] = await Promise.all([run(baselineScenario(s)), run(atShare(s, 0)), run(treatmentScenario(s)), run(atShare(s, 1))]);
    expectSameAs(zero, off);
    expectSameAs(one, on);
    expect(on.kpis.intentAccuracy.mean).toBeGreaterThan(0.5);
    // At 0% nobody is assisted: the assist KPIs the split reports are undefined.
    expect(zero.kpis.intentAccuracy.mean).toBeNull();
  });
});

describe('arms', () => {
  it('are nested across shares and written to the call records', async () => {
    const s = routingPilot('calls');
    const u = new KeyedStream(s.seed, 0, 'pilot-arm');
    const at = (share: number) => Array.from({ length: 2000 }, (_, i) => u.uniform(i, 0) < share);
    const a10 = at(0.1);
    const a25 = at(0.25);
    expect(a10.every((t, i) => !t || a25[i])).toBe(true);
    expect(a25.filter(Boolean).length / 2000).toBeGreaterThan(0.2);
    expect(a25.filter(Boolean).length / 2000).toBeLessThan(0.3);

    const dir = mkdtempSync(join(tmpdir(), 'ccsim-pilot-records-'));
    try {
      const model = await prepareModel(compileModel(atShare(s, 0.25)));
      await runRecordedReplication(model, 0, { dir, variant: 'v', assignment: 'policy' });
      const file = readdirSync(dir).find((f) => f.startsWith('calls-'))!;
      const rows = readFileSync(join(dir, file), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { call_index: number; arm?: string });
      expect(rows.length).toBeGreaterThan(100);
      for (const r of rows) expect(r.arm).toBe(u.uniform(r.call_index, 0) < 0.25 ? 'treatment' : 'baseline');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
