// `ccsim data check` on a CDR export with planted faults: each fault is found and counted exactly,
// every excluded row is counted under one reason, and the exit code follows the error threshold.
// The clean export comes from ccsim's own records of a small scenario (CSV through DuckDB).
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../bench/cli.ts';
import { checkHistory, type CheckDocument } from '../../bench/data/check.ts';
import { loadHistory } from '../../bench/data/history.ts';
import { parseScenario } from '../../scenarios/load.ts';
import { removeDir, runWithRecords, tempDir } from '../records/helpers.ts';

const scenario = parseScenario(
  {
    name: 'check',
    seed: 11,
    calendar: { start: '2026-03-02T00:00', timeZone: 'Europe/London' },
    horizon: { hours: 48 },
    inbound: {
      arrivals: { profile: [{ from: '08:00', perHour: 90 }, { from: '18:00', perHour: 0 }] },
      talkTime: { dist: 'lognormal', mean: 200, cv: 0.6 },
      wrapTime: { dist: 'gamma', mean: 30, cv: 0.3 },
      patience: { dist: 'exponential', mean: 150 },
    },
    agents: [{ group: 'a', count: 8, shift: { start: '08:00', end: '18:00' } }],
  },
  'check',
);

const COLUMNS = ['record_id', 'kind', 'arrival_time', 'answer_time', 'end_time', 'wait_s', 'talk_s', 'wrap_s', 'outcome', 'agent_id'];

let dir: string;
let header: string;
let clean: string[][];

async function ccsim(...args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((() => true) as typeof process.stderr.write);
  try {
    return { code: await main(args), stdout };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

async function check(rows: string[][], name: string): Promise<CheckDocument> {
  const file = join(dir, name);
  writeFileSync(file, [header, ...rows.map((r) => r.join(','))].join('\n') + '\n');
  return checkHistory(await loadHistory(file, { timeZone: 'Europe/London' }), 0.01);
}

const count = (doc: CheckDocument, code: string) => doc.issues.find((i) => i.code === code)?.count ?? 0;

beforeAll(async () => {
  dir = tempDir('check');
  mkdirSync(join(dir, 'records'));
  runWithRecords(scenario, 0, join(dir, 'records'), 'inline');
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  await c.run("SET TimeZone = 'Europe/London'");
  const src = `read_json('${join(dir, 'records', 'calls-r0000.ndjson')}', format = 'newline_delimited', columns = {record_id: 'VARCHAR', kind: 'VARCHAR', arrival_time: 'VARCHAR', answer_time: 'VARCHAR', end_time: 'VARCHAR', wait_s: 'DOUBLE', talk_s: 'DOUBLE', wrap_s: 'DOUBLE', outcome: 'VARCHAR', agent_id: 'INTEGER', arrival_s: 'DOUBLE'})`;
  await c.run(`COPY (SELECT ${COLUMNS.join(', ')} FROM ${src} ORDER BY arrival_s) TO '${join(dir, 'clean.csv')}' (HEADER)`);
  c.closeSync();
  instance.closeSync();
  const lines = readFileSync(join(dir, 'clean.csv'), 'utf8').trim().split('\n');
  header = lines[0];
  clean = lines.slice(1).map((l) => l.split(','));
}, 60_000);

afterAll(() => removeDir(dir));

describe('data check on planted faults (acceptance)', () => {
  it('finds nothing wrong in the clean export', async () => {
    const doc = await check(clean, 'clean-copy.csv');
    expect(clean.length).toBeGreaterThan(1500);
    expect(doc.calls.rowsExcluded).toBe(0);
    expect(doc.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(count(doc, 'clock-gap')).toBe(0);
    expect(count(doc, 'outlier:talk_s')).toBe(0);
    expect(doc.verdict).toBe('pass');
  });

  it('reports each planted fault with its exact count', async () => {
    const col = (name: string) => COLUMNS.indexOf(name);
    const rows = clean.map((r) => [...r]);
    // A clock gap: every arrival on the second day between 10:00 and 12:00 removed.
    const inGap = (r: string[]) => /^2026-03-03T1[01]:/.test(r[col('arrival_time')]);
    const answered = rows.map((r, i) => (r[col('outcome')] === 'answered' && !inGap(r) ? i : -1)).filter((i) => i >= 0);
    const earlier = (text: string, hours: number) => text.replace(/T(\d{2}):/, (_m, h: string) => `T${String(Number(h) - hours).padStart(2, '0')}:`);
    const used = new Set<number>();
    // Planted faults, each on its own rows: [code, how many, what to do to a row].
    const plants: [string, number, (r: string[]) => void][] = [
      ['missing:arrival_time', 3, (r) => (r[col('arrival_time')] = '')],
      ['unparsable:arrival_time', 2, (r) => (r[col('arrival_time')] = 'yesterday at noon')],
      ['missing:outcome', 2, (r) => (r[col('outcome')] = '')],
      ['unparsable:outcome', 4, (r) => (r[col('outcome')] = 'transferred')],
      ['unparsable:talk_s', 2, (r) => (r[col('talk_s')] = 'abc')],
      ['negative:talk_s', 5, (r) => (r[col('talk_s')] = '-12.5')],
      ['impossible:wait_s', 3, (r) => (r[col('wait_s')] = '90000')],
      ['order:answer_time', 3, (r) => (r[col('answer_time')] = earlier(r[col('arrival_time')], 1))],
      ['order:end_time', 2, (r) => (r[col('end_time')] = earlier(r[col('arrival_time')], 2))],
      ['outlier:talk_s', 3, (r) => (r[col('talk_s')] = '50000')],
    ];
    let next = 10;
    for (const [, n, plant] of plants) {
      for (let j = 0; j < n; j++) {
        while (used.has(answered[next])) next++;
        const i = answered[next];
        used.add(i);
        plant(rows[i]);
        next += 37;
      }
    }
    // Duplicates: 4 rows (outside the gap) copied again at the end, same record_id.
    const duplicates = [1, 100, 200, 300].map((i) => [...clean[i]]);
    expect(duplicates.some(inGap)).toBe(false);
    const removed = rows.filter(inGap).length;
    const faulty = [...rows.filter((r) => !inGap(r)), ...duplicates];
    expect(removed).toBeGreaterThan(100);
    const doc = await check(faulty, 'faulty.csv');
    for (const [code, n] of plants) expect(count(doc, code), code).toBe(n);
    expect(count(doc, 'duplicate')).toBe(4);
    expect(count(doc, 'clock-gap')).toBe(1);
    expect(doc.issues.find((i) => i.code === 'clock-gap')!.examples[0].row).toBe('2026-03-03 10:00-12:00');
    // Every excluded row is counted once, under one reason.
    const errors = doc.issues.filter((i) => i.severity === 'error').reduce((s, i) => s + i.count, 0);
    expect(doc.calls.rowsExcluded).toBe(errors);
    expect(errors).toBe(plants.filter(([code]) => !code.startsWith('outlier')).reduce((s, [, n]) => s + n, 0) + 4);
    // Examples name the rows (record ids) and what was found.
    expect(doc.issues.find((i) => i.code === 'unparsable:outcome')!.examples[0].found).toBe('transferred');
  });

  it('exits 1 when the excluded share exceeds the threshold, 0 under a looser one, 2 for a missing column', async () => {
    const rows = clean.map((r) => [...r]);
    for (let i = 0; i < 40; i++) rows[i * 10][COLUMNS.indexOf('talk_s')] = '-1';
    const file = join(dir, 'many-errors.csv');
    writeFileSync(file, [header, ...rows.map((r) => r.join(','))].join('\n') + '\n');
    const strict = await ccsim('data', 'check', file, '--time-zone', 'Europe/London');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/ERROR +negative:talk_s: 40 rows/);
    expect(strict.stdout).toMatch(/FAIL \(exit code 1\)/);
    const loose = await ccsim('data', 'check', file, '--time-zone', 'Europe/London', '--max-errors', '0.05', '--json');
    expect(loose.code).toBe(0);
    expect((JSON.parse(loose.stdout) as CheckDocument).verdict).toBe('pass');
    const renamed = join(dir, 'renamed.csv');
    writeFileSync(renamed, [header.replace('arrival_time', 'StartTime'), ...clean.map((r) => r.join(','))].join('\n') + '\n');
    expect((await ccsim('data', 'check', renamed)).code).toBe(2);
    const mapped = await ccsim('data', 'check', renamed, '--map', 'arrival_time=StartTime', '--time-zone', 'Europe/London', '--json');
    expect(mapped.code).toBe(0);
    expect((JSON.parse(mapped.stdout) as CheckDocument).calls.rowsKept).toBe(clean.length);
  });
});
