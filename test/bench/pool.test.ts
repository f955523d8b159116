import { describe, expect, it, vi } from 'vitest';
import { main } from '../../bench/cli.ts';
import { createTaskRunner } from '../../bench/pool.ts';
import { withoutPerf } from '../../bench/results.ts';
import { runScenario, runScenarioOn } from '../../bench/run-scenario.ts';
import { replicationTasks } from '../../bench/tasks.ts';
import { parseScenario, scenarioHash } from '../../scenarios/load.ts';

const scenario = parseScenario(
  {
    name: 'pool-test',
    seed: 11,
    replications: 5,
    horizon: { calls: 6000 },
    warmup: { calls: 300 },
    inbound: {
      arrivals: { perHour: 1140 },
      handleTime: { dist: 'exponential', mean: 300 },
      patience: { dist: 'exponential', mean: 180 },
    },
    agents: [{ group: 'general', count: 100 }],
  },
  'pool-test',
);
const hash = scenarioHash(scenario);
const bytes = (doc: Parameters<typeof withoutPerf>[0]) => JSON.stringify(withoutPerf(doc));

describe('task runners', () => {
  it('give byte-identical results documents (apart from perf) with 1 and 2 workers, and the same as the plain loop', async () => {
    const docs = [];
    for (const workers of [1, 2]) {
      const runner = createTaskRunner(workers);
      try {
        docs.push(await runScenarioOn(runner, scenario, hash));
      } finally {
        await runner.close();
      }
    }
    expect(bytes(docs[1])).toBe(bytes(docs[0]));
    expect(bytes(docs[0])).toBe(bytes(runScenario(scenario, hash)));
  });

  it('return results in task order and report each task once', async () => {
    const runner = createTaskRunner(2);
    try {
      const tasks = replicationTasks(scenario, 3, 4);
      const seen: number[] = [];
      const results = await runner.run(tasks, (i) => seen.push(i));
      expect(results.map((r) => r.replication)).toEqual([3, 4, 5, 6]);
      expect(seen.sort()).toEqual([0, 1, 2, 3]);
    } finally {
      await runner.close();
    }
  });
});

/** Runs the CLI in this process and returns what it printed on stdout. */
async function stdoutOf(args: string[]): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  try {
    expect(await main(args)).toBe(0);
  } finally {
    vi.restoreAllMocks();
  }
  return out;
}

const perfFree = (json: string) => {
  const doc = JSON.parse(json);
  delete doc.perf;
  for (const v of doc.variants ?? []) delete v.perf;
  return JSON.stringify(doc);
};

describe('--workers on the command line', () => {
  const base = 'test/fixtures/sweeps/base.yaml';

  it('run --json prints the same document apart from perf with 1 and 2 workers', async () => {
    const args = ['run', base, '--replications', '4', '--json', '--workers'];
    expect(perfFree(await stdoutOf([...args, '2']))).toBe(perfFree(await stdoutOf([...args, '1'])));
  });

  it('compare --until-halfwidth --json prints the same document apart from perf with 1 and 2 workers', async () => {
    const args = ['compare', base, base, '--set', 'agents.0.count=98', '--until-halfwidth', '50%', '--kpi', 'asa', '--json', '--workers'];
    const one = await stdoutOf([...args, '1']);
    expect(perfFree(await stdoutOf([...args, '2']))).toBe(perfFree(one));
    expect(JSON.parse(one).stopping).toMatchObject({ kpi: 'asa', target: '50%', reached: true });
  });
});
