import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../bench/commands/options.ts';
import { ConfigFileError } from '../../../bench/config-file.ts';
import { createTaskRunner } from '../../../bench/pool.ts';
import { OUTPUT_FILES, writeSweepOutputs } from '../../../bench/sweep/outputs.ts';
import { runSweep, type Stage } from '../../../bench/sweep/run-sweep.ts';
import { loadSweep } from '../../../bench/sweep/spec.ts';
import { loadScenario } from '../../../scenarios/load.ts';

const FIXTURES = 'test/fixtures/sweeps';
const perfFree = (text: string) => JSON.stringify({ ...JSON.parse(text), perf: null });

async function sweep(file: string, stage: Stage, dir: string) {
  const runner = createTaskRunner(1);
  try {
    const outcome = await runSweep(loadSweep(file), { stage, tasksDir: join(dir, 'tasks'), runner });
    writeSweepOutputs(dir, outcome, { wallSeconds: 0, workers: 1, tasks: outcome.tasks });
    return outcome;
  } finally {
    await runner.close();
  }
}

function outputs(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of OUTPUT_FILES) {
    const text = readFileSync(join(dir, f), 'utf8');
    out[f] = f === 'sweep.json' ? perfFree(text) : text;
  }
  return out;
}

describe('ccsim sweep', () => {
  it('evaluates the valid points, reports invalid ones with their error, confirms the top ones on fresh replications', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccsim-sweep-'));
    const o = await sweep(`${FIXTURES}/tiny.yaml`, 'all', dir);
    expect(o.points).toHaveLength(8);
    expect(o.points.filter((p) => p.error).map((p) => p.index)).toEqual([0, 1]);
    expect(o.points[0].error).toBe('--set agents.0.count=-1: agents[0].count: expected an integer >= 0, found -1');
    expect(o.evaluation[0]).toBeNull();
    expect(o.evaluation[2]!.replications).toEqual([0, 2]);
    const confirmed = o.confirmation!.flatMap((c, i) => (c ? [i] : []));
    const top2 = o.evaluation.flatMap((e, i) => (e?.rank === 1 || e?.rank === 2 ? [i] : []));
    expect(confirmed).toEqual(top2);
    expect(o.confirmation![confirmed[0]]!.replications).toEqual([3, 5]);
    expect(o.confirmation![o.best!]!.rank).toBe(1);
    expect(o.tasks).toEqual({ total: 6 * 3 + 2 * 3, run: 24, reused: 0 });
    expect(readdirSync(join(dir, 'tasks'))).toHaveLength(24);

    // best.yaml is the best point's scenario exactly (so `ccsim run best.yaml` reproduces its evaluation).
    expect(loadScenario(join(dir, 'best.yaml')).hash).toBe(o.points[o.best!].scenarioHash);
    const points = JSON.parse(readFileSync(join(dir, 'points.json'), 'utf8'));
    expect(points[0]).toMatchObject({ point: 0, parameters: { 'agents.0.count': -1, 'inbound.patience.mean': 150 }, evaluation: null });
    expect(points[2].evaluation.kpis.serviceLevel.values).toHaveLength(3);
    const csv = readFileSync(join(dir, 'points.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(9);
    expect(csv[0].split(',').slice(0, 4)).toEqual(['point', 'agents.0.count', 'inbound.patience.mean', 'error']);
    expect(readFileSync(join(dir, 'ranking.md'), 'utf8')).toMatch(/^# Sweep tiny\n/);

    // Run again: everything is reused, nothing runs, the outputs are the same.
    const before = outputs(dir);
    const again = await sweep(`${FIXTURES}/tiny.yaml`, 'all', dir);
    expect(again.tasks).toEqual({ total: 24, run: 0, reused: 24 });
    expect(outputs(dir)).toEqual(before);
  });

  it('gives the same outputs in two stages (evaluate, then confirm) as in one, and confirms only after an evaluation', async () => {
    const oneGo = mkdtempSync(join(tmpdir(), 'ccsim-sweep-'));
    const staged = mkdtempSync(join(tmpdir(), 'ccsim-sweep-'));
    await sweep(`${FIXTURES}/tiny.yaml`, 'all', oneGo);
    await expect(sweep(`${FIXTURES}/tiny.yaml`, 'confirm', staged)).rejects.toThrow(UsageError);
    const evaluated = await sweep(`${FIXTURES}/tiny.yaml`, 'evaluate', staged);
    expect(evaluated.confirmation).toBeNull();
    expect(readdirSync(staged)).not.toContain('best.yaml');
    expect(JSON.parse(readFileSync(join(staged, 'sweep.json'), 'utf8')).stages).toEqual({ evaluate: 'done', confirm: 'pending' });
    const confirmed = await sweep(`${FIXTURES}/tiny.yaml`, 'confirm', staged);
    expect(confirmed.tasks).toEqual({ total: 24, run: 6, reused: 18 });
    expect(outputs(staged)).toEqual(outputs(oneGo));
  });

  it('stops after one task when the objective names no KPI of the results, pointing at the line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccsim-sweep-'));
    const error = await sweep(`${FIXTURES}/bad-kpi.yaml`, 'all', dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigFileError);
    expect((error as Error).message).toMatch(/^test\/fixtures\/sweeps\/bad-kpi\.yaml:5: objective\.kpi: expected a KPI of the results \(offered, .*\), found "servceLevel"$/);
    expect(readdirSync(join(dir, 'tasks'))).toHaveLength(1);
  });

  it('reports a bad sweep file in one line with file, line, field, expected and found', () => {
    expect(() => loadSweep(`${FIXTURES}/bad-field.yaml`)).toThrow(
      'test/fixtures/sweeps/bad-field.yaml:7: constraints[0].judgedOn: expected upper, lower or mean, found "middle"',
    );
    expect(() => loadSweep(`${FIXTURES}/missing.yaml`)).toThrow('test/fixtures/sweeps/missing.yaml: expected a readable sweep file, found no such file');
  });
});
