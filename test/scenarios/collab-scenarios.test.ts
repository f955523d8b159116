// Issue 6 acceptance on the shipped scenarios: human-only, bot-first and bot-for-low-value compare
// under common random numbers with paired CIs on conversion, cost per sale, satisfaction and
// abandonment; and the null world, where neither bot nor supervisor can change what customers do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareResults, type CompareDocument } from '../../bench/compare.ts';
import { createTaskRunner, type TaskRunner } from '../../bench/pool.ts';
import { runScenarioOn } from '../../bench/run-scenario.ts';
import type { ResultsDocument } from '../../bench/results.ts';
import { loadScenario } from '../../scenarios/load.ts';
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
const contains0 = (ci: [number, number]) => ci[0] <= 0 && ci[1] >= 0;

describe('the three collaboration scenarios (issue 6 acceptance)', () => {
  let docs: ResultsDocument[];
  let cmp: CompareDocument;
  beforeAll(async () => {
    docs = [await run('scenarios/human-only.yaml'), await run('scenarios/bot-first.yaml'), await run('scenarios/bot-for-low-value.yaml')];
    cmp = compareResults(docs, ['human-only', 'bot-first', 'bot-for-low-value']);
  }, 300_000);

  it('meet the same callers: calls received are equal replication by replication', () => {
    expect(docs[0].replications).toBeGreaterThanOrEqual(20);
    expect(values(docs[1], 'callsReceived')).toEqual(values(docs[0], 'callsReceived'));
    expect(values(docs[2], 'callsReceived')).toEqual(values(docs[0], 'callsReceived'));
  });

  it('give paired 95% CIs on conversion, cost per sale, satisfaction and abandonment, narrower than unpaired ones for conversion and cost', () => {
    for (const v of ['bot-first', 'bot-for-low-value']) {
      const d = cmp.differences[v];
      for (const k of ['conversions', 'conversionsPerOffered', 'costPerSale', 'contactCsat', 'nps', 'abandonRate', 'customerLossRate']) {
        expect(d[k].ci95, `${v} ${k}`).not.toBeNull();
      }
      for (const k of ['conversions', 'costPerSale']) {
        const paired = d[k].ci95!;
        const unpaired = d[k].unpairedCi95!;
        expect(paired[1] - paired[0], `${v} ${k}`).toBeLessThan(unpaired[1] - unpaired[0]);
      }
    }
  });

  it('show the mechanisms the world assumes: the bot contains some callers, loses some, and its context shortens human handling', () => {
    const bf = cmp.differences['bot-first'];
    expect(docs[1].kpis.botContainmentRate.mean).toBeGreaterThan(0.05);
    expect(docs[1].kpis.botHangupRate.mean).toBeGreaterThan(0.02);
    expect(bf.humanHandleTime.ci95![1]).toBeLessThan(0);
    // Fewer callers reach the queue, so fewer abandon it; but callers lost to the bot count in customerLossRate.
    expect(bf.abandonRate.ci95![1]).toBeLessThan(0);
    expect(bf.customerLossRate.ci95![0]).toBeGreaterThan(0);
    // The low-value variant: the bot sells on its own follow-up calls, and answers fewer callers than bot-first.
    expect(docs[2].kpis.botConversions.mean).toBeGreaterThan(0);
    expect(docs[0].kpis.botContainmentRate.mean).toBeNull();
    expect(docs[0].kpis.supervisorUtilisation.mean).toBeGreaterThan(0);
  });
});

describe('null world', () => {
  it('supervisors change neither complaints nor satisfaction (99.9% paired CIs contain 0); in the real world they cut complaints', async () => {
    const set = (n: number, nullWorld: boolean) => ['replications=12', `supervision.supervisors=${n}`, `outcome.nullWorld=${nullWorld}`];
    const none = await run('scenarios/human-only.yaml', set(0, true));
    const three = await run('scenarios/human-only.yaml', set(3, true));
    expect(three.kpis.interventions.mean).toBeGreaterThan(0);
    for (const k of ['complaintRate', 'contactCsat']) {
      expect(contains0(pairedInterval(values(none, k), values(three, k), 0.999)!), k).toBe(true);
    }
    const realNone = await run('scenarios/human-only.yaml', set(0, false));
    const realThree = await run('scenarios/human-only.yaml', set(3, false));
    expect(pairedInterval(values(realNone, 'complaintRate'), values(realThree, 'complaintRate'), 0.999)![1]).toBeLessThan(0);
  }, 300_000);

  it('a bot that keeps no call cannot change the conversion rate (99.9% paired CI contains 0)', async () => {
    const set = ['replications=12', 'outcome.nullWorld=true'];
    const human = await run('scenarios/human-only.yaml', set);
    const bot = await run('scenarios/bot-first.yaml', [...set, 'bot.handoff.contain=[]']);
    expect(bot.kpis.botHangupRate.mean).toBe(0);
    expect(contains0(pairedInterval(values(human, 'conversionRate'), values(bot, 'conversionRate'), 0.999)!)).toBe(true);
  }, 300_000);
});
