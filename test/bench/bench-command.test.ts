/**
 * `ccsim bench` end to end, KPIs only (--no-speed): deterministic, no timing. The shipped suite
 * passes against the shipped baseline; a variant with fewer agents fails against it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../bench/cli.ts';
import { loadSuite } from '../../bench/suite-spec.ts';

async function ccsim(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('ccsim bench --no-speed', () => {
  it('passes with the shipped suite against the shipped baseline', async () => {
    const md = join(mkdtempSync(join(tmpdir(), 'ccsim-bench-')), 'summary.md');
    const r = await ccsim(['bench', '--no-speed', '--json', '--markdown', md]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.verdict.pass).toBe(true);
    expect(doc.verdict.checks.filter((c: { subject: string }) => c.subject !== 'speed').every((c: { outcome: string }) => c.outcome === 'ok')).toBe(true);
    expect(doc.scenarios.every((s: { speed: unknown }) => s.speed === null)).toBe(true);
    expect(readFileSync(md, 'utf8')).toMatch(/^## ccsim bench: PASS/);
  });

  it('fails with exit code 1, naming each regression, for the Erlang A center with three agents fewer', async () => {
    const r = await ccsim(['bench', '--suite', 'test/fixtures/bench/fewer-agents.yaml', '--baseline', 'bench/baseline.json', '--no-speed']);
    expect(r.code).toBe(1);
    const named = r.stderr.trim().split('\n').map((l) => l.split(': ').slice(0, 4).join(': '));
    expect(named).toEqual([
      'ccsim bench: regression: erlang-a: abandonRate',
      'ccsim bench: regression: erlang-a: serviceLevel',
      'ccsim bench: regression: erlang-a: asa',
      'ccsim bench: regression: erlang-a: answered',
    ]);
    expect(r.stdout).toMatch(/## ccsim bench: FAIL \(4 regressions\)/);
  });

  it('rejects a suite file with a problem in one line (exit 2)', async () => {
    const r = await ccsim(['bench', '--suite', 'test/fixtures/bench/missing.yaml', '--no-speed']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ccsim: test/fixtures/bench/missing.yaml: expected a readable bench suite file, found no such file\n');
  });

  it('takes KPI directions from the KPI definitions, and asks for one where there is none', () => {
    expect(loadSuite('bench/suite.yaml').scenarios[0].kpis[0]).toEqual({ kpi: 'abandonRate', better: 'lower' });
    expect(() => loadSuite('test/fixtures/bench/no-direction.yaml')).toThrow(
      'test/fixtures/bench/no-direction.yaml:4: scenarios[0].kpis[1]: expected a KPI with a better direction, or { kpi, better: higher|lower }, found "offered"',
    );
  });
});
