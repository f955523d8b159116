// Records are deterministic: the same seed gives byte-identical files, whichever thread formats them
// (writer threads or inline) and whatever the number of worker threads running the replications.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ccsim } from '../reports/ccsim.ts';
import { inboundScenario, outboundScenario, removeDir, ROOT, runWithRecords, tempDir } from './helpers.ts';

/** Every file under dir (hidden ones included), relative path -> bytes. */
function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

function expectSameTree(a: string, b: string): void {
  const ta = tree(a);
  const tb = tree(b);
  expect([...tb.keys()]).toEqual([...ta.keys()]);
  for (const [name, bytes] of ta) expect(tb.get(name)!.equals(bytes), `${name} differs`).toBe(true);
}

describe('records are deterministic', () => {
  const dirs: string[] = [];
  const dir = (p: string) => {
    const d = tempDir(p);
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach(removeDir));

  it('same seed, same bytes; writer threads and inline formatting write the same bytes', () => {
    const s = inboundScenario(1);
    const a = dir('det-a');
    const b = dir('det-b');
    const c = dir('det-c');
    runWithRecords(s, 0, a, 'auto');
    runWithRecords(s, 0, b, 'auto');
    runWithRecords(s, 0, c, 'inline');
    expect(readdirSync(a).sort()).toEqual(['agent-states-r0000.ndjson', 'calls-r0000.ndjson', 'runs-r0000.ndjson']);
    expectSameTree(a, b);
    expectSameTree(a, c);
    // A different seed changes the records.
    const d = dir('det-d');
    runWithRecords({ ...s, seed: s.seed + 1 }, 0, d, 'inline');
    expect(readFileSync(join(d, 'calls-r0000.ndjson')).equals(readFileSync(join(a, 'calls-r0000.ndjson')))).toBe(false);
  });

  it('outbound records: the same bytes from writer threads and inline', () => {
    const s = outboundScenario(1);
    const a = dir('det-oa');
    const b = dir('det-ob');
    runWithRecords(s, 0, a, 'auto');
    runWithRecords(s, 0, b, 'inline');
    expectSameTree(a, b);
  });

  describe('ccsim run --records with 1 and 2 worker threads', () => {
    let one: string;
    let two: string;
    beforeAll(async () => {
      one = dir('det-w1');
      two = dir('det-w2');
      const args = ['run', join(ROOT, 'scenarios/routing-weighted.yaml'), '--replications', '3', '--set', 'horizon.hours=1.5', '--json'];
      const r1 = await ccsim(...args, '--workers', '1', '--records', one);
      const r2 = await ccsim(...args, '--workers', '2', '--records', two);
      expect(r1.code).toBe(0);
      expect(r2.code).toBe(0);
      expect(r1.stderr).toContain('records: ');
    });

    it('writes the same files, byte for byte', () => {
      expect(readdirSync(one).sort()).toEqual([
        'agent-states-r0000.ndjson',
        'agent-states-r0001.ndjson',
        'agent-states-r0002.ndjson',
        'calls-r0000.ndjson',
        'calls-r0001.ndjson',
        'calls-r0002.ndjson',
        'manifest.json',
        'runs-r0000.ndjson',
        'runs-r0001.ndjson',
        'runs-r0002.ndjson',
      ]);
      expectSameTree(one, two);
    });

    it('writes NDJSON whose keys are the documented columns', async () => {
      const { CALL_RECORD_COLUMNS, AGENT_STATE_COLUMNS, RUN_COLUMNS } = await import('../../bench/records/schema.ts');
      const check = (file: string, columns: readonly { name: string }[]) => {
        const names = new Set(columns.map((c) => c.name));
        const lines = readFileSync(join(one, file), 'utf8').trimEnd().split('\n');
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) for (const key of Object.keys(JSON.parse(line) as object)) expect(names.has(key), `${file}: ${key}`).toBe(true);
      };
      check('calls-r0001.ndjson', CALL_RECORD_COLUMNS);
      check('agent-states-r0001.ndjson', AGENT_STATE_COLUMNS);
      check('runs-r0001.ndjson', RUN_COLUMNS);
    });
  });
});
