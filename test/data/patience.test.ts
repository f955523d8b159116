// Patience from censored waits is unbiased where the naive mean of abandoned waits is not: the
// censored estimate is computed on 8 independent histories (records of the Erlang A center,
// exponential patience of mean 180 s, imported as CDRs) and the mean of the 8 estimates is compared
// with the truth through its own Student-t interval; the naive estimate's interval excludes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitInboundPatience } from '../../bench/data/durations-fit.ts';
import { loadHistory } from '../../bench/data/history.ts';
import { parseScenario } from '../../scenarios/load.ts';
import { confidenceInterval, mean } from '../../sim/stats/summary.ts';
import { removeDir, runWithRecords, tempDir } from '../records/helpers.ts';

const REPLICATIONS = 8;
const scenario = parseScenario(
  {
    name: 'patience',
    seed: 21,
    replications: REPLICATIONS,
    horizon: { calls: 6000 },
    inbound: { arrivals: { perHour: 1100 }, handleTime: { dist: 'exponential', mean: 300 }, patience: { dist: 'exponential', mean: 180 } },
    agents: [{ group: 'all', count: 88 }],
  },
  'patience',
);

let dir: string;
const censored: number[] = [];
const naive: number[] = [];

beforeAll(async () => {
  dir = tempDir('patience');
  for (let r = 0; r < REPLICATIONS; r++) runWithRecords(scenario, r, dir, 'inline');
  for (let r = 0; r < REPLICATIONS; r++) {
    const p = fitInboundPatience((await loadHistory(dir, { replication: r })).calls.data)!;
    censored.push(p.exponential.mean.value);
    naive.push(p.naive.mean);
  }
}, 120_000);

afterAll(() => removeDir(dir));

describe('patience from censored waits (acceptance)', () => {
  it('the censored estimate is unbiased: the 99% interval of its mean over 8 histories holds the truth', () => {
    const ci = confidenceInterval(censored, 0.99)!;
    console.log(`censored patience over ${REPLICATIONS} histories: mean ${mean(censored).toFixed(1)} s, 99% [${ci[0].toFixed(1)}, ${ci[1].toFixed(1)}]; truth 180`);
    expect(ci[0]).toBeLessThanOrEqual(180);
    expect(ci[1]).toBeGreaterThanOrEqual(180);
  });

  it('the naive mean of abandoned waits is biased: its 99% interval lies far below the truth', () => {
    const ci = confidenceInterval(naive, 0.99)!;
    console.log(`naive patience over ${REPLICATIONS} histories: mean ${mean(naive).toFixed(1)} s, 99% [${ci[0].toFixed(1)}, ${ci[1].toFixed(1)}]`);
    expect(ci[1]).toBeLessThan(180 / 2);
  });
});
