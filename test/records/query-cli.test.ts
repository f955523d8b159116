// `ccsim query`: table, JSON and CSV output, and one-line errors with exit code 2.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ccsim } from '../reports/ccsim.ts';
import { inboundScenario, removeDir, ROOT, runWithRecords, tempDir } from './helpers.ts';

describe('ccsim query', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('query');
    runWithRecords(inboundScenario(1), 0, dir);
  });
  afterAll(() => removeDir(dir));

  const BY_OUTCOME = "SELECT outcome, count(*) AS calls, avg(wait_s) AS mean_wait FROM call_records WHERE kind = 'inbound' GROUP BY outcome ORDER BY outcome";

  it('prints an aligned table, numbers right-aligned', async () => {
    const r = await ccsim('query', BY_OUTCOME, '--records', dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^outcome\s+calls\s+mean_wait$/);
    expect(lines[1]).toMatch(/^-+ +-+ +-+$/);
    expect(lines.slice(2, 5).map((l) => l.split(/\s+/)[0])).toEqual(['abandoned', 'answered', 'blocked']);
    // Columns line up: every row as long as the separator line, numbers flush right.
    for (const l of lines.slice(2, 5)) expect(l.length).toBe(lines[1].length);
    expect(lines.at(-1)).toBe('(3 rows)');
  });

  it('--json: an array of objects, counts as numbers, times as local ISO strings', async () => {
    const r = await ccsim('query', `${BY_OUTCOME.replace(' FROM', ', min(arrival_time) AS first_call FROM')}`, '--records', dir, '--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { outcome: string; calls: unknown; mean_wait: unknown; first_call: unknown }[];
    expect(rows.map((x) => x.outcome)).toEqual(['abandoned', 'answered', 'blocked']);
    for (const row of rows) {
      expect(typeof row.calls).toBe('number');
      expect(typeof row.mean_wait).toBe('number');
      expect(row.first_call).toMatch(/^2026-03-02T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/);
    }
    expect(rows.find((x) => x.outcome === 'blocked')!.mean_wait).toBe(0);
  });

  it('--csv: a header and RFC 4180 quoting', async () => {
    const r = await ccsim('query', `SELECT 'a,b' AS text, 'say "hi"' AS quote, 2 AS n, NULL AS nothing UNION ALL SELECT 'plain', 'x', 3, NULL`, '--records', dir, '--csv');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('text,quote,n,nothing\n"a,b","say ""hi""",2,\nplain,x,3,\n');
  });

  it('queries by local hour: the session time zone is the records\'', async () => {
    const r = await ccsim('query', "SELECT min(hour(arrival_time)) AS h, current_setting('TimeZone') AS tz FROM call_records", '--records', dir, '--json');
    expect(JSON.parse(r.stdout)).toEqual([{ h: 8, tz: 'Europe/London' }]);
  });

  it('bad SQL, a missing folder or a missing --records: one line on stderr, exit code 2', async () => {
    for (const args of [
      ['SELEC 1', '--records', dir],
      ['SELECT no_such_column FROM call_records', '--records', dir],
      ['SELECT 1', '--records', join(dir, 'nowhere')],
      ['SELECT 1'],
      ['SELECT 1', '--records', dir, '--json', '--csv'],
    ]) {
      const r = await ccsim('query', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^ccsim: [^\n]+\n$/);
    }
  });

  it('as a real process: exit code 2 and one line for bad SQL', () => {
    const p = spawnSync(process.execPath, ['bin/ccsim.js', 'query', 'SELECT FROM WHERE', '--records', dir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(p.status).toBe(2);
    expect(p.stdout).toBe('');
    expect(p.stderr).toMatch(/^ccsim: query: Parser Error: [^\n]+\n$/);
  });

  it('--schema prints the documented tables', async () => {
    const r = await ccsim('query', '--schema');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('## call_records');
    expect(r.stdout).toContain('| `script_id` | VARCHAR |');
    expect(r.stdout).toContain('## agent_states');
  });
});
