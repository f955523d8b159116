// Round trip: ccsim's own records of a known scenario (30 days, time-varying arrivals with a gamma
// day multiplier, lognormal talk, gamma wrap, exponential patience) are imported as CDRs and agent
// logs, calibrated back and back-tested. The truth is the fixture file; every check below compares
// an estimate with it through the estimate's own interval, never with a seed-pinned number.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktest, type BacktestDocument } from '../../bench/data/backtest.ts';
import { calibrate, type Calibration } from '../../bench/data/calibrate.ts';
import { loadHistory, type History } from '../../bench/data/history.ts';
import { scenarioOf } from '../../bench/data/scenario-yaml.ts';
import { createTaskRunner } from '../../bench/pool.ts';
import { loadScenario, parseScenario } from '../../scenarios/load.ts';
import { removeDir, ROOT, runWithRecords, tempDir } from '../records/helpers.ts';

const FIXTURE = join(ROOT, 'test/data/fixtures/roundtrip.yaml');
const truth = loadScenario(FIXTURE).scenario;
const inbound = truth.inbound!;

/** The fixture's rate (calls per hour) at a time of day "HH:MM". */
function truthRate(hhmm: string): number {
  const profile = (inbound.arrivals as { profile: { from: string; perHour: number }[] }).profile;
  let rate = 0;
  for (const p of profile) if (p.from <= hhmm) rate = p.perHour;
  return rate;
}

let dir: string;
let history: History;
let cal: Calibration;
let backtest: BacktestDocument;

beforeAll(async () => {
  dir = tempDir('roundtrip');
  runWithRecords(truth, 0, dir, 'inline');
  history = await loadHistory(dir);
  cal = calibrate(history);
  const { object, yaml } = scenarioOf(cal, { name: 'roundtrip-calibrated' });
  // The written file is what `ccsim run` reads: it must load as it is.
  writeFileSync(join(dir, 'calibrated.yaml'), yaml);
  const loaded = loadScenario(join(dir, 'calibrated.yaml'));
  expect(loaded.scenario).toEqual(parseScenario(object, 'object'));
  const runner = createTaskRunner(1);
  try {
    backtest = await runBacktest(runner, loaded.scenario, history, dir, 39);
  } finally {
    await runner.close();
  }
}, 120_000);

afterAll(() => removeDir(dir));

describe('import of ccsim records as CDRs and agent logs', () => {
  it('keeps every call row and finds the 30 whole days in London time', () => {
    expect(history.calls.rowsRead).toBeGreaterThan(40_000);
    expect(history.calls.data.n).toBe(history.calls.rowsRead);
    expect(history.calls.issues.list().filter((i) => i.severity === 'error')).toEqual([]);
    expect(history.timeZone).toBe('Europe/London');
    expect(cal.doc.arrivals!.fullDays).toBe(30);
    expect(history.agentLog).not.toBeNull();
  });

  it('recovers the staffing present from the agent log (10 agents all day, 14 at the peak)', () => {
    const t = cal.doc.staffing.tables;
    expect(cal.doc.staffing.source).toBe('agent-log');
    expect(t).toHaveLength(1);
    const at = (hhmm: string) => t[0].agents[(Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) / 15];
    expect(Math.round(at('09:00'))).toBe(10);
    expect(Math.round(at('12:00'))).toBe(14);
    expect(Math.round(at('18:00'))).toBe(10);
    expect(Math.round(at('03:00'))).toBe(0);
  });
});

describe('calibration against the known scenario (acceptance)', () => {
  it('covers the true arrival rate with at least 90% of the per-interval 95% intervals', () => {
    const open = cal.doc.arrivals!.rates.filter((r) => truthRate(r.from) > 0);
    expect(open.length).toBe(48); // 08:00-20:00 in 15-minute intervals
    const covered = open.filter((r) => r.ci95[0] <= truthRate(r.from) && truthRate(r.from) <= r.ci95[1]).length;
    console.log(`arrival rates: ${covered}/${open.length} intervals cover the truth (${((covered / open.length) * 100).toFixed(1)}%)`);
    expect(covered / open.length).toBeGreaterThanOrEqual(0.9);
    // Closed hours come back as zero.
    expect(cal.doc.arrivals!.rates.filter((r) => truthRate(r.from) === 0).every((r) => r.perHour === 0)).toBe(true);
  });

  it('finds the day-to-day variation and no weekday effect', () => {
    const a = cal.doc.arrivals!;
    expect(a.useWeekdayFactors).toBe(false);
    expect(a.dailyVariation!.p).toBeLessThan(0.01);
    expect(a.dailyVariation!.ci95[0]).toBeLessThanOrEqual(0.1);
    expect(a.dailyVariation!.ci95[1]).toBeGreaterThanOrEqual(0.1);
  });

  it('chooses lognormal talk and gamma wrap, and each parameter is covered by its 99% interval', () => {
    const t = cal.doc.handleTimes.find((h) => h.callType === 'inbound')!;
    expect(t.talk!.chosen.dist).toBe('lognormal');
    expect(t.wrap!.chosen.dist).toBe('gamma');
    const check = (fit: typeof t.talk, name: string, value: number) => {
      const p = fit!.chosenFit!.params.find((x) => x.name === name)!;
      console.log(`${fit!.chosen.dist} ${name}: ${p.value.toFixed(4)} 99% [${p.ci99[0].toFixed(4)}, ${p.ci99[1].toFixed(4)}], truth ${value}`);
      expect(p.ci99[0]).toBeLessThanOrEqual(value);
      expect(p.ci99[1]).toBeGreaterThanOrEqual(value);
    };
    check(t.talk, 'mean', 240);
    check(t.talk, 'cv', 0.9);
    check(t.wrap, 'mean', 45);
    check(t.wrap, 'cv', 0.5);
  });

  it('estimates patience from censored waits without bias, where the naive mean of abandoned waits is far off', () => {
    const p = cal.doc.patience!;
    expect(p.chosen.dist).toBe('exponential');
    const mean = p.exponential.mean;
    console.log(`patience: censored MLE ${mean.value.toFixed(1)} s 99% [${mean.ci99[0].toFixed(1)}, ${mean.ci99[1].toFixed(1)}]; naive ${p.naive.mean.toFixed(1)} s 99% [${p.naive.ci99![0].toFixed(1)}, ${p.naive.ci99![1].toFixed(1)}]; truth 180`);
    expect(mean.ci99[0]).toBeLessThanOrEqual(180);
    expect(mean.ci99[1]).toBeGreaterThanOrEqual(180);
    // The naive estimate's own 99% interval lies entirely below the truth.
    expect(p.naive.ci99![1]).toBeLessThan(180);
    // Kaplan-Meier agrees with the exponential: median 180 ln 2 inside the curve's pointwise band there.
    const median = 180 * Math.LN2;
    const near = p.km.reduce((best, q) => (Math.abs(q.t - median) < Math.abs(best.t - median) ? q : best));
    expect(near.ci95[0] - 0.01).toBeLessThanOrEqual(0.5);
    expect(near.ci95[1] + 0.01).toBeGreaterThanOrEqual(0.5);
  });
});

describe('back-test of the calibrated scenario on the round-trip history (acceptance)', () => {
  it('the 90% prediction bands cover between 80% and 97% of the historical per-interval offered calls and abandonment', () => {
    const row = (kpi: string) => backtest.summary.find((s) => s.kpi === kpi)!;
    for (const kpi of ['offered', 'abandonRate']) {
      const r = row(kpi);
      console.log(`backtest ${kpi}: coverage ${(r.coverage * 100).toFixed(1)}% of ${r.cells} intervals, bias ${r.bias.toFixed(4)}`);
      expect(r.cells).toBeGreaterThanOrEqual(30 * 48);
      expect(r.coverage).toBeGreaterThanOrEqual(0.8);
      expect(r.coverage).toBeLessThanOrEqual(0.97);
    }
    expect(backtest.band).toEqual({ k: 2, nominal: 0.9 });
  });

  it('has an error table for every KPI and an average day that tracks the history', () => {
    expect(backtest.summary.map((s) => s.kpi)).toEqual(['offered', 'answered', 'abandonRate', 'asa', 'serviceLevel']);
    const offered = backtest.averageDay.offered.filter((p) => p.history !== null && p.history > 0);
    expect(offered.length).toBe(48);
    // The daily totals' band holds the history on most days (30 draws of a 90% band).
    const daily = backtest.daily.offered.filter((p) => p.history !== null && p.lo !== null);
    const inside = daily.filter((p) => p.history! >= p.lo! && p.history! <= p.hi!).length;
    expect(inside / daily.length).toBeGreaterThanOrEqual(0.7);
  });
});

describe('the written scenario', () => {
  it('carries the fit quality beside the fitted fields', () => {
    const yaml = readFileSync(join(dir, 'calibrated.yaml'), 'utf8');
    expect(yaml).toMatch(/talkTime: \{ dist: lognormal/);
    expect(yaml).toMatch(/# talkTime: n = \d+; lognormal MLE, chi-square/);
    expect(yaml).toMatch(/patience: \{ dist: exponential/);
    expect(yaml).toMatch(/naive mean of abandoned waits/);
    expect(yaml).toMatch(/agents: {3}# staffing present in the agent log/);
  });
});
